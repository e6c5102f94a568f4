"""Checklist storage as a contract on SQLite and PostgreSQL: scoping, the jobs, the files, views.

A keeper's writes reach only their own checklist; an officer's only items of keepers in the
village they act for, through a role that may handle documents there. The jobs remind once
per untouched spell (in the keeper's daytime, never when turned off) and warn keeper and desk
before an expiry date once per level; checklist files are copied by the complaint jobs' one
downloader from the fake Bot API, and a withdrawn file's copy is deleted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.checklist_jobs import ChecklistJobs
from bot.complaint_jobs import ComplaintJobs
from bot.request import AiohttpRequest
from flows.checklists import (
    ChecklistExpirySet,
    ChecklistFileSent,
    ChecklistFileWithdrawn,
    ChecklistItemMarked,
    ChecklistItemReturned,
    ChecklistItemVerified,
    ChecklistQueries,
    ChecklistRemindersSet,
    ChecklistStarted,
    DocumentFile,
)
from flows.engine.i18n import load_catalogs
from storage.checklist_jobs import ChecklistJobStore
from storage.checklist_models import Checklist, ChecklistFile, ChecklistItem
from storage.complaint_jobs import ComplaintJobStore
from storage.db import create_engine
from storage.delivery_models import Delivery
from storage.migrate import upgrade
from storage.models import AuditEntry, Resident, Village, utcnow
from storage.unit_of_work import SqlUnitOfWork
from tests.support.complaints import NOW, A, B, apply, make_world
from tests.support.fake_bot_api import FakeBotApi

CATALOGS = load_catalogs()
ITEMS = ("ktp", "kk", "passport", "health")


def started(reference: str = "DOK-3301-AAA") -> ChecklistStarted:
    return ChecklistStarted(reference=reference, template="tw_caregiver", items=ITEMS)


@asynccontextmanager
async def reads(engine: AsyncEngine) -> AsyncIterator[ChecklistQueries]:
    """The checklists capability's reads, as flows get them."""
    async with SqlUnitOfWork(engine) as uow:
        yield cast(ChecklistQueries, uow.queries.of("checklists"))


async def ids(engine: AsyncEngine, reference: str = "DOK-3301-AAA") -> tuple[int, dict[str, int]]:
    async with engine.connect() as conn:
        checklist = (await conn.execute(select(Checklist.id).where(
            Checklist.reference == reference))).scalar_one()  # fmt: skip
        found = await conn.execute(
            select(ChecklistItem.item, ChecklistItem.id).where(
                ChecklistItem.checklist_id == checklist)
        )  # fmt: skip
        return checklist, dict(found.tuples().all())


async def status(engine: AsyncEngine, item_id: int) -> str:
    async with engine.connect() as conn:
        found = await conn.execute(select(ChecklistItem.status).where(ChecklistItem.id == item_id))
        return str(found.scalar_one())


async def deliveries(engine: AsyncEngine, kind: str) -> list[tuple[int, str, datetime]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.resident_id, Delivery.payload, Delivery.not_before)
            .where(Delivery.kind == kind)
            .order_by(Delivery.id)
        )
        return [(r.resident_id, str(r.payload["text"]), r.not_before) for r in rows]


async def test_a_keeper_writes_and_reads_only_their_own_checklist(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, started())
    checklist, item = await ids(engine)
    photo = DocumentFile("photo", "photo-1", "image/jpeg", 1000)
    await apply(engine, world.siti, ChecklistItemMarked(checklist, item["ktp"], True),
                ChecklistFileSent(checklist, item["passport"], photo))  # fmt: skip
    await apply(
        engine,
        world.budi,
        ChecklistItemMarked(checklist, item["kk"], True),
        ChecklistFileSent(checklist, item["health"], photo),
        ChecklistRemindersSet(checklist, False),
    )  # another person: all ignored
    async with reads(engine) as q:
        (row,) = await q.own_checklists(world.siti)
        assert (row.total, row.ready, row.verified, row.reminders_on) == (4, 2, 0, True)
        assert await q.own_checklists(world.budi) == []
        assert await q.own_checklist(world.budi, checklist) is None
        full = await q.own_checklist(world.siti, checklist)
        assert full is not None
        assert [i.status for i in full.items] == ["have", "missing", "submitted", "missing"]
        assert len(full.items[2].files) == 1


