"""Storage of the job board: notices, interests, subscriptions and checked offers.

Every officer statement is scoped in SQL to the village acted for and to an officer row that
may publish there (a desk officer or coordinator of the village, or the kabupaten's district
admin): a forged button or a guessed id changes nothing; the effect is logged and ignored.
Residents' writes only touch their own rows and notices of their own kabupaten. Everything
residents are told (new notices for their subscriptions, a withdrawn notice, the desk's
message, a verdict) is queued through the delivery engine in the same transaction, so quiet
hours, mutes and pacing apply as for announcements. A notice past its deadline closes by
itself: reads count it closed at once, and the next write marks it so.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, distinct, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.i18n import LOCALE_NAMES, resolve_locale
from flows.jobs import (
    InterestedMessaged,
    InterestRegistered,
    InterestWithdrawn,
    NoticeClosed,
    NoticeEdited,
    NoticePublished,
    OfferAnswered,
    OfferSubmitted,
    SubscriptionAdded,
    SubscriptionRemoved,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.deliveries import Recipient, enqueue_deliveries
from storage.job_models import JobInterest, JobNotice, JobOffer, JobSubscription
from storage.job_queries import SqlJobQueries, district_of
from storage.job_seed import seed_jobs
from storage.models import Officer, Resident, Village, table_of, utcnow, village_id_of

__all__ = [
    "INTERESTED_KIND",
    "NOTICE_KIND",
    "STORAGE",
    "VERDICT_KIND",
    "JobInterest",
    "JobNotice",
    "JobOffer",
    "JobSubscription",
    "close_expired",
]

log = logging.getLogger(__name__)

notices = table_of(JobNotice)
interests = table_of(JobInterest)
subscriptions = table_of(JobSubscription)
offers = table_of(JobOffer)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

#: Deliveries this module queues.
NOTICE_KIND = "job_notice"  # a new notice, to subscribers
INTERESTED_KIND = "job_interested"  # the desk's message or a withdrawal, to interested people
VERDICT_KIND = "job_offer_verdict"  # the desk's verdict on a checked offer
PUSH_CHANNELS = ("telegram",)
PUBLISHING_ROLES = ("coordinator", "desk_officer")


async def close_expired(conn: AsyncConnection, now: datetime) -> int:
    """Mark open notices past their deadline closed ('deadline passed'); returns how many."""
    done = await conn.execute(
        update(notices)
        .where(notices.c.status == "open", notices.c.deadline < now)
        .values(status="closed", status_reason="deadline passed", closed_at=now, updated_at=now)
    )
    return int(done.rowcount)


async def _officer_id(conn: AsyncConnection, effect: Any) -> int | None:
    """The officer row through which this account publishes for that village, if any."""
    code = effect.village_code
    in_village = (officers.c.village_id == village_id_of(code)) & officers.c.role.in_(
        PUBLISHING_ROLES
    )
    in_district = (officers.c.district_code == code[:4]) & (officers.c.role == "district_admin")
    row = (
        await conn.execute(
            select(officers.c.id)
            .where(
                officers.c.channel == effect.officer_channel,
                officers.c.external_id == effect.officer_account,
                officers.c.active.is_(True),
                or_(in_village, in_district),
            )
            .order_by(officers.c.id)
            .limit(1)
        )
    ).first()
    return int(row.id) if row is not None else None


def _recipient_columns() -> list[Any]:
    return [
        residents.c.id,
        residents.c.channel,
        residents.c.chat_id,
        residents.c.locale,
        residents.c.language_code,
        func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
    ]


def _reachable() -> list[Any]:
    return [
        residents.c.status == "active",
        residents.c.announcements_muted.is_(False),
        residents.c.channel.in_(PUSH_CHANNELS),
    ]


async def _queue_by_locale(
    conn: AsyncConnection,
    rows: list[Any],
    *,
    kind: str,
    source_id: int,
    texts: Mapping[str, str],
    attachment: dict[str, str] | None = None,
    urgent: bool = False,
) -> int:
    """One delivery per person, in their language (Indonesian when theirs has no text)."""
    by_locale: dict[str, list[Recipient]] = {}
    for row in rows:
        locale = resolve_locale(row.locale, row.language_code, LOCALE_NAMES, "id")
        chosen = locale if locale in texts else "id"
        by_locale.setdefault(chosen, []).append(
            Recipient(row.id, row.channel, row.chat_id, row.timezone)
        )
    queued = 0
    for locale, people in by_locale.items():
        payload: dict[str, Any] = {"text": texts.get(locale) or next(iter(texts.values()))}
        if attachment:
            payload["attachment"] = attachment
        queued += await enqueue_deliveries(
            conn,
            kind=kind,
            source_id=source_id,
            recipients=people,
            payload=payload,
            send_at=utcnow(),
            urgent=urgent,
        )
    return queued


async def _published(conn: AsyncConnection, person_id: int, effect: NoticePublished) -> None:
    officer = await _officer_id(conn, effect)
    if officer is None:
        log.warning("notice %s ignored: no publishing role in that village", effect.reference)
        return
    now = utcnow()
    notice_id = (
        await conn.execute(
            insert(notices)
            .values(
                reference=effect.reference, village_id=village_id_of(effect.village_code),
                officer_id=officer, country=effect.country, sector=effect.sector,
                job_title=effect.job_title, employer_type=effect.employer_type,
                openings=effect.openings, requirements=effect.requirements,
                salary_amount=effect.salary_amount, salary_currency=effect.salary_currency,
                agency_name=effect.agency_name, agency_licence=effect.agency_licence,
                cost_to_worker=effect.cost_to_worker, deadline=effect.deadline,
                apply_via=effect.apply_via, apply_details=effect.apply_details,
                poster_file_id=effect.poster_file_id, status="open", status_reason="",
                notified=0, published_at=now, updated_at=now,
            )
            .returning(notices.c.id)
        )
    ).scalar_one()  # fmt: skip
    matching = or_(
        and_(subscriptions.c.kind == "country", subscriptions.c.value == effect.country),
        and_(subscriptions.c.kind == "sector", subscriptions.c.value == effect.sector),
    )
    subscribed = select(distinct(subscriptions.c.resident_id)).where(matching)
    rows = (
        await conn.execute(
            select(*_recipient_columns())
            .select_from(residents.join(villages, villages.c.id == residents.c.village_id))
            .where(
                villages.c.code.like(f"{district_of(effect.village_code)}%"),
                residents.c.id.in_(subscribed),
                *_reachable(),
            )
        )
    ).all()
    poster = {"kind": "photo", "file_id": effect.poster_file_id} if effect.poster_file_id else None
    queued = 0
    if rows and effect.texts:
        queued = await _queue_by_locale(
            conn, list(rows), kind=NOTICE_KIND, source_id=notice_id, texts=effect.texts,
            attachment=poster,
        )  # fmt: skip
    await conn.execute(update(notices).where(notices.c.id == notice_id).values(notified=queued))
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.notice_published",
        ("job_notice", str(notice_id)), {"reference": effect.reference, "notified": queued},
    )  # fmt: skip
    await close_expired(conn, now)


async def _village_notice(conn: AsyncConnection, effect: Any) -> Any:
    """The notice if it belongs to the village acted for and the officer may act there."""
    await close_expired(conn, utcnow())
    officer = await _officer_id(conn, effect)
    row = (
        await conn.execute(
            select(notices)
            .where(
                notices.c.id == effect.notice_id,
                notices.c.village_id == village_id_of(effect.village_code),
            )
            .with_for_update()
        )
    ).first()
    if officer is None or row is None:
        log.warning(
            "%s on notice %d ignored: not that village's, or no publishing role there",
            type(effect).__name__,
            effect.notice_id,
        )
        return None
    return row


_EDIT_COLUMNS = {
    "requirements": "requirements",
    "cost": "cost_to_worker",
    "apply_details": "apply_details",
}


async def _edited(conn: AsyncConnection, person_id: int, effect: NoticeEdited) -> None:
    row = await _village_notice(conn, effect)
    if row is None or row.status != "open":
        return
    values: dict[str, Any] = {"updated_at": utcnow()}
    try:
        if effect.field in _EDIT_COLUMNS:
            values[_EDIT_COLUMNS[effect.field]] = effect.value[:3000]
        elif effect.field == "openings":
            values["openings"] = max(1, int(effect.value))
        elif effect.field == "salary":
            amount, _, currency = effect.value.partition(" ")
            values["salary_amount"], values["salary_currency"] = int(amount), currency[:10]
        elif effect.field == "deadline":
            values["deadline"] = datetime.fromisoformat(effect.value)
        else:
            raise ValueError(effect.field)
    except ValueError:
        log.warning("notice %d: edit of %r ignored (bad value)", row.id, effect.field)
        return
    await conn.execute(update(notices).where(notices.c.id == row.id).values(**values))
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.notice_edited",
        ("job_notice", str(row.id)), {"field": effect.field},
    )  # fmt: skip


async def _interested_rows(conn: AsyncConnection, notice_id: int) -> list[Any]:
    return list(
        (
            await conn.execute(
                select(*_recipient_columns())
                .select_from(
                    interests.join(residents, residents.c.id == interests.c.resident_id).outerjoin(
                        villages, villages.c.id == residents.c.village_id
                    )
                )
                .where(
                    interests.c.notice_id == notice_id,
                    interests.c.status == "interested",
                    residents.c.status == "active",
                    residents.c.channel.in_(PUSH_CHANNELS),
                )
            )
        ).all()
    )


async def _closed(conn: AsyncConnection, person_id: int, effect: NoticeClosed) -> None:
    row = await _village_notice(conn, effect)
    if row is None or row.status == "withdrawn":
        return
    now = utcnow()
    await conn.execute(
        update(notices)
        .where(notices.c.id == row.id)
        .values(status=effect.status, status_reason=effect.reason[:2000], closed_at=now,
                updated_at=now)
    )  # fmt: skip
    if effect.texts:
        people = await _interested_rows(conn, row.id)
        await _queue_by_locale(
            conn, people, kind=INTERESTED_KIND, source_id=row.id, texts=effect.texts
        )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, f"jobs.notice_{effect.status}",
        ("job_notice", str(row.id)), {"reason": effect.reason[:200]},
    )  # fmt: skip


async def _messaged(conn: AsyncConnection, person_id: int, effect: InterestedMessaged) -> None:
    row = await _village_notice(conn, effect)
    if row is None or not effect.text.strip():
        return
    people = await _interested_rows(conn, row.id)
    text = f"{row.reference} · {row.job_title}\n\n{effect.text[:3000]}"
    sent = await _queue_by_locale(
        conn, people, kind=INTERESTED_KIND, source_id=row.id, texts={"id": text}
    )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.interested_messaged",
        ("job_notice", str(row.id)), {"recipients": sent},
    )  # fmt: skip


async def _visible_notice(conn: AsyncConnection, person_id: int, notice_id: int) -> Any:
    """The notice if it is open and of the person's own kabupaten, else None."""
    now = utcnow()
    person_village = (
        select(villages.c.code)
        .select_from(residents.join(villages, villages.c.id == residents.c.village_id))
        .where(residents.c.id == person_id)
        .scalar_subquery()
    )
    return (
        await conn.execute(
            select(notices.c.id)
            .select_from(notices.join(villages, villages.c.id == notices.c.village_id))
            .where(
                notices.c.id == notice_id,
                notices.c.status == "open",
                notices.c.deadline >= now,
                func.substr(villages.c.code, 1, 4) == func.substr(person_village, 1, 4),
            )
        )
    ).first()


