"""The complaint jobs on SQLite and PostgreSQL: escalations, draft reminders, evidence copies.

Deadlines and reminders run through ``ComplaintJobs`` with a clock the test moves, so the
notices are rendered from the real catalogs in each officer's language; evidence files are
downloaded over real HTTP from the fake Bot API into a temporary FILES_DIR.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.complaint_jobs import ComplaintJobs
from bot.request import AiohttpRequest
from flows.complaints import (
    CaseEvidence,
    ComplaintDraftDiscarded,
    ComplaintDraftSaved,
    OfficerChangedStatus,
)
from flows.engine.i18n import load_catalogs
from storage.complaint_jobs import MAX_FETCH_ATTEMPTS, ComplaintJobStore
from storage.complaint_models import Complaint, ComplaintDraft, ComplaintEvent, ComplaintEvidence
from storage.db import create_engine
from storage.delivery_models import Delivery
from storage.models import AuditEntry, table_of
from tests.support.complaints import NOW, A, B, World, apply, case_id, make_world, submitted
from tests.support.fake_bot_api import FakeBotApi

complaints = table_of(Complaint)
drafts = table_of(ComplaintDraft)
events = table_of(ComplaintEvent)
evidence = table_of(ComplaintEvidence)
deliveries = table_of(Delivery)
audit = table_of(AuditEntry)
CATALOGS = load_catalogs()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


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


def jobs(engine: AsyncEngine, bot: Bot, clock: Clock, files: Path) -> ComplaintJobs:
    return ComplaintJobs(bot, ComplaintJobStore(engine), CATALOGS, files, clock=clock)


async def sent(engine: AsyncEngine, kind: str) -> list[Any]:
    async with engine.connect() as conn:
        query = select(deliveries).where(deliveries.c.kind == kind).order_by(deliveries.c.id)
        return list((await conn.execute(query)).all())


async def case(engine: AsyncEngine, complaint_id: int) -> Any:
    async with engine.connect() as conn:
        query = select(complaints).where(complaints.c.id == complaint_id)
        return (await conn.execute(query)).one()


async def overdue_case(engine: AsyncEngine, world: World, **how: Any) -> int:
    """Siti's wages case in village A, due 72 hours after NOW."""
    effect = submitted(category="wages", now=NOW, **how)
    await apply(engine, world.siti, effect)
    return await case_id(engine, effect.reference)


# --- escalation ---------------------------------------------------------------------------------


