"""Storage of the complaints capability: cases, their conversation, evidence and history.

Every statement is scoped in SQL: a reporter's writes only touch their own open cases, an
officer's (``storage/complaint_officers.py``) only cases of the village they act for, so a
forged button or a guessed id changes nothing (the effect is logged and ignored, as
announcements do with another village's id). A public change is told to the reporter through
the delivery engine in the same transaction; the flow has already written that ``notice`` in
the reporter's language. Tables: ``storage/complaint_models.py``; reads:
``storage/complaint_queries.py``; background jobs: ``storage/complaint_jobs.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.complaints import (
    OPEN_STATUSES,
    ComplaintAdded,
    ComplaintDraftDiscarded,
    ComplaintDraftSaved,
    ComplaintSubmitted,
    ComplaintWithdrawn,
)
from storage.capability import CapabilityStorage
from storage.complaint_jobs import DRAFT_REMINDER_KIND
from storage.complaint_models import Complaint, ComplaintDraft, ComplaintEvidence, ComplaintMessage
from storage.complaint_officers import OFFICER_HANDLERS
from storage.complaint_queries import SqlComplaintQueries
from storage.complaint_seed import seed_complaints
from storage.complaint_writes import evidence_rows, record_event
from storage.deliveries import cancel_deliveries
from storage.models import table_of, utcnow, village_id_of

__all__ = ["STORAGE"]

log = logging.getLogger(__name__)

complaints = table_of(Complaint)
messages = table_of(ComplaintMessage)
evidence = table_of(ComplaintEvidence)
drafts = table_of(ComplaintDraft)


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
        await conn.execute(insert(evidence), evidence_rows(complaint_id, effect.evidence, now))
    await record_event(conn, complaint_id, "reporter", None, "new", "reported")
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
        await conn.execute(insert(evidence), evidence_rows(case.id, effect.evidence, now))
    values: dict[str, Any] = {"updated_at": now}
    if answering:
        values["status"] = "in_progress"
        await record_event(
            conn, case.id, "reporter", case.status, "in_progress", "reporter answered"
        )
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
    await record_event(conn, case.id, "reporter", case.status, "withdrawn", effect.reason)


STORAGE = CapabilityStorage(
    name="complaints",
    effects={
        ComplaintDraftSaved: _draft_saved,
        ComplaintDraftDiscarded: _draft_discarded,
        ComplaintSubmitted: _submitted,
        ComplaintAdded: _added,
        ComplaintWithdrawn: _withdrawn,
        **OFFICER_HANDLERS,
    },
    queries=SqlComplaintQueries,
    seed=seed_complaints,
)