async def _interest(conn: AsyncConnection, person_id: int, effect: InterestRegistered) -> None:
    if await _visible_notice(conn, person_id, effect.notice_id) is None:
        log.warning("resident %d: interest in notice %d ignored", person_id, effect.notice_id)
        return
    now = utcnow()
    existing = (
        await conn.execute(
            select(interests.c.id).where(
                interests.c.notice_id == effect.notice_id, interests.c.resident_id == person_id
            )
        )
    ).first()
    if existing is None:
        await conn.execute(
            insert(interests).values(
                notice_id=effect.notice_id, resident_id=person_id, status="interested",
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
    else:
        await conn.execute(
            update(interests)
            .where(interests.c.id == existing.id)
            .values(status="interested", updated_at=now)
        )


async def _uninterest(conn: AsyncConnection, person_id: int, effect: InterestWithdrawn) -> None:
    await conn.execute(
        update(interests)
        .where(interests.c.notice_id == effect.notice_id, interests.c.resident_id == person_id)
        .values(status="withdrawn", updated_at=utcnow())
    )


async def _subscribed(conn: AsyncConnection, person_id: int, effect: SubscriptionAdded) -> None:
    found = (
        await conn.execute(
            select(subscriptions.c.id).where(
                subscriptions.c.resident_id == person_id,
                subscriptions.c.kind == effect.kind,
                subscriptions.c.value == effect.value,
            )
        )
    ).first()
    if found is None:
        await conn.execute(
            insert(subscriptions).values(
                resident_id=person_id, kind=effect.kind, value=effect.value[:20],
                created_at=utcnow(),
            )
        )  # fmt: skip


async def _unsubscribed(conn: AsyncConnection, person_id: int, effect: SubscriptionRemoved) -> None:
    await conn.execute(
        subscriptions.delete().where(
            subscriptions.c.resident_id == person_id,
            subscriptions.c.kind == effect.kind,
            subscriptions.c.value == effect.value,
        )
    )


async def _offer(conn: AsyncConnection, person_id: int, effect: OfferSubmitted) -> None:
    own = (
        await conn.execute(
            select(residents.c.id)
            .select_from(residents.join(villages, villages.c.id == residents.c.village_id))
            .where(residents.c.id == person_id, villages.c.code == effect.village_code)
        )
    ).first()
    if own is None:
        log.warning("resident %d: offer for a village not theirs ignored", person_id)
        return
    await conn.execute(
        insert(offers).values(
            reference=effect.reference, village_id=village_id_of(effect.village_code),
            resident_id=person_id, text=effect.text[:6000], photo_file_id=effect.photo_file_id,
            forwarded=effect.forwarded, flags=list(effect.flags), agencies=list(effect.agencies),
            countries=list(effect.countries), recruiter_contacts=list(effect.contacts),
            status="new", verdict=None, verdict_note="", created_at=utcnow(),
        )
    )  # fmt: skip


async def _answered(conn: AsyncConnection, person_id: int, effect: OfferAnswered) -> None:
    officer = await _officer_id(conn, effect)
    row = (
        await conn.execute(
            select(offers)
            .where(
                offers.c.id == effect.offer_id,
                offers.c.village_id == village_id_of(effect.village_code),
            )
            .with_for_update()
        )
    ).first()
    if officer is None or row is None:
        log.warning("verdict on offer %d ignored: not that village's", effect.offer_id)
        return
    now = utcnow()
    await conn.execute(
        update(offers)
        .where(offers.c.id == row.id)
        .values(status="answered", verdict=effect.verdict, verdict_note=effect.note[:3000],
                officer_id=officer, answered_at=now)
    )  # fmt: skip
    if row.resident_id is not None and effect.notice.strip():
        people = (
            await conn.execute(
                select(*_recipient_columns())
                .select_from(residents.outerjoin(villages, villages.c.id == residents.c.village_id))
                .where(
                    residents.c.id == row.resident_id,
                    residents.c.status == "active",
                    residents.c.channel.in_(PUSH_CHANNELS),
                )
            )
        ).all()
        for person in people:
            await enqueue_deliveries(
                conn,
                kind=VERDICT_KIND,
                source_id=row.id,
                recipients=[Recipient(person.id, person.channel, person.chat_id, person.timezone)],
                payload={"text": effect.notice},
                send_at=now,
                urgent=False,
            )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.offer_answered",
        ("job_offer", str(row.id)), {"verdict": effect.verdict},
    )  # fmt: skip


STORAGE = CapabilityStorage(
    name="jobs",
    effects={
        NoticePublished: _published,
        NoticeEdited: _edited,
        NoticeClosed: _closed,
        InterestedMessaged: _messaged,
        InterestRegistered: _interest,
        InterestWithdrawn: _uninterest,
        SubscriptionAdded: _subscribed,
        SubscriptionRemoved: _unsubscribed,
        OfferSubmitted: _offer,
        OfferAnswered: _answered,
    },
    queries=SqlJobQueries,
    seed=seed_jobs,
)
