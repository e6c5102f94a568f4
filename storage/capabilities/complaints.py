"""Storage of the complaints capability: cases, their conversation, evidence and history.

Every statement is scoped in SQL: a reporter's writes only touch their own open cases, an
officer's only cases of the village they act for, so a forged button or a guessed id changes
nothing (the effect is logged and ignored, as announcements do with another village's id).
A public change is told to the reporter through the delivery engine in the same
transaction; the flow has already written that ``notice`` in the reporter's language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.complaints import (
    OPEN_STATUSES,
    CaseEvidence,
    ComplaintAdded,
    ComplaintDraftDiscarded,
    ComplaintDraftSaved,
    ComplaintSubmitted,
    ComplaintWithdrawn,
    EvidenceRequested,
    OfficerAnswered,
    OfficerChangedStatus,
    OfficerTookCase,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.complaint_jobs import DRAFT_REMINDER_KIND
from storage.complaint_models import (
    Complaint,
    ComplaintDraft,
    ComplaintEvent,
    ComplaintEvidence,
    ComplaintMessage,
)
from storage.complaint_queries import SqlComplaintQueries
from storage.complaint_seed import seed_complaints
from storage.deliveries import Recipient, cancel_deliveries, enqueue_deliveries
from storage.models import Officer, Resident, Village, table_of, utcnow, village_id_of

__all__ = ["HANDLING_ROLES", "NOTICE_KIND", "STORAGE", "officer_id_for"]

log = logging.getLogger(__name__)

complaints = table_of(Complaint)
messages = table_of(ComplaintMessage)
evidence = table_of(ComplaintEvidence)
events = table_of(ComplaintEvent)
drafts = table_of(ComplaintDraft)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

#: Deliveries this module queues: a notice to the reporter, evidence to the officer's chat.
NOTICE_KIND = "complaint_notice"
EVIDENCE_KIND = "complaint_evidence"
#: Officer roles that may handle a case (a village's desk and coordinators, the district
#: admin); the flows decide access, this keeps a forged effect of another role harmless.
HANDLING_ROLES = ("coordinator", "desk_officer")
#: Channels the delivery worker can reach unasked (the console cannot).
PUSH_CHANNELS = ("telegram",)


# --- shared -------------------------------------------------------------------------------------


async def officer_id_for(
    conn: AsyncConnection, channel: str, account: str, village_code: str
) -> int | None:
    """The officer row through which this account handles cases of that village, if any."""
    in_village = (officers.c.village_id == village_id_of(village_code)) & officers.c.role.in_(
        HANDLING_ROLES
    )
    in_district = (officers.c.district_code == village_code[:4]) & (
        officers.c.role == "district_admin"
    )
    row = (
        await conn.execute(
            select(officers.c.id)
            .where(
                officers.c.channel == channel,
                officers.c.external_id == account,
                officers.c.active.is_(True),
                or_(in_village, in_district),
            )
            .order_by(officers.c.id)
            .limit(1)
        )
    ).first()
    return int(row.id) if row is not None else None


def _evidence_rows(complaint_id: int, files: Iterable[CaseEvidence], now: datetime) -> list[Any]:
    return [
        {"complaint_id": complaint_id, "kind": f.kind, "telegram_file_id": f.file_id,
         "mime_type": f.mime_type, "size": f.size, "attempts": 0, "created_at": now}
        for f in files
    ]  # fmt: skip


async def _event(
    conn: AsyncConnection,
    complaint_id: int,
    actor: str,
    from_status: str | None,
    to_status: str,
    detail: str = "",
    officer_id: int | None = None,
) -> None:
    await conn.execute(
        insert(events).values(
            complaint_id=complaint_id, at=utcnow(), actor=actor, officer_id=officer_id,
            from_status=from_status, to_status=to_status, detail=detail[:2000],
        )
    )  # fmt: skip


async def _tell_reporter(conn: AsyncConnection, case: Any, notice: str) -> None:
    """Queue ``notice`` to the case's reporter (urgent cases' notices may come at night)."""
    if not notice.strip() or case.reporter_resident_id is None:
        return
    row = (
        await conn.execute(
            select(
                residents.c.id,
                residents.c.channel,
                residents.c.chat_id,
                func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
            )
            .select_from(residents.outerjoin(villages, villages.c.id == residents.c.village_id))
            .where(residents.c.id == case.reporter_resident_id)
        )
    ).first()
    if row is None or row.channel not in PUSH_CHANNELS:
        return
    await enqueue_deliveries(
        conn,
        kind=NOTICE_KIND,
        source_id=case.id,
        recipients=[Recipient(row.id, row.channel, row.chat_id, row.timezone)],
        payload={"text": notice},
        send_at=utcnow(),
        urgent=bool(case.urgent),
    )


# --- the reporter -------------------------------------------------------------------------------


def _upsert_draft(dialect: Any) -> Any:
    stmt = dialect.insert(drafts)
    return stmt.on_conflict_do_update(
        index_elements=[drafts.c.resident_id],
        set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at},
    )  # fmt: skip


_UPSERT_DRAFT = {"postgresql": _upsert_draft(postgresql), "sqlite": _upsert_draft(sqlite)}


async def _draft_saved(conn: AsyncConnection, person_id: int, effect: ComplaintDraftSaved) -> None:
    # One reminder per draft: touching it again keeps it 7 more days, not a second reminder.
    await conn.execute(
        _UPSERT_DRAFT[conn.dialect.name].values(
            resident_id=person_id, data=dict(effect.draft), updated_at=utcnow()
        )
    )


async def _drop_draft(conn: AsyncConnection, person_id: int) -> None:
    """The draft goes, and a reminder still waiting for the morning with it."""
    done = await conn.execute(delete(drafts).where(drafts.c.resident_id == person_id))
    if done.rowcount:
        await cancel_deliveries(conn, kind=DRAFT_REMINDER_KIND, source_id=person_id)


async def _draft_discarded(
    conn: AsyncConnection, person_id: int, effect: ComplaintDraftDiscarded
) -> None:
    await _drop_draft(conn, person_id)


async def _submitted(conn: AsyncConnection, person_id: int, effect: ComplaintSubmitted) -> None:
    now = utcnow()
    complaint_id = (
        await conn.execute(
            insert(complaints)
            .values(
                reference=effect.reference, village_id=village_id_of(effect.village_code),
                reporter_resident_id=person_id, category=effect.category,
                urgent=effect.urgent, affected=dict(effect.affected),
                description=effect.description, contact=effect.contact,
                disclosure=effect.disclosure, status="new", referred_to="",
                their_reference="", outcome="", created_at=now, due_at=effect.due_at,
                escalation_level=0, updated_at=now,
            )
            .returning(complaints.c.id)
        )
    ).scalar_one()  # fmt: skip
    await conn.execute(
        insert(messages).values(
            complaint_id=complaint_id, author="reporter", kind="report",
            text=effect.description, created_at=now,
        )
    )  # fmt: skip
    if effect.evidence:
        await conn.execute(insert(evidence), _evidence_rows(complaint_id, effect.evidence, now))
    await _event(conn, complaint_id, "reporter", None, "new", "reported")
    await _drop_draft(conn, person_id)


async def _own_open_case(conn: AsyncConnection, person_id: int, complaint_id: int) -> Any:
    """The reporter's own case if it is still open (locked on PostgreSQL), else None."""
    return (
        await conn.execute(
            select(complaints)
            .where(
                complaints.c.id == complaint_id,
                complaints.c.reporter_resident_id == person_id,
                complaints.c.status.in_(OPEN_STATUSES),
            )
            .with_for_update()
        )
    ).first()


