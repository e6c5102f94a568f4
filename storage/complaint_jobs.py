"""The complaint jobs' side of the database: deadlines, draft reminders and evidence copies.

Why it is shaped like this: two bot processes may share one PostgreSQL database, and each runs
these jobs. Every job claims its rows before acting (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, where two processes never hold the same row; SQLite has one writer at a time) and
moves them on with a guarded UPDATE (``WHERE escalation_level = <the level read>``,
``WHERE reminded_at IS NULL``), in the same transaction as the deliveries it queues. So a case
is escalated and a draft reminded exactly once, however many processes run and whenever one
dies. Texts come from the caller (the flows render them in each recipient's language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.complaints import (
    DRAFT_KEPT_FOR,
    DRAFT_REMIND_AFTER,
    ESCALATE_AGAIN_AFTER,
    ESCALATION_ROLES,
    Escalation,
)
from storage.audit import write_audit
from storage.complaint_models import (
    Complaint,
    ComplaintDraft,
    ComplaintEvent,
    ComplaintEvidence,
)
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Officer, Resident, Village, table_of

__all__ = [
    "DRAFT_REMINDER_KIND",
    "ESCALATING_STATUSES",
    "ESCALATION_KIND",
    "MAX_FETCH_ATTEMPTS",
    "ComplaintJobStore",
    "EvidenceToFetch",
    "fetch_backoff",
]

complaints = table_of(Complaint)
drafts = table_of(ComplaintDraft)
events = table_of(ComplaintEvent)
evidence = table_of(ComplaintEvidence)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

ESCALATION_KIND = "complaint_escalation"
DRAFT_REMINDER_KIND = "complaint_draft_reminder"
#: Cases the village desk still owes something; a referred case is in someone else's hands.
ESCALATING_STATUSES = ("new", "in_progress", "waiting_reporter")
#: Download tries of one evidence file before the bot stops (the file id is kept).
MAX_FETCH_ATTEMPTS = 5
#: Channels the delivery worker can reach unasked (the console cannot).
_PUSH = ("telegram",)

#: Writes a notice for one person: (their chosen locale, their app's language) → text.
Text = Callable[[str | None, str | None], str]


@dataclass(frozen=True, slots=True)
class EvidenceToFetch:
    """One evidence file this process now holds for downloading."""

    id: int
    kind: str
    file_id: str
    mime_type: str | None
    size: int | None
    attempts: int  # before this one
    village_code: str
    reference: str


def fetch_backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed download (1, 4, 16, 64 minutes)."""
    return timedelta(minutes=4 ** max(0, attempts - 1))


async def _queue(
    conn: AsyncConnection, kind: str, source_id: int, people: list[Any], text: Text, **how: Any
) -> int:
    """One delivery per person, each in their own language (one payload per language)."""
    by_text: dict[str, list[Recipient]] = {}
    for p in people:
        if p.channel in _PUSH:
            recipient = Recipient(p.id, p.channel, p.chat_id, p.timezone)
            by_text.setdefault(text(p.locale, p.language_code), []).append(recipient)
    told = 0
    for message, recipients in by_text.items():
        told += await enqueue_deliveries(
            conn, kind=kind, source_id=source_id, recipients=recipients,
            payload={"text": message}, **how,
        )  # fmt: skip
    return told


_PERSON = (
    residents.c.id,
    residents.c.channel,
    residents.c.chat_id,
    residents.c.locale,
    residents.c.language_code,
)