async def test_officers_act_only_in_their_village_and_role(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, started())
    checklist, item = await ids(engine)
    photo = DocumentFile("photo", "photo-1")
    await apply(engine, world.siti, ChecklistFileSent(checklist, item["passport"], photo))
    async with reads(engine) as q:
        assert [r.item for r in await q.queue(A, limit=5)] == ["passport"]
        assert await q.queue(B, limit=5) == [] and await q.item(B, item["passport"]) is None
        assert await q.person(B, world.siti, limit=3) is None
    for account, village in (("7003", B), ("7003", A), ("7005", A), ("7006", A)):
        forged = ChecklistItemVerified("telegram", account, village, item["passport"], "x")
        await apply(engine, world.coordinator_b, forged)
    assert await status(engine, item["passport"]) == "submitted"
    back = ChecklistItemReturned(
        "telegram", "7001", A, item["passport"], "unreadable", "buram", "dikembalikan"
    )
    await apply(engine, world.desk_a, back)
    assert await status(engine, item["passport"]) == "returned"
    verified = ChecklistItemVerified("telegram", "7004", A, item["passport"], "sudah sesuai")
    expiry = ChecklistExpirySet("telegram", "7004", A, item["passport"], date(2030, 12, 31))
    await apply(engine, world.district_admin, verified, expiry)
    assert await status(engine, item["passport"]) == "verified"
    told = await deliveries(engine, "checklist_notice")
    assert [(who, said) for who, said, _ in told] == [
        (world.siti, "dikembalikan"), (world.siti, "sudah sesuai")]  # fmt: skip
    async with engine.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.action).order_by(AuditEntry.id))
                   ).scalars().all()  # fmt: skip
    assert [a for a in actions if a.startswith("checklist.")] == [
        "checklist.returned", "checklist.verified", "checklist.expiry_set"]  # fmt: skip
    async with reads(engine) as q:
        found = await q.person(A, world.siti, limit=3)
        assert found is not None and found[1] == 1
        (row,) = found[2]
        passport = next(i for i in row.items if i.item == "passport")
        assert passport.verified_by == "Pak Camat" and passport.expires_on == date(2030, 12, 31)


async def test_a_checklist_untouched_two_weeks_is_reminded_once_in_daytime(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, started())
    await apply(engine, world.budi, started("DOK-3301-BBB"))
    checklist, _ = await ids(engine, "DOK-3301-BBB")
    await apply(engine, world.budi, ChecklistRemindersSet(checklist, False))
    async with engine.begin() as conn:
        await conn.execute(update(Checklist).values(touched_at=NOW - timedelta(days=15)))
    store = ChecklistJobStore(engine)
    night = NOW.replace(hour=16)  # 23:00 WIB

    def text(reference: str, ready: int, total: int):  # type: ignore[no-untyped-def]
        return lambda locale, code: f"{reference} {ready}/{total} {locale}"

    assert await store.remind(night, text) == 1
    assert await store.remind(night + timedelta(hours=1), text) == 0  # once per quiet spell
    ((who, said, send_at),) = await deliveries(engine, "checklist_reminder")
    assert who == world.siti and said == "DOK-3301-AAA 0/4 id"
    assert send_at.hour == 23 and send_at.date() == night.date()  # 06:00 WIB the next morning
    async with engine.begin() as conn:  # touched again, then untouched 14 more days
        await conn.execute(update(Checklist).values(touched_at=night + timedelta(hours=2)))
    assert await store.remind(night + timedelta(days=15), text) == 1


async def test_expiry_is_warned_30_then_7_days_before_to_keeper_and_desk(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, started())
    _, item = await ids(engine)
    expires = (NOW + timedelta(days=40)).date()
    await apply(engine, world.desk_a, ChecklistExpirySet("telegram", "7001", A, item["passport"],
                                                         expires))  # fmt: skip
    store = ChecklistJobStore(engine)

    def text(warning, desk):  # type: ignore[no-untyped-def]
        return lambda locale, code: f"{'desk' if desk else 'keeper'} {warning.level}"

    assert await store.warn_expiry(NOW, text) == 0  # 40 days left
    assert await store.warn_expiry(NOW + timedelta(days=11), text) == 1
    assert await store.warn_expiry(NOW + timedelta(days=12), text) == 0
    assert await store.warn_expiry(NOW + timedelta(days=34), text) == 1
    told = sorted((who, said) for who, said, _ in await deliveries(engine, "checklist_expiry"))
    assert told == sorted([
        (world.siti, "keeper 1"), (world.desk_a, "desk 1"), (world.coordinator_a, "desk 1"),
        (world.siti, "keeper 2"), (world.desk_a, "desk 2"), (world.coordinator_a, "desk 2"),
    ])  # fmt: skip