async def _added(conn: AsyncConnection, person_id: int, effect: ComplaintAdded) -> None:
    case = await _own_open_case(conn, person_id, effect.complaint_id)
    if case is None:
        log.warning(
            "resident %d added to case %d: not their open case", person_id, effect.complaint_id
        )
        return
    now = utcnow()
    answering = case.status == "waiting_reporter"
    if effect.text.strip():
        await conn.execute(
            insert(messages).values(
                complaint_id=case.id, author="reporter",
                kind="answer" if answering else "addition", text=effect.text, created_at=now,
            )
        )  # fmt: skip
    if effect.evidence:
        await conn.execute(insert(evidence), _evidence_rows(case.id, effect.evidence, now))
    values: dict[str, Any] = {"updated_at": now}
    if answering:
        values["status"] = "in_progress"
        await _event(conn, case.id, "reporter", case.status, "in_progress", "reporter answered")
    await conn.execute(update(complaints).where(complaints.c.id == case.id).values(**values))


async def _withdrawn(conn: AsyncConnection, person_id: int, effect: ComplaintWithdrawn) -> None:
    case = await _own_open_case(conn, person_id, effect.complaint_id)
    if case is None:
        log.warning(
            "resident %d withdrew case %d: not their open case", person_id, effect.complaint_id
        )
        return
    await conn.execute(
        update(complaints)
        .where(complaints.c.id == case.id)
        .values(status="withdrawn", updated_at=utcnow())
    )
    await _event(conn, case.id, "reporter", case.status, "withdrawn", effect.reason)


