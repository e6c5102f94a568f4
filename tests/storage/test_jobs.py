"""The job board's storage as a contract, on SQLite and PostgreSQL.

Effects applied as the runner applies them; reads as flows get them. Officer effects are
scoped to the village acted for and a publishing role there (forged ones change nothing),
residents' effects to their own rows and kabupaten, a notice past its deadline counts closed,
publishing to 5,000 subscribers queues 5,000 deliveries through the engine (quiet hours kept,
muted people left out), and the office's views show counts and recruiters, no personal data.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.effects import Effect
from flows.jobs import (
    InterestRegistered,
    InterestWithdrawn,
    JobQueries,
    NoticeClosed,
    NoticeEdited,
    NoticePublished,
    OfferAnswered,
    OfferSubmitted,
    SubscriptionAdded,
    SubscriptionRemoved,
)
from storage.capabilities.jobs import JobNotice, JobOffer, JobSubscription
from storage.db import create_engine
from storage.delivery_models import Delivery
from storage.migrate import upgrade
from storage.models import AuditEntry, Officer, Resident, Village, utcnow
from storage.unit_of_work import SqlUnitOfWork

KENANGA, KURIPAN, WONOSOBO = "3212010001", "3212020002", "3307010003"


async def _apply(engine: AsyncEngine, person_id: int, *effects: Effect) -> None:
    async with SqlUnitOfWork(engine) as uow:
        for effect in effects:
            await uow.apply(person_id, effect)
        await uow.commit()


@asynccontextmanager
async def _reads(engine: AsyncEngine) -> AsyncIterator[JobQueries]:
    async with SqlUnitOfWork(engine) as uow:
        yield cast(JobQueries, uow.queries.of("jobs"))


async def _world(engine: AsyncEngine) -> dict[str, int]:
    """Three villages (two in one kabupaten), a desk officer, staff, and residents."""
    now = utcnow()
    ids: dict[str, int] = {}
    async with engine.begin() as conn:
        for code, name in (
            (KENANGA, "Desa Kenanga"),
            (KURIPAN, "Desa Kuripan"),
            (WONOSOBO, "Desa Kalibeber"),
        ):
            ids[code] = (
                await conn.execute(
                    insert(Village).values(code=code, name=name, timezone="Asia/Jakarta",
                                           created_at=now).returning(Village.id)
                )
            ).scalar_one()  # fmt: skip
        for account, village, role in (
            ("101", KENANGA, "desk_officer"),
            ("102", KENANGA, "village_staff"),
            ("200", KURIPAN, "desk_officer"),
        ):
            await conn.execute(insert(Officer).values(
                channel="telegram", external_id=account, village_id=ids[village], role=role,
                active=True, created_at=now))  # fmt: skip
        for key, village in (("r1", KENANGA), ("r2", KURIPAN), ("far", WONOSOBO)):
            ids[key] = (
                await conn.execute(
                    insert(Resident).values(
                        channel="telegram", external_id=key, chat_id=key, display_name=key,
                        village_id=ids[village], status="active", created_at=now,
                        last_seen_at=now, announcements_muted=False,
                    ).returning(Resident.id)
                )
            ).scalar_one()  # fmt: skip
    return ids


def _published(account: str = "101", village: str = KENANGA, **more: Any) -> NoticePublished:
    values: dict[str, Any] = {
        "officer_channel": "telegram", "officer_account": account, "village_code": village,
        "reference": "LOK-000001", "country": "TW", "sector": "care",
        "job_title": "Caregiver", "employer_type": "company", "openings": 10,
        "requirements": "Usia 21-35", "salary_amount": 20000, "salary_currency": "NT$",
        "agency_name": "PT Sinar Bahari Mandiri", "agency_licence": "SIP2MI 2/1234/2024",
        "cost_to_worker": "Tanpa biaya", "deadline": utcnow() + timedelta(days=30),
        "apply_via": "disnaker", "texts": {"id": "Lowongan baru", "en": "New job notice"},
    }  # fmt: skip
    values.update(more)
    return NoticePublished(**values)


async def _count(engine: AsyncEngine, query: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(query)).scalar_one())


async def test_publishing_tells_subscribers_of_the_kabupaten_only(engine: AsyncEngine) -> None:
    ids = await _world(engine)
    await _apply(engine, ids["r1"], SubscriptionAdded("country", "TW"))
    await _apply(engine, ids["r2"], SubscriptionAdded("sector", "care"))
    await _apply(engine, ids["r2"], SubscriptionAdded("country", "TW"))  # once per person
    await _apply(engine, ids["far"], SubscriptionAdded("country", "TW"))
    await _apply(engine, 0, _published())
    async with engine.connect() as conn:
        rows = (
            await conn.execute(select(Delivery.resident_id, Delivery.kind).order_by(Delivery.id))
        ).all()
        (notified,) = (await conn.execute(select(JobNotice.notified))).one()
        audited = (await conn.execute(select(AuditEntry.action))).scalars().all()
    assert sorted(r.resident_id for r in rows) == sorted([ids["r1"], ids["r2"]])
    assert notified == 2 and "jobs.notice_published" in audited
    async with _reads(engine) as reads:
        page, total = await reads.open_notices(
            KENANGA[:4], utcnow(), country="TW", sector=None, offset=0, limit=4
        )
        assert total == 1 and page[0].agency_licence == "SIP2MI 2/1234/2024"
        assert await reads.known_agencies(KENANGA[:4]) == ["PT Sinar Bahari Mandiri"]
        assert (await reads.open_notices(WONOSOBO[:4], utcnow(), country=None, sector=None,
                                         offset=0, limit=4))[1] == 0  # fmt: skip


async def test_forged_officer_effects_change_nothing(engine: AsyncEngine) -> None:
    ids = await _world(engine)
    await _apply(engine, 0, _published(account="102"))  # village staff may not publish
    await _apply(engine, 0, _published(account="200"))  # Kuripan's officer acting for Kenanga
    assert await _count(engine, select(func.count()).select_from(JobNotice)) == 0
    await _apply(engine, 0, _published())
    async with engine.connect() as conn:
        notice_id = (await conn.execute(select(JobNotice.id))).scalar_one()
    other = ("telegram", "200", KURIPAN, notice_id)
    await _apply(engine, 0, NoticeClosed(*other, "withdrawn", "forged"))
    await _apply(engine, 0, NoticeEdited(*other, "openings", "99"))
    staff = ("telegram", "102", KENANGA, notice_id)
    await _apply(engine, 0, NoticeClosed(*staff, "closed", "forged"))
    async with engine.connect() as conn:
        row = (await conn.execute(select(JobNotice.status, JobNotice.openings))).one()
    assert row == ("open", 10)
    await _apply(engine, ids["r1"], OfferSubmitted(
        "CEK-1", KENANGA, "tawaran", "", False, ("urgency",), (), (), ()))  # fmt: skip
    await _apply(engine, ids["r1"], OfferSubmitted(
        "CEK-2", KURIPAN, "not my village", "", False, (), (), (), ()))  # fmt: skip
    async with engine.connect() as conn:
        offer_id = (await conn.execute(select(JobOffer.id))).scalar_one()
    await _apply(engine, 0, OfferAnswered("telegram", "200", KURIPAN, offer_id, "legitimate",
                                          "forged", "forged"))  # fmt: skip
    async with engine.connect() as conn:
        assert (await conn.execute(select(JobOffer.status))).scalars().all() == ["new"]
    await _apply(engine, 0, OfferAnswered("telegram", "101", KENANGA, offer_id, "illegal",
                                          "Calo", "Ilegal: calo"))  # fmt: skip
    async with engine.connect() as conn:
        offer = (await conn.execute(select(JobOffer.status, JobOffer.verdict))).one()
        sent = (await conn.execute(select(Delivery.kind, Delivery.resident_id))).all()
    assert offer == ("answered", "illegal")
    assert ("job_offer_verdict", ids["r1"]) in sent


async def test_interest_is_own_kabupaten_only_and_closes_with_the_deadline(
    engine: AsyncEngine,
) -> None:
    ids = await _world(engine)
    await _apply(engine, 0, _published())
    async with engine.connect() as conn:
        notice_id = (await conn.execute(select(JobNotice.id))).scalar_one()
    await _apply(engine, ids["far"], InterestRegistered(notice_id))  # another kabupaten
    await _apply(engine, ids["r2"], InterestRegistered(notice_id))
    await _apply(engine, ids["r1"], InterestRegistered(notice_id))
    await _apply(engine, ids["r1"], InterestWithdrawn(notice_id))
    async with _reads(engine) as reads:
        people = await reads.interested(KENANGA, notice_id)
        assert [p.name for p in people] == ["r2"] and people[0].village_name == "Desa Kuripan"
        assert await reads.interested(KURIPAN, notice_id) == []  # another village's desk
    async with engine.begin() as conn:
        await conn.execute(update(JobNotice).values(deadline=utcnow() - timedelta(minutes=1)))
    async with _reads(engine) as reads:
        notice = await reads.notice(notice_id, utcnow())
        assert notice is not None and notice.status == "closed"
        assert notice.status_reason == "deadline passed"
    await _apply(engine, ids["r1"], InterestRegistered(notice_id))  # too late
    await _apply(engine, ids["r1"], SubscriptionAdded("sector", "care"))
    await _apply(engine, ids["r1"], SubscriptionRemoved("sector", "care"))
    async with _reads(engine) as reads:
        assert await reads.my_interests(ids["r1"]) == frozenset()
        assert await reads.subscriptions(ids["r1"]) == []
    await _apply(engine, 0, _published(reference="LOK-000002"))  # the next write marks it
    async with engine.connect() as conn:
        statuses = (await conn.execute(select(JobNotice.status).order_by(JobNotice.id))).all()
    assert [s for (s,) in statuses] == ["closed", "open"]


async def test_five_thousand_subscribers_go_through_the_delivery_engine(
    engine: AsyncEngine,
) -> None:
    ids = await _world(engine)
    now = utcnow()
    people = [
        {"channel": "telegram", "external_id": f"s{n}", "chat_id": f"s{n}", "display_name": "",
         "village_id": ids[KENANGA] if n % 2 else ids[KURIPAN], "status": "active",
         "created_at": now, "last_seen_at": now, "announcements_muted": n % 1000 == 0,
         "timezone": "Asia/Taipei" if n % 5 == 0 else None}
        for n in range(5_010)
    ]  # fmt: skip
    async with engine.begin() as conn:
        made = (await conn.execute(insert(Resident).returning(Resident.id), people)).scalars().all()
        await conn.execute(
            insert(JobSubscription),
            [{"resident_id": r, "kind": "country", "value": "TW", "created_at": now}
             for r in made],
        )  # fmt: skip
    await _apply(engine, 0, _published())
    muted = sum(1 for n in range(5_010) if n % 1000 == 0)
    queued = await _count(engine, select(func.count()).select_from(Delivery))
    assert queued == 5_010 - muted
    async with engine.connect() as conn:
        statuses = set((await conn.execute(select(Delivery.status))).scalars().all())
        zones = set((await conn.execute(select(Delivery.timezone))).scalars().all())
    assert statuses == {"pending"} and zones == {"Asia/Jakarta", "Asia/Taipei"}


async def test_office_views_count_notices_and_show_suspicious_recruiters(empty_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    try:
        ids = await _world(engine)
        await _apply(engine, 0, _published())
        async with engine.connect() as conn:
            notice_id = (await conn.execute(select(JobNotice.id))).scalar_one()
        await _apply(engine, ids["r1"], InterestRegistered(notice_id))
        await _apply(engine, ids["r1"], OfferSubmitted(
            "CEK-9", KENANGA, "rahasia pribadi", "", True, ("upfront_fee",),
            ("pt maju jaya",), ("MY",), ("081234567890",)))  # fmt: skip
        month = datetime.now(UTC).strftime("%Y-%m")
        async with engine.connect() as conn:
            per_month = (
                await conn.execute(text(
                    "SELECT village_code, country, sector, month, notices, openings, still_open, "
                    "interested FROM office_job_notices_per_month"))
            ).all()  # fmt: skip
            interests = (
                await conn.execute(text(
                    "SELECT country, interests FROM office_job_interests_per_month"))
            ).all()  # fmt: skip
            offers = await conn.execute(text("SELECT * FROM office_suspicious_job_offers"))
            columns, rows = list(offers.keys()), offers.all()
        assert [tuple(r) for r in per_month] == [(KENANGA, "TW", "care", month, 1, 10, 1, 1)]
        assert [tuple(r) for r in interests] == [("TW", 1)]
        assert len(rows) == 1 and "081234567890" in str(rows[0]) and "pt maju jaya" in str(rows[0])
        assert "text" not in columns and "resident_id" not in columns
        assert "rahasia" not in str(rows[0])
    finally:
        await engine.dispose()
