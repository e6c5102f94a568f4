"""The complaints storage contract on SQLite and PostgreSQL: each effect, read and refusal.

A reporter's writes touch only their own open cases and an officer's only cases of the
village they act for; a reporter never reads an internal note; an officer reads a reporter's
name only when the reporter allowed it; village staff get counts, never content.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.complaints import (
    STATUSES,
    CaseEvidence,
    ComplaintAdded,
    ComplaintDraftDiscarded,
    ComplaintDraftSaved,
    ComplaintWithdrawn,
    EvidenceRequested,
    OfficerAnswered,
    OfficerChangedStatus,
    OfficerTookCase,
)
from storage.complaint_models import (
    Complaint,
    ComplaintDraft,
    ComplaintEvent,
    ComplaintEvidence,
    ComplaintMessage,
)
from storage.delivery_models import Delivery
from storage.models import AuditEntry, table_of
from tests.support.complaints import A, B, World, apply, case_id, make_world, reads, submitted

complaints = table_of(Complaint)
messages = table_of(ComplaintMessage)
evidence = table_of(ComplaintEvidence)
events = table_of(ComplaintEvent)
drafts = table_of(ComplaintDraft)
deliveries = table_of(Delivery)
audit = table_of(AuditEntry)

PHOTO = CaseEvidence("photo", "photo-1", "image/jpeg", 2048)
VOICE = CaseEvidence("voice", "voice-1", "audio/ogg", 4096)


async def rows(engine: AsyncEngine, table: Any, *where: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(table).where(*where).order_by(table.c[
            "id" if "id" in table.c else "resident_id"]))).all())  # fmt: skip


async def case(engine: AsyncEngine, complaint_id: int) -> Any:
    [row] = await rows(engine, complaints, complaints.c.id == complaint_id)
    return row


async def count(engine: AsyncEngine, table: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


def took(account: str = "7001", village: str = A, cid: int = 0, notice: str = "") -> Any:
    return OfficerTookCase("telegram", account, village, cid, notice)


async def reported(engine: AsyncEngine, world: World, **how: Any) -> int:
    """Siti reports a case (village A, with a photo); its id."""
    effect = submitted(evidence=(PHOTO,), **how)
    await apply(engine, world.siti, effect)
    return await case_id(engine, effect.reference)


# --- drafts and reports -------------------------------------------------------------------------


async def test_a_draft_is_kept_replaced_and_discarded(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, ComplaintDraftSaved({"category": "wages"}))
    await apply(engine, world.siti, ComplaintDraftSaved({"category": "wages", "who": "self"}))
    async with reads(engine) as q:
        assert await q.draft(world.siti) == {"category": "wages", "who": "self"}
        assert await q.draft(world.budi) is None
    await apply(engine, world.siti, ComplaintDraftDiscarded())
    async with reads(engine) as q:
        assert await q.draft(world.siti) is None


async def test_a_report_becomes_a_case_with_message_evidence_and_history(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, ComplaintDraftSaved({"category": "wages"}))
    effect = submitted(evidence=(PHOTO, VOICE), urgent=False)
    await apply(engine, world.siti, effect)

    row = await case(engine, await case_id(engine, effect.reference))
    assert (row.status, row.category, row.disclosure, row.escalation_level) == (
        "new", "wages", "named", 0,
    )  # fmt: skip
    assert row.reporter_resident_id == world.siti and row.due_at == effect.due_at
    assert row.affected["country"] == "Taiwan" and row.first_response_at is None
    [report] = await rows(engine, messages, messages.c.complaint_id == row.id)
    assert (report.author, report.kind, report.text) == ("reporter", "report", effect.description)
    files = await rows(engine, evidence, evidence.c.complaint_id == row.id)
    assert [(f.kind, f.telegram_file_id, f.local_path, f.attempts) for f in files] == [
        ("photo", "photo-1", None, 0), ("voice", "voice-1", None, 0),
    ]  # fmt: skip
    [event] = await rows(engine, events, events.c.complaint_id == row.id)
    assert (event.actor, event.from_status, event.to_status) == ("reporter", None, "new")
    assert await count(engine, drafts) == 0  # sent: the draft goes


async def test_the_reporter_adds_to_their_case_and_answers_a_question(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(engine, world.siti, ComplaintAdded(cid, "Majikannya bernama Mr Chen.", (VOICE,)))
    await apply(
        engine, world.desk_a, OfficerAnswered("telegram", "7001", A, cid, "question", "Nomor HP?")
    )
    assert (await case(engine, cid)).status == "waiting_reporter"
    await apply(engine, world.siti, ComplaintAdded(cid, "0812-555-0101"))

    assert (await case(engine, cid)).status == "in_progress"
    said = await rows(engine, messages, messages.c.complaint_id == cid)
    assert [m.kind for m in said] == ["report", "addition", "question", "answer"]
    assert len(await rows(engine, evidence, evidence.c.complaint_id == cid)) == 2
    history = await rows(engine, events, events.c.complaint_id == cid)
    assert [(e.from_status, e.to_status) for e in history][-2:] == [
        ("new", "waiting_reporter"), ("waiting_reporter", "in_progress"),
    ]  # fmt: skip


async def test_nobody_adds_to_or_withdraws_someone_else_s_case(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(engine, world.budi, ComplaintAdded(cid, "saya bukan pelapor", (VOICE,)))
    await apply(engine, world.budi, ComplaintWithdrawn(cid, "iseng"))
    await apply(engine, world.siti, ComplaintAdded(cid + 999, "tidak ada"))

    assert (await case(engine, cid)).status == "new"
    assert [m.kind for m in await rows(engine, messages)] == ["report"]
    assert await count(engine, evidence) == 1


async def test_a_withdrawn_case_takes_nothing_more(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(engine, world.siti, ComplaintWithdrawn(cid, "sudah beres sendiri"))
    await apply(engine, world.siti, ComplaintAdded(cid, "tambahan"))
    await apply(engine, world.siti, ComplaintWithdrawn(cid, "lagi"))

    assert (await case(engine, cid)).status == "withdrawn"
    history = await rows(engine, events, events.c.complaint_id == cid)
    assert [(e.to_status, e.detail) for e in history] == [
        ("new", "reported"), ("withdrawn", "sudah beres sendiri"),
    ]  # fmt: skip
    assert await count(engine, messages) == 1


# --- officers -----------------------------------------------------------------------------------


async def test_an_officer_takes_answers_refers_and_resolves_with_notices_and_audit(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world, urgent=True)
    await apply(engine, world.desk_a, took(cid=cid, notice="Laporan Anda ditangani."))
    row = await case(engine, cid)
    assert row.status == "in_progress" and row.owner_officer_id is not None
    taken_at = row.first_response_at
    assert taken_at is not None

    await apply(
        engine,
        world.desk_a,
        OfficerAnswered("telegram", "7001", A, cid, "note", "Sudah telepon agen.", "abaikan"),
        OfficerAnswered("telegram", "7001", A, cid, "public", "Kami hubungi agen.", "Kabar baru"),
        OfficerChangedStatus(
            "telegram", "7001", A, cid, "referred", referred_to="BP3MI Jawa Tengah",
            their_reference="BP3MI/0417", notice="Diteruskan ke BP3MI",
        ),
    )  # fmt: skip
    row = await case(engine, cid)
    assert (row.status, row.referred_to, row.their_reference) == (
        "referred", "BP3MI Jawa Tengah", "BP3MI/0417",
    )  # fmt: skip
    assert row.first_response_at == taken_at  # the first response stays the first
    await apply(
        engine,
        world.desk_a,
        OfficerChangedStatus(
            "telegram", "7001", A, cid, "resolved", outcome="Gaji dibayar.", notice="Selesai"
        ),
    )
    row = await case(engine, cid)
    assert row.status == "resolved" and row.outcome == "Gaji dibayar."
    assert row.resolved_at is not None

    notices = await rows(engine, deliveries, deliveries.c.kind == "complaint_notice")
    assert [d.payload["text"] for d in notices] == [
        "Laporan Anda ditangani.",
        "Kabar baru",
        "Diteruskan ke BP3MI",
        "Selesai",
    ]  # fmt: skip  (never the note's)
    assert {(d.resident_id, d.source_id, d.urgent, d.chat_id) for d in notices} == {
        (world.siti, cid, True, "1001")
    }
    actions = [a.action for a in await rows(engine, audit)]
    assert actions == [
        "complaint.taken", "complaint.note", "complaint.public", "complaint.referred",
        "complaint.resolved",
    ]  # fmt: skip
    history = await rows(engine, events, events.c.complaint_id == cid)
    assert [e.to_status for e in history] == ["new", "in_progress", "referred", "resolved"]
    assert history[2].detail == "BP3MI Jawa Tengah BP3MI/0417"
    assert all(e.officer_id == row.owner_officer_id for e in history[1:])


async def test_a_non_urgent_case_s_notice_waits_for_waking_hours(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world, urgent=False)
    await apply(engine, world.desk_a, took(cid=cid, notice="Ditangani"))
    [notice] = await rows(engine, deliveries)
    assert notice.urgent is False and notice.timezone == "Asia/Jakarta"


async def test_a_note_alone_is_no_response_and_tells_nobody(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(
        engine, world.desk_a, OfficerAnswered("telegram", "7001", A, cid, "note", "catatan", "x")
    )
    row = await case(engine, cid)
    assert row.first_response_at is None and row.status == "new"
    assert await count(engine, deliveries) == 0


async def test_another_village_s_officer_changes_nothing(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    forged = (
        took("7003", B, cid, "x"),  # B's coordinator, acting for B, on A's case
        took("7003", A, cid, "x"),  # … claiming to act for A, where they hold no role
        OfficerAnswered("telegram", "7003", B, cid, "public", "halo", "halo"),
        OfficerChangedStatus("telegram", "7003", B, cid, "closed", notice="x"),
        EvidenceRequested("telegram", "7003", B, cid),
        took("7005", A, cid, "x"),  # village staff: counts only
        took("7006", A, cid, "x"),  # parenting facilitator: nothing
    )
    for effect in forged:
        await apply(engine, world.coordinator_b, effect)

    row = await case(engine, cid)
    assert (row.status, row.owner_officer_id, row.first_response_at) == ("new", None, None)
    assert [m.kind for m in await rows(engine, messages)] == ["report"]
    assert await count(engine, deliveries) == 0 and await count(engine, audit) == 0


async def test_the_district_admin_handles_cases_of_every_village_of_the_kabupaten(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(engine, world.district_admin, took("7004", A, cid))
    assert (await case(engine, cid)).status == "in_progress"


async def test_refused_moves_leave_the_case_alone(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(engine, world.siti, ComplaintWithdrawn(cid))
    await apply(
        engine,
        world.desk_a,
        OfficerChangedStatus("telegram", "7001", A, cid, "resolved", outcome="x"),
        OfficerAnswered("telegram", "7001", A, cid, "question", "?", "?"),
    )
    assert (await case(engine, cid)).status == "withdrawn"


async def test_evidence_goes_to_the_officer_s_own_chat_one_file_each(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    effect = submitted(evidence=(PHOTO, VOICE))
    await apply(engine, world.siti, effect)
    cid = await case_id(engine, effect.reference)
    await apply(engine, world.desk_a, EvidenceRequested("telegram", "7001", A, cid))

    sent = await rows(engine, deliveries)
    assert [(d.kind, d.chat_id, d.urgent, d.source_id) for d in sent] == [
        ("complaint_evidence", "7001", True, cid)
    ] * 2
    assert [d.payload for d in sent] == [
        {"text": f"{effect.reference} 1/2", "attachment": {"kind": "photo", "file_id": "photo-1"}},
        {"text": f"{effect.reference} 2/2", "attachment": {"kind": "voice", "file_id": "voice-1"}},
    ]
    [entry] = await rows(engine, audit)
    assert entry.action == "complaint.evidence_viewed" and entry.detail == {"files": 2}


# --- reads --------------------------------------------------------------------------------------


async def test_a_reporter_reads_only_their_own_cases_and_never_a_note(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    first = await reported(engine, world)
    second = await reported(engine, world, reference="ADU-3301-22222Z")
    await apply(engine, world.budi, submitted("ADU-3301-BUDI22"))
    await apply(
        engine,
        world.desk_a,
        took(cid=first),
        OfficerAnswered("telegram", "7001", A, first, "public", "Kami proses."),
        OfficerAnswered("telegram", "7001", A, first, "note", "Rahasia: agen nakal."),
    )
    async with reads(engine) as q:
        mine = await q.own_cases(world.siti)
        assert [c.id for c in mine] == [second, first]  # newest first
        assert mine[1].latest_public == "Kami proses." and mine[0].latest_public == ""
        assert mine[1].evidence_count == 1 and mine[1].status == "in_progress"
        own = await q.own_case(world.siti, first)
        assert own is not None
        assert [m.kind for m in own.messages] == ["report", "public"]
        assert all("Rahasia" not in m.text and m.officer_name == "" for m in own.messages)
        assert await q.own_case(world.budi, first) is None  # someone else's id
        assert await q.own_case(world.siti, first + 999) is None
        assert [c.reference for c in await q.own_cases(world.budi)] == ["ADU-3301-BUDI22"]


async def test_officers_read_their_village_s_cases_with_notes(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(
        engine,
        world.desk_a,
        took(cid=cid),
        OfficerAnswered("telegram", "7001", A, cid, "note", "Rahasia: agen nakal."),
        OfficerAnswered("telegram", "7001", A, cid, "question", "Nomor majikan?"),
    )
    async with reads(engine) as q:
        full = await q.case(A, cid)
        assert full is not None
        assert [m.kind for m in full.messages] == ["report", "note", "question"]
        assert full.messages[1].officer_name == "Wati" and full.owner_name == "Wati"
        assert full.reporter_name == "Siti" and full.reporter_locale == "id"
        assert full.latest_public == "Nomor majikan?" and full.village_code == A
        assert await q.case(B, cid) is None  # another village's officer


async def test_an_anonymous_reporter_s_name_is_never_read(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world, disclosure="anonymous")
    async with reads(engine) as q:
        full = await q.case(A, cid)
        queued = await q.queue(A, statuses=("new",), category=None, limit=10)
    assert full is not None and full.reporter_name == "" and full.disclosure == "anonymous"
    assert [c.reporter_name for c in queued] == [""]


async def test_the_reporter_s_language_for_notices(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    await apply(engine, world.budi, submitted("ADU-3301-BUDI22"))  # no choice, app says "id"
    await apply(engine, world.nyoman, submitted("ADU-3301-NYOMAN", village=B))
    async with reads(engine) as q:
        [budi] = await q.own_cases(world.budi)
        [nyoman] = await q.own_cases(world.nyoman)
    assert budi.reporter_locale == "id" and nyoman.reporter_locale == "en"


async def test_the_queue_is_urgent_first_then_oldest_within_the_village(
    engine: AsyncEngine,
) -> None:
    world = await make_world(engine)
    await apply(engine, world.siti, submitted("ADU-3301-AAAAA1", category="wages"))
    await apply(engine, world.siti, submitted("ADU-3301-AAAAA2", category="violence", urgent=True))
    await apply(engine, world.budi, submitted("ADU-3301-AAAAA3", category="wages"))
    await apply(engine, world.nyoman, submitted("ADU-3301-BBBBB1", village=B))
    async with reads(engine) as q:
        queued = await q.queue(A, statuses=("new", "in_progress"), category=None, limit=10)
        wages = await q.queue(A, statuses=("new",), category="wages", limit=1)
        closed = await q.queue(A, statuses=("closed",), category=None, limit=10)
    assert [c.reference for c in queued] == ["ADU-3301-AAAAA2", "ADU-3301-AAAAA1",
                                             "ADU-3301-AAAAA3"]  # fmt: skip
    assert [c.reference for c in wages] == ["ADU-3301-AAAAA1"]
    assert closed == [] and all(c.messages == () for c in queued)


async def test_village_staff_see_counts_per_status_and_nothing_else(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    first = await reported(engine, world)
    await reported(engine, world, reference="ADU-3301-22222Z")
    await apply(engine, world.nyoman, submitted("ADU-3301-BBBBB1", village=B))
    await apply(engine, world.desk_a, took(cid=first))
    async with reads(engine) as q:
        counts = await q.counts(A)
    assert dict(counts) == {s: {"new": 1, "in_progress": 1}.get(s, 0) for s in STATUSES}
    assert all(isinstance(v, int) for v in counts.values())  # numbers, no content


async def test_a_public_reply_to_a_new_case_puts_it_in_progress(engine: AsyncEngine) -> None:
    world = await make_world(engine)
    cid = await reported(engine, world)
    await apply(
        engine, world.desk_a, OfficerAnswered("telegram", "7001", A, cid, "public", "Kami cek.")
    )
    row = await case(engine, cid)
    assert row.status == "in_progress" and row.first_response_at is not None
    assert row.owner_officer_id is not None
    history = await rows(engine, events, events.c.complaint_id == cid)
    assert [(e.from_status, e.to_status, e.detail) for e in history][-1] == (
        "new", "in_progress", "public",
    )  # fmt: skip