# --- officers -----------------------------------------------------------------------------------


async def _village_case(conn: AsyncConnection, village_code: str, complaint_id: int) -> Any:
    """The case if it belongs to that village (locked on PostgreSQL), else None."""
    return (
        await conn.execute(
            select(complaints)
            .where(
                complaints.c.id == complaint_id,
                complaints.c.village_id == village_id_of(village_code),  # scoped in SQL
            )
            .with_for_update()
        )
    ).first()


async def _acting(conn: AsyncConnection, effect: Any) -> tuple[Any, int] | None:
    """The case and the acting officer's row, or None (logged) when either is not theirs."""
    officer = await officer_id_for(
        conn, effect.officer_channel, effect.officer_account, effect.village_code
    )
    case = await _village_case(conn, effect.village_code, effect.complaint_id)
    if officer is None or case is None:
        log.warning(
            "%s on case %d ignored: no such case in that village, or no handling role there",
            type(effect).__name__,
            effect.complaint_id,
        )
        return None
    return case, officer


async def _change(
    conn: AsyncConnection,
    case: Any,
    officer: int,
    *,
    status: str | None = None,
    detail: str = "",
    responded: bool = True,
    **values: Any,
) -> None:
    """Update the case (status, first response, owner) and record the event when it moves."""
    now = utcnow()
    values["updated_at"] = now
    if responded and case.first_response_at is None:
        values["first_response_at"] = now
    if case.owner_officer_id is None:
        values["owner_officer_id"] = officer
    if status is not None:
        values["status"] = status
    await conn.execute(update(complaints).where(complaints.c.id == case.id).values(**values))
    if status is not None:
        await _event(conn, case.id, "officer", case.status, status, detail, officer)


async def _took(conn: AsyncConnection, person_id: int, effect: OfficerTookCase) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    case, officer = found
    if case.status not in OPEN_STATUSES:
        return
    moves = case.status == "new"
    await _change(
        conn,
        case,
        officer,
        status="in_progress" if moves else None,
        detail="taken",
        responded=moves,
        owner_officer_id=officer,
    )
    if not moves:  # another officer takes it over: the history says so
        await _event(conn, case.id, "officer", case.status, case.status, "taken over", officer)
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "complaint.taken",
        ("complaint", str(case.id)),
    )  # fmt: skip
    await _tell_reporter(conn, case, effect.notice)