class ComplaintJobStore:
    """The jobs' statements, each batch in its own short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    # --- deadlines ------------------------------------------------------------------------------

    async def escalate(
        self, now: datetime, text: Callable[[Escalation], Text], *, limit: int = 50
    ) -> int:
        """Escalate open cases nobody answered by their deadline one level; returns how many.

        The deadline is the target for the desk's first answer (categories.toml). Level 1: the
        village's coordinators are told. Level 2, a case still unanswered
        ``ESCALATE_AGAIN_AFTER`` later: the district admins of the village's kabupaten.
        """
        first = (complaints.c.escalation_level == 0) & (complaints.c.due_at <= now)
        again = (complaints.c.escalation_level == 1) & (
            complaints.c.escalated_at <= now - ESCALATE_AGAIN_AFTER
        )
        query = (
            select(
                complaints.c.id, complaints.c.reference, complaints.c.category,
                complaints.c.status, complaints.c.due_at, complaints.c.escalation_level,
                complaints.c.village_id, villages.c.code, villages.c.name, villages.c.timezone,
            )
            .join(villages, villages.c.id == complaints.c.village_id)
            .where(
                complaints.c.status.in_(ESCALATING_STATUSES),
                complaints.c.first_response_at.is_(None),
                or_(first, again),
            )
            .order_by(complaints.c.due_at, complaints.c.id)
            .limit(limit)
            .with_for_update(of=complaints, skip_locked=True)
        )  # fmt: skip
        moved = 0
        async with self._engine.begin() as conn:
            for case in (await conn.execute(query)).all():
                level = case.escalation_level + 1
                claimed = await conn.execute(
                    update(complaints)
                    .where(
                        complaints.c.id == case.id,
                        complaints.c.escalation_level == case.escalation_level,
                    )
                    .values(escalation_level=level, escalated_at=now)
                )
                if not claimed.rowcount:  # another process got there first
                    continue
                facts = Escalation(
                    case.id, case.reference, case.category, case.name, case.timezone,
                    case.due_at, level,
                )  # fmt: skip
                people = await self._officers(conn, level, case.village_id, case.code)
                told = await _queue(
                    conn, ESCALATION_KIND, case.id, people, text(facts), send_at=now, urgent=True
                )
                role = ESCALATION_ROLES[level]
                await conn.execute(
                    events.insert().values(
                        complaint_id=case.id, at=now, actor="system", officer_id=None,
                        from_status=case.status, to_status=case.status,
                        detail=f"past its deadline: {told} {role}(s) told",
                    )
                )  # fmt: skip
                await write_audit(
                    conn, actor_type="system", actor_id="complaint-jobs",
                    village_id=case.village_id, action="complaint.escalated",
                    subject=("complaint", str(case.id)), detail={"level": level, "told": told},
                )  # fmt: skip
                moved += 1
        return moved

    @staticmethod
    async def _officers(
        conn: AsyncConnection, level: int, village_id: int, village_code: str
    ) -> list[Any]:
        """The active officers told at ``level``, as people the delivery engine can reach."""
        role = ESCALATION_ROLES[level]
        where = (
            officers.c.village_id == village_id
            if role != "district_admin"
            else officers.c.district_code == village_code[:4]
        )
        query = (
            select(*_PERSON, func.coalesce(residents.c.timezone, "Asia/Jakarta").label("timezone"))
            .select_from(
                officers.join(
                    residents,
                    (residents.c.channel == officers.c.channel)
                    & (residents.c.external_id == officers.c.external_id),
                )
            )
            .where(where, officers.c.role == role, officers.c.active.is_(True))
            .order_by(residents.c.id)
            .distinct()
        )
        return list((await conn.execute(query)).all())

    # --- drafts ---------------------------------------------------------------------------------

    async def remind_drafts(self, now: datetime, text: Text, *, limit: int = 200) -> int:
        """One reminder per draft left untouched ``DRAFT_REMIND_AFTER``; returns how many."""
        query = (
            select(
                drafts.c.resident_id, *_PERSON,
                func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
            )
            .select_from(
                drafts.join(residents, residents.c.id == drafts.c.resident_id).outerjoin(
                    villages, villages.c.id == residents.c.village_id
                )
            )
            .where(
                drafts.c.reminded_at.is_(None),
                drafts.c.updated_at <= now - DRAFT_REMIND_AFTER,
                drafts.c.updated_at > now - DRAFT_KEPT_FOR,
            )
            .order_by(drafts.c.updated_at)
            .limit(limit)
            .with_for_update(of=drafts, skip_locked=True)
        )  # fmt: skip
        reminded = 0
        async with self._engine.begin() as conn:
            for person in (await conn.execute(query)).all():
                claimed = await conn.execute(
                    update(drafts)
                    .where(drafts.c.resident_id == person.id, drafts.c.reminded_at.is_(None))
                    .values(reminded_at=now)
                )
                if claimed.rowcount:
                    # urgent=False: a reminder waits for the person's morning
                    await _queue(
                        conn, DRAFT_REMINDER_KIND, person.id, [person], text,
                        send_at=now, urgent=False,
                    )  # fmt: skip
                    reminded += 1
        return reminded

    async def delete_old_drafts(self, now: datetime) -> int:
        """Drop drafts untouched for ``DRAFT_KEPT_FOR``; returns how many."""
        async with self._engine.begin() as conn:
            done = await conn.execute(
                delete(drafts).where(drafts.c.updated_at <= now - DRAFT_KEPT_FOR)
            )
        return int(done.rowcount)

    # --- evidence files -------------------------------------------------------------------------

    async def claim_evidence(
        self, now: datetime, *, limit: int = 10, hold: timedelta = timedelta(minutes=10)
    ) -> list[EvidenceToFetch]:
        """Take up to ``limit`` files still to download; nobody else tries them for ``hold``."""
        query = (
            select(
                evidence.c.id, evidence.c.kind, evidence.c.telegram_file_id,
                evidence.c.mime_type, evidence.c.size, evidence.c.attempts,
                villages.c.code, complaints.c.reference,
            )
            .select_from(
                evidence.join(complaints, complaints.c.id == evidence.c.complaint_id).join(
                    villages, villages.c.id == complaints.c.village_id
                )
            )
            .where(
                evidence.c.local_path.is_(None),
                evidence.c.attempts < MAX_FETCH_ATTEMPTS,
                or_(evidence.c.next_attempt_at.is_(None), evidence.c.next_attempt_at <= now),
            )
            .order_by(evidence.c.id)
            .limit(limit)
            .with_for_update(of=evidence, skip_locked=True)
        )  # fmt: skip
        async with self._engine.begin() as conn:
            rows = (await conn.execute(query)).all()
            if rows:
                await conn.execute(
                    update(evidence)
                    .where(evidence.c.id.in_([r.id for r in rows]))
                    .values(next_attempt_at=now + hold)
                )
        return [
            EvidenceToFetch(
                r.id, r.kind, r.telegram_file_id, r.mime_type, r.size, r.attempts, r.code,
                r.reference,
            )
            for r in rows
        ]  # fmt: skip

    async def evidence_fetched(self, evidence_id: int, local_path: str, now: datetime) -> None:
        """Record our copy of one file (``local_path`` relative to FILES_DIR)."""
        await self._evidence(
            evidence_id, local_path=local_path, fetched_at=now, fetch_error=None,
            next_attempt_at=None, attempts=evidence.c.attempts + 1,
        )  # fmt: skip

    async def evidence_failed(
        self, evidence_id: int, error: str, now: datetime, *, final: bool = False
    ) -> None:
        """Record a failed download: tried again later with a growing wait, or never (final)."""
        async with self._engine.begin() as conn:
            attempts = (
                await conn.execute(select(evidence.c.attempts).where(evidence.c.id == evidence_id))
            ).scalar_one_or_none()
            if attempts is None:
                return
            tried = MAX_FETCH_ATTEMPTS if final else attempts + 1
            await conn.execute(
                update(evidence)
                .where(evidence.c.id == evidence_id)
                .values(
                    attempts=tried, fetch_error=error[:500],
                    next_attempt_at=now + fetch_backoff(tried),
                )
            )  # fmt: skip

    async def _evidence(self, evidence_id: int, **values: Any) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                update(evidence).where(evidence.c.id == evidence_id).values(**values)
            )