async def test_an_overdue_case_goes_to_the_coordinators_then_the_district_admin_once_each(
    engine: AsyncEngine, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    cid = await overdue_case(engine, world)
    await apply(engine, world.nyoman, submitted("ADU-3301-BBBBB1", village=B, now=NOW))
    clock = Clock(NOW + timedelta(hours=71))
    work = jobs(engine, bot, clock, tmp_path)

    assert (await work.deadlines())[0] == 0  # not due yet
    clock.at = NOW + timedelta(hours=73)
    assert (await work.deadlines())[0] == 2  # both villages' cases are overdue
    assert (await work.deadlines())[0] == 0  # told once
    told = [d for d in await sent(engine, "complaint_escalation") if d.source_id == cid]
    assert [(d.chat_id, d.urgent) for d in told] == [("7002", True)]  # A's coordinator only
    assert told[0].payload["text"] == (
        "Laporan ADU-3301-7KQ2MX (Gaji tidak dibayar) di Desa Kenanga sudah melewati batas "
        "waktunya (2026-12-04 12:00 WIB). Mohon segera ditangani lewat menu petugas (/petugas)."
    )
    [b_told] = [d for d in await sent(engine, "complaint_escalation") if d.source_id != cid]
    assert b_told.chat_id == "7003" and "Unpaid wages" in b_told.payload["text"]  # in English
    row = await case(engine, cid)
    assert (row.escalation_level, row.escalated_at) == (1, clock.at)

    clock.at += timedelta(hours=23)
    assert (await work.deadlines())[0] == 0  # the coordinators still have time
    clock.at += timedelta(hours=2)
    assert (await work.deadlines())[0] == 2
    to_admin = [d for d in await sent(engine, "complaint_escalation") if d.source_id == cid]
    assert [d.chat_id for d in to_admin] == ["7002", "7004"]
    assert (await case(engine, cid)).escalation_level == 2
    clock.at += timedelta(days=30)
    assert (await work.deadlines())[0] == 0  # nobody above the district admin

    async with engine.connect() as conn:
        history = (
            await conn.execute(
                select(events.c.actor, events.c.detail).where(events.c.complaint_id == cid)
            )
        ).all()
        actions = (await conn.execute(select(audit.c.action, audit.c.actor_type))).all()
    assert [tuple(h) for h in history][1:] == [
        ("system", "past its deadline: 1 coordinator(s) told"),
        ("system", "past its deadline: 1 district_admin(s) told"),
    ]
    assert set(actions) == {("complaint.escalated", "system")}


async def test_cases_no_longer_owed_by_the_desk_are_not_escalated(
    engine: AsyncEngine, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    referred = await overdue_case(engine, world)
    resolved = await overdue_case(engine, world, reference="ADU-3301-RESOLV")
    for cid, status in ((referred, "referred"), (resolved, "resolved")):
        await apply(
            engine,
            world.desk_a,
            OfficerChangedStatus("telegram", "7001", A, cid, status, referred_to="BP3MI"),
        )
    clock = Clock(NOW + timedelta(days=10))
    assert (await jobs(engine, bot, clock, tmp_path).deadlines())[0] == 0
    assert await sent(engine, "complaint_escalation") == []


async def test_two_processes_escalate_a_case_exactly_once(
    engine: AsyncEngine, database_url: str, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    for n in range(6):
        await overdue_case(engine, world, reference=f"ADU-3301-TWO00{n}")
    other = create_engine(database_url)
    try:
        clock = Clock(NOW + timedelta(days=4))
        first, second = jobs(engine, bot, clock, tmp_path), jobs(other, bot, clock, tmp_path)
        done = await asyncio.gather(first.deadlines(), second.deadlines())
    finally:
        await other.dispose()
    assert done[0][0] + done[1][0] == 6
    told = await sent(engine, "complaint_escalation")
    assert sorted(d.source_id for d in told) == sorted({d.source_id for d in told})
    assert len(told) == 6


# --- drafts -------------------------------------------------------------------------------------


async def _age_draft(engine: AsyncEngine, resident: int, at: datetime) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            update(drafts).where(drafts.c.resident_id == resident).values(updated_at=at)
        )


async def test_a_draft_is_reminded_once_then_deleted_after_7_days(
    engine: AsyncEngine, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, ComplaintDraftSaved({"category": "wages"}))
    await apply(engine, world.nyoman, ComplaintDraftSaved({"category": "health"}))
    await _age_draft(engine, world.siti, NOW)
    await _age_draft(engine, world.nyoman, NOW + timedelta(hours=2))
    clock = Clock(NOW + timedelta(hours=25))
    work = jobs(engine, bot, clock, tmp_path)

    assert (await work.deadlines())[1] == 1  # Nyoman's is only 23 hours old
    assert (await work.deadlines())[1] == 0
    [reminder] = await sent(engine, "complaint_draft_reminder")
    assert (reminder.chat_id, reminder.urgent) == ("1001", False)  # waits for the morning
    assert reminder.payload["text"].startswith("Anda sudah mulai menulis laporan")
    clock.at = NOW + timedelta(hours=27)
    assert (await work.deadlines())[1] == 1
    assert (
        (await sent(engine, "complaint_draft_reminder"))[1]
        .payload["text"]
        .startswith("You started a report")
    )
    await apply(engine, world.siti, ComplaintDraftSaved({"category": "wages", "who": "self"}))
    await _age_draft(engine, world.siti, NOW + timedelta(hours=1))
    clock.at = NOW + timedelta(days=3)
    assert (await work.deadlines())[1] == 0  # one reminder per draft, even when touched again

    clock.at = NOW + timedelta(days=7, hours=1, minutes=1)
    assert (await work.deadlines())[2] == 1  # Siti's: untouched for 7 days
    clock.at = NOW + timedelta(days=7, hours=2, minutes=1)
    assert (await work.deadlines())[2] == 1
    async with engine.connect() as conn:
        assert (await conn.execute(select(drafts))).all() == []


async def test_a_reminder_still_waiting_is_cancelled_when_the_report_is_sent_or_dropped(
    engine: AsyncEngine, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, ComplaintDraftSaved({"category": "wages"}))
    await _age_draft(engine, world.siti, NOW)
    await jobs(engine, bot, Clock(NOW + timedelta(hours=25)), tmp_path).deadlines()
    await apply(engine, world.siti, ComplaintDraftDiscarded())
    [reminder] = await sent(engine, "complaint_draft_reminder")
    assert reminder.status == "cancelled"


# --- evidence files -----------------------------------------------------------------------------


async def _evidence(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(evidence).order_by(evidence.c.id))).all())