async def _answered(conn: AsyncConnection, person_id: int, effect: OfficerAnswered) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    case, officer = found
    asking = effect.kind == "question"
    if case.status == "withdrawn" or (asking and case.status not in OPEN_STATUSES):
        log.warning("officer question on case %d ignored: the case is %s", case.id, case.status)
        return
    await conn.execute(
        insert(messages).values(
            complaint_id=case.id, author="officer", officer_id=officer, kind=effect.kind,
            text=effect.text, created_at=utcnow(),
        )
    )  # fmt: skip
    if effect.kind == "note":  # internal: no response time, no notice, owner unchanged
        await conn.execute(
            update(complaints).where(complaints.c.id == case.id).values(updated_at=utcnow())
        )
    else:
        moves = asking and case.status != "waiting_reporter"
        await _change(
            conn, case, officer, status="waiting_reporter" if moves else None, detail="question"
        )
        await _tell_reporter(conn, case, effect.notice)
    await audit_officer(
        conn, effect.officer_account, effect.village_code, f"complaint.{effect.kind}",
        ("complaint", str(case.id)),
    )  # fmt: skip


#: Where an officer may move a case from: referred and resolved only while it is open; an
#: open or resolved case may be closed.
_MAY_MOVE_FROM = {
    "referred": OPEN_STATUSES,
    "resolved": OPEN_STATUSES,
    "closed": (*OPEN_STATUSES, "resolved"),
}


async def _status_changed(
    conn: AsyncConnection, person_id: int, effect: OfficerChangedStatus
) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    case, officer = found
    if case.status not in _MAY_MOVE_FROM[effect.status]:
        log.warning("case %d: %s → %s refused", case.id, case.status, effect.status)
        return
    values: dict[str, Any] = {}
    if effect.status == "referred":
        values = {"referred_to": effect.referred_to, "their_reference": effect.their_reference}
        detail = " ".join(p for p in (effect.referred_to, effect.their_reference) if p)
    else:
        if effect.outcome:
            values["outcome"] = effect.outcome
        detail = effect.outcome
    if effect.status == "resolved":
        values["resolved_at"] = utcnow()
    await _change(conn, case, officer, status=effect.status, detail=detail, **values)
    await audit_officer(
        conn, effect.officer_account, effect.village_code, f"complaint.{effect.status}",
        ("complaint", str(case.id)), {"from": case.status},
    )  # fmt: skip
    await _tell_reporter(conn, case, effect.notice)


async def _evidence_requested(
    conn: AsyncConnection, person_id: int, effect: EvidenceRequested
) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    case, _officer = found
    chat = (
        await conn.execute(
            select(residents.c.id, residents.c.channel, residents.c.chat_id).where(
                residents.c.channel == effect.officer_channel,
                residents.c.external_id == effect.officer_account,
            )
        )
    ).first()
    files = (
        await conn.execute(
            select(evidence.c.kind, evidence.c.telegram_file_id)
            .where(evidence.c.complaint_id == case.id)
            .order_by(evidence.c.id)
        )
    ).all()
    if chat is not None and chat.channel in PUSH_CHANNELS:
        for number, file in enumerate(files, start=1):
            await enqueue_deliveries(
                conn,
                kind=EVIDENCE_KIND,
                source_id=case.id,
                recipients=[Recipient(chat.id, chat.channel, chat.chat_id)],
                payload={
                    "text": f"{case.reference} {number}/{len(files)}",
                    "attachment": {"kind": file.kind, "file_id": file.telegram_file_id},
                },
                send_at=utcnow(),
                urgent=True,  # the officer asked for it just now
            )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "complaint.evidence_viewed",
        ("complaint", str(case.id)), {"files": len(files)},
    )  # fmt: skip


STORAGE = CapabilityStorage(
    name="complaints",
    effects={
        ComplaintDraftSaved: _draft_saved,
        ComplaintDraftDiscarded: _draft_discarded,
        ComplaintSubmitted: _submitted,
        ComplaintAdded: _added,
        ComplaintWithdrawn: _withdrawn,
        OfficerTookCase: _took,
        OfficerAnswered: _answered,
        OfficerChangedStatus: _status_changed,
        EvidenceRequested: _evidence_requested,
    },
    queries=SqlComplaintQueries,
    seed=seed_complaints,
)