async def test_the_real_notices_are_written_in_each_recipients_language(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, started())
    _, item = await ids(engine)
    await apply(engine, world.desk_a, ChecklistExpirySet(
        "telegram", "7001", A, item["passport"], (NOW + timedelta(days=5)).date()))  # fmt: skip
    rounds = ChecklistJobs(ChecklistJobStore(engine), CATALOGS, Path("/nonexistent"),
                           clock=lambda: NOW)  # fmt: skip
    assert await rounds.run_round() == (0, 1, 0)
    told = [said for _, said, _ in await deliveries(engine, "checklist_expiry")]
    assert any("Paspor di daftar Anda DOK-3301-AAA berlaku sampai" in t for t in told)
    assert any("milik warga Desa Kenanga" in t for t in told)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    request = AiohttpRequest(read_timeout=2.0, connect_timeout=2.0, write_timeout=2.0)
    async with Bot(
        api.token, base_url=api.base_url, base_file_url=api.file_base_url, request=request
    ) as client:
        yield client


async def test_files_are_copied_by_the_one_downloader_and_withdrawn_copies_deleted(
    engine: AsyncEngine, api: FakeBotApi, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, started())
    checklist, item = await ids(engine)
    api.add_file("ktp-1", b"%PDF-1.4 ktp", file_name="ktp.pdf", mime_type="application/pdf")
    await apply(engine, world.siti, ChecklistFileSent(
        checklist, item["ktp"], DocumentFile("document", "ktp-1", "application/pdf")))  # fmt: skip
    store = ChecklistJobStore(engine)
    files = tmp_path / "files"
    work = ComplaintJobs(bot, ComplaintJobStore(engine), CATALOGS, files, clock=lambda: NOW,
                         file_stores=(store,))  # fmt: skip
    assert await work.fetch_evidence() == 1
    assert await work.fetch_evidence() == 0
    async with engine.connect() as conn:
        (copy,) = (await conn.execute(select(ChecklistFile))).all()
    assert copy.local_path == f"{A}/DOK-3301-AAA/{copy.id}-document.pdf"
    assert (files / copy.local_path).read_bytes() == b"%PDF-1.4 ktp"
    await apply(engine, world.siti, ChecklistFileWithdrawn(checklist, item["ktp"], copy.id))
    assert await status(engine, item["ktp"]) == "have"
    rounds = ChecklistJobs(store, CATALOGS, files, clock=lambda: NOW)
    assert await rounds.purge(NOW) == 1
    assert not (files / copy.local_path).exists()
    async with engine.connect() as conn:
        (gone,) = (await conn.execute(select(ChecklistFile))).all()
    assert gone.local_path is None and gone.purged_at is not None and gone.withdrawn_at


async def test_the_office_views_count_without_personal_data(empty_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    try:
        async with engine.begin() as conn:
            village = (await conn.execute(insert(Village).values(
                code=A, name="Desa Kenanga", timezone="Asia/Jakarta", created_at=utcnow(),
            ).returning(Village.id))).scalar_one()  # fmt: skip
            person = (await conn.execute(insert(Resident).values(
                channel="telegram", external_id="1", chat_id="1", display_name="Siti Rahasia",
                village_id=village, status="active",
            ).returning(Resident.id))).scalar_one()  # fmt: skip
        await apply(engine, person, started(), started("DOK-3301-BBB"))
        checklist, item = await ids(engine)
        await apply(engine, person, ChecklistItemMarked(checklist, item["ktp"], True))
        async with engine.connect() as conn:
            row = (await conn.execute(text("SELECT * FROM office_checklist_progress"))).one()
            destinations = (await conn.execute(
                text("SELECT * FROM office_checklist_destinations"))).all()  # fmt: skip
            per_item = (await conn.execute(text(
                "SELECT item, ready FROM office_checklist_items ORDER BY item"))).all()  # fmt: skip
        assert (row.village_code, row.checklists, row.items, row.items_ready,
                row.items_verified) == (A, 2, 8, 1, 0)  # fmt: skip
        assert [(d.template, d.checklists) for d in destinations] == [("tw_caregiver", 2)]
        assert ("ktp", 1) in [tuple(r) for r in per_item]
        for view in (row, *destinations, *per_item):
            assert "Siti" not in str(tuple(view)) and "DOK-" not in str(tuple(view))
    finally:
        await engine.dispose()