async def test_evidence_is_copied_under_files_dir_by_village_and_reference(
    engine: AsyncEngine, api: FakeBotApi, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    photo, voice = b"\xff\xd8 a photo of the contract", b"OggS a voice note"
    api.add_file("photo-1", photo, mime_type="image/jpeg")
    api.add_file("voice-1", voice, file_name="pesan.ogg", mime_type="audio/ogg")
    files = (CaseEvidence("photo", "photo-1", "image/jpeg", len(photo)),
             CaseEvidence("voice", "voice-1", "audio/ogg"))  # fmt: skip
    cid = await overdue_case(engine, world, evidence=files)
    clock = Clock(NOW)
    work = jobs(engine, bot, clock, tmp_path / "files")

    assert await work.fetch_evidence() == 2
    assert await work.fetch_evidence() == 0  # nothing left to copy
    first, second = await _evidence(engine)
    assert first.local_path == f"{A}/ADU-3301-7KQ2MX/{first.id}-photo.jpg"
    assert second.local_path == f"{A}/ADU-3301-7KQ2MX/{second.id}-voice.ogg"
    assert (tmp_path / "files" / first.local_path).read_bytes() == photo
    assert (tmp_path / "files" / second.local_path).read_bytes() == voice
    assert (first.fetched_at, first.attempts, first.fetch_error) == (NOW, 1, None)
    folder = tmp_path / "files" / A / "ADU-3301-7KQ2MX"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        Path(r.local_path).name for r in (first, second)
    )  # no temporary file left behind
    assert cid


async def test_a_failed_download_is_recorded_and_tried_again_later(
    engine: AsyncEngine, api: FakeBotApi, bot: Bot, tmp_path: Path
) -> None:
    world = await make_world(engine)
    # unknown to Telegram; too big by its size; too big by Telegram's own answer
    huge = b"x" * (20 * 1024 * 1024 + 1)
    api.add_file("huge-1", huge)
    files = (CaseEvidence("document", "gone-1"),
             CaseEvidence("video", "big-1", "video/mp4", 60 * 1024 * 1024),
             CaseEvidence("video", "huge-1", "video/mp4"))  # fmt: skip
    await overdue_case(engine, world, evidence=files)
    clock = Clock(NOW)
    work = jobs(engine, bot, clock, tmp_path)

    assert await work.fetch_evidence() == 0
    gone, big, huge_row = await _evidence(engine)
    assert gone.local_path is None and gone.attempts == 1
    assert gone.fetch_error == "telegram refused it: Invalid file_id"
    assert gone.next_attempt_at == NOW + timedelta(minutes=1)
    for too_big in (big, huge_row):
        assert (too_big.fetch_error, too_big.attempts) == (
            "too big to download",
            MAX_FETCH_ATTEMPTS,
        )
        assert too_big.telegram_file_id in ("big-1", "huge-1")  # the id is kept
    assert not list(tmp_path.rglob("*-document.*"))

    assert await work.fetch_evidence() == 0  # waiting out the backoff: nothing claimed
    assert (await _evidence(engine))[0].attempts == 1
    api.add_file("gone-1", b"%PDF found again", file_name="kontrak.pdf")
    clock.at = NOW + timedelta(minutes=2)
    assert await work.fetch_evidence() == 1
    gone = (await _evidence(engine))[0]
    assert gone.local_path.endswith("-document.pdf") and gone.fetch_error is None


async def test_the_jobs_loop_stops_cleanly(engine: AsyncEngine, bot: Bot, tmp_path: Path) -> None:
    await make_world(engine)
    stop = asyncio.Event()
    work = ComplaintJobs(bot, ComplaintJobStore(engine), CATALOGS, tmp_path, files_every=0.05)
    task = asyncio.create_task(work.run(stop))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.wait_for(task, 5)
