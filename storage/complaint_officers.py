"""The officers' writes on a case: take it, answer, ask, note, refer, resolve, close, see files.

Each is scoped in SQL to the village the officer acts for and to an officer row that may
handle cases there (a desk officer or coordinator of the village, or the kabupaten's district
admin): a forged button, another village's case id or another role changes nothing; the
effect is logged and ignored, as announcements do. Each change is audited, moves the case's
history, sets the first response time when due, and tells the reporter through the delivery
engine when the flow wrote a notice.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.complaints import (
    OPEN_STATUSES,
    EvidenceRequested,
    OfficerAnswered,
    OfficerChangedStatus,
    OfficerTookCase,
)
from flows.engine.effects import Effect
from storage.audit import audit_officer
from storage.capability import EffectHandler
from storage.complaint_models import Complaint, ComplaintEvidence, ComplaintMessage
from storage.complaint_writes import (
    EVIDENCE_KIND,
    PUSH_CHANNELS,
    officer_id_for,
    record_event,
    tell_reporter,
)
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Resident, table_of, utcnow, village_id_of

__all__ = ["OFFICER_HANDLERS"]

log = logging.getLogger(__name__)

complaints = table_of(Complaint)
messages = table_of(ComplaintMessage)
evidence = table_of(ComplaintEvidence)
residents = table_of(Resident)


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
        await record_event(conn, case.id, "officer", case.status, status, detail, officer)


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
        await record_event(
            conn, case.id, "officer", case.status, case.status, "taken over", officer
        )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "complaint.taken",
        ("complaint", str(case.id)),
    )  # fmt: skip
    await tell_reporter(conn, case, effect.notice)


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
        # a question waits for the reporter; a reply to a new case means it is being handled
        if asking:
            status = "waiting_reporter" if case.status != "waiting_reporter" else None
        else:
            status = "in_progress" if case.status == "new" else None
        await _change(conn, case, officer, status=status, detail=effect.kind)
        await tell_reporter(conn, case, effect.notice)
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
    await tell_reporter(conn, case, effect.notice)


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


OFFICER_HANDLERS: dict[type[Effect], EffectHandler] = {
    OfficerTookCase: _took,
    OfficerAnswered: _answered,
    OfficerChangedStatus: _status_changed,
    EvidenceRequested: _evidence_requested,
}
