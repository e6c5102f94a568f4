"""The checklist jobs' side of the database: reminders, expiry warnings and file copies.

Shaped like the complaint jobs (``storage/complaint_jobs.py``) because they run in the same
loop: two bot processes may share one PostgreSQL database, so every job claims its rows
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and moves them on with a guarded UPDATE
(``WHERE reminded_at`` is what was read, ``WHERE expiry_warning = <level read>``) in the same
transaction as the deliveries it queues: each reminder and warning goes out once. File
copies use the same claim/record interface as complaint evidence, so the one downloader in
``bot/complaint_jobs.py`` copies both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.checklists import (
    EXPIRY_WARNINGS,
    READY_STATUSES,
    REMIND_AFTER,
    WARNED_ROLES,
    ExpiryWarning,
)
from storage.checklist_models import Checklist, ChecklistEvent, ChecklistFile, ChecklistItem
from storage.complaint_jobs import MAX_FETCH_ATTEMPTS, EvidenceToFetch, fetch_backoff
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Officer, Resident, Village, table_of

__all__ = ["EXPIRY_KIND", "REMINDER_KIND", "ChecklistJobStore"]

checklists = table_of(Checklist)
items = table_of(ChecklistItem)
files = table_of(ChecklistFile)
events = table_of(ChecklistEvent)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

REMINDER_KIND = "checklist_reminder"
EXPIRY_KIND = "checklist_expiry"
_PUSH = ("telegram",)

#: Writes a notice for one person: (their chosen locale, their app's language) → text.
Text = Callable[[str | None, str | None], str]

_PERSON = (
    residents.c.id, residents.c.channel, residents.c.chat_id, residents.c.locale,
    residents.c.language_code,
    func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
)  # fmt: skip


async def _queue(
    conn: AsyncConnection, kind: str, source_id: int, people: list[Any], text: Text
) -> int:
    """One delivery per person in their language, in their daytime."""
    told = 0
    for p in people:
        if p.channel in _PUSH:
            told += await enqueue_deliveries(
                conn, kind=kind, source_id=source_id,
                recipients=[Recipient(p.id, p.channel, p.chat_id, p.timezone)],
                payload={"text": text(p.locale, p.language_code)},
                send_at=_now(conn), urgent=False,
            )  # fmt: skip
    return told


def _now(conn: AsyncConnection) -> datetime:
    return conn.info["now"]  # type: ignore[no-any-return]


class ChecklistJobStore:
    """The jobs' statements, each batch in its own short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    # --- reminders ------------------------------------------------------------------------------

    async def remind(
        self, now: datetime, text: Callable[[str, int, int], Text], *, limit: int = 200
    ) -> int:
        """One reminder per checklist untouched ``REMIND_AFTER`` (and not since reminded)."""
        ready = func.sum(case((items.c.status.in_(READY_STATUSES), 1), else_=0))
        query = (
            select(checklists.c.id, checklists.c.reference, checklists.c.reminded_at,
                   *_PERSON, func.count(items.c.id).label("total"), ready.label("ready"))
            .select_from(
                checklists.join(residents, residents.c.id == checklists.c.resident_id)
                .outerjoin(villages, villages.c.id == residents.c.village_id)
                .outerjoin(items, items.c.checklist_id == checklists.c.id)
            )
            .where(
                checklists.c.status == "active", checklists.c.reminders_on.is_(True),
                checklists.c.touched_at <= now - REMIND_AFTER,
                or_(checklists.c.reminded_at.is_(None),
                    checklists.c.reminded_at < checklists.c.touched_at),
            )
            .group_by(checklists.c.id, checklists.c.reference, checklists.c.reminded_at,
                      *_PERSON)
            .order_by(checklists.c.id)
            .limit(limit)
        )  # fmt: skip
        reminded = 0
        async with self._engine.begin() as conn:
            conn.info["now"] = now
            for row in (await conn.execute(query)).all():
                if int(row.ready or 0) >= int(row.total or 0):
                    continue  # nothing left to do on it
                guard = (
                    checklists.c.reminded_at.is_(None)
                    if row.reminded_at is None
                    else checklists.c.reminded_at == row.reminded_at
                )
                claimed = await conn.execute(
                    update(checklists)
                    .where(checklists.c.id == row.id, guard)
                    .values(reminded_at=now)
                )
                if claimed.rowcount:
                    said = text(row.reference, int(row.ready or 0), int(row.total))
                    await _queue(conn, REMINDER_KIND, row.id, [row], said)
                    reminded += 1
        return reminded

    # --- expiry ---------------------------------------------------------------------------------

    async def warn_expiry(
        self, now: datetime, text: Callable[[ExpiryWarning, bool], Text], *, limit: int = 200
    ) -> int:
        """Warn keeper and desk 30, then 7 days before an entered expiry date; returns how many."""
        today = now.date()
        due = or_(*(
            (items.c.expiry_warning < level) & (items.c.expires_on <= today + timedelta(days=days))
            for level, days in EXPIRY_WARNINGS.items()
        ))  # fmt: skip
        query = (
            select(items.c.id, items.c.item, items.c.status, items.c.expires_on,
                   items.c.expiry_warning, checklists.c.reference, checklists.c.resident_id,
                   residents.c.village_id, villages.c.name.label("village_name"))
            .join(checklists, checklists.c.id == items.c.checklist_id)
            .join(residents, residents.c.id == checklists.c.resident_id)
            .outerjoin(villages, villages.c.id == residents.c.village_id)
            .where(items.c.expires_on.is_not(None), items.c.expires_on >= today,
                   checklists.c.status == "active", due)
            .order_by(items.c.expires_on, items.c.id)
            .limit(limit)
            .with_for_update(of=items, skip_locked=True)
        )  # fmt: skip
        warned = 0
        async with self._engine.begin() as conn:
            conn.info["now"] = now
            for row in (await conn.execute(query)).all():
                left = (row.expires_on - today).days
                level = max(lv for lv, days in EXPIRY_WARNINGS.items() if left <= days)
                claimed = await conn.execute(
                    update(items)
                    .where(items.c.id == row.id, items.c.expiry_warning == row.expiry_warning)
                    .values(expiry_warning=level)
                )
                if not claimed.rowcount:
                    continue
                facts = ExpiryWarning(row.id, row.item, row.reference, row.village_name or "",
                                      row.expires_on, level)  # fmt: skip
                keeper = (
                    await conn.execute(
                        select(*_PERSON)
                        .select_from(residents.outerjoin(
                            villages, villages.c.id == residents.c.village_id))
                        .where(residents.c.id == row.resident_id)
                    )
                ).all()  # fmt: skip
                await _queue(conn, EXPIRY_KIND, row.id, list(keeper), text(facts, False))
                if row.village_id is not None:
                    desk = await self._desk(conn, row.village_id)
                    await _queue(conn, EXPIRY_KIND, row.id, desk, text(facts, True))
                await conn.execute(
                    events.insert().values(
                        item_id=row.id, at=now, actor="system", officer_id=None,
                        from_status=row.status, to_status=row.status,
                        detail=f"expiry warning {level}: {left} day(s) left",
                    )
                )  # fmt: skip
                warned += 1
        return warned

    @staticmethod
    async def _desk(conn: AsyncConnection, village_id: int) -> list[Any]:
        """The village's active desk officers and coordinators, as reachable people."""
        query = (
            select(*_PERSON)
            .select_from(
                officers.join(
                    residents,
                    (residents.c.channel == officers.c.channel)
                    & (residents.c.external_id == officers.c.external_id),
                ).outerjoin(villages, villages.c.id == officers.c.village_id)
            )
            .where(
                officers.c.village_id == village_id,
                officers.c.role.in_(WARNED_ROLES),
                officers.c.active.is_(True),
            )
            .order_by(residents.c.id)
            .distinct()
        )
        return list((await conn.execute(query)).all())

    # --- file copies (the same interface as complaint evidence) --------------------------------

    async def claim_evidence(
        self, now: datetime, *, limit: int = 10, hold: timedelta = timedelta(minutes=10)
    ) -> list[EvidenceToFetch]:
        """Take up to ``limit`` files still to copy; nobody else tries them for ``hold``."""
        query = (
            select(files.c.id, files.c.kind, files.c.telegram_file_id, files.c.mime_type,
                   files.c.size, files.c.attempts, villages.c.code, checklists.c.reference)
            .select_from(
                files.join(items, items.c.id == files.c.item_id)
                .join(checklists, checklists.c.id == items.c.checklist_id)
                .join(residents, residents.c.id == checklists.c.resident_id)
                .outerjoin(villages, villages.c.id == residents.c.village_id)
            )
            .where(
                files.c.local_path.is_(None), files.c.withdrawn_at.is_(None),
                files.c.attempts < MAX_FETCH_ATTEMPTS,
                or_(files.c.next_attempt_at.is_(None), files.c.next_attempt_at <= now),
            )
            .order_by(files.c.id)
            .limit(limit)
            .with_for_update(of=files, skip_locked=True)
        )  # fmt: skip
        async with self._engine.begin() as conn:
            rows = (await conn.execute(query)).all()
            if rows:
                await conn.execute(
                    update(files)
                    .where(files.c.id.in_([r.id for r in rows]))
                    .values(next_attempt_at=now + hold)
                )
        return [
            EvidenceToFetch(r.id, r.kind, r.telegram_file_id, r.mime_type, r.size, r.attempts,
                            r.code or "no-village", r.reference)
            for r in rows
        ]  # fmt: skip

    async def evidence_fetched(self, file_id: int, local_path: str, now: datetime) -> None:
        """Record our copy of one file (relative to FILES_DIR); a file withdrawn meanwhile is
        left for the purge."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(files).where(files.c.id == file_id).values(
                    local_path=local_path, fetched_at=now, fetch_error=None,
                    next_attempt_at=None, attempts=files.c.attempts + 1,
                )
            )  # fmt: skip

    async def evidence_failed(
        self, file_id: int, error: str, now: datetime, *, final: bool = False
    ) -> None:
        """Record a failed download: tried again later with a growing wait, or never (final)."""
        async with self._engine.begin() as conn:
            attempts = (
                await conn.execute(select(files.c.attempts).where(files.c.id == file_id))
            ).scalar_one_or_none()
            if attempts is None:
                return
            tried = MAX_FETCH_ATTEMPTS if final else attempts + 1
            await conn.execute(
                update(files).where(files.c.id == file_id).values(
                    attempts=tried, fetch_error=error[:500],
                    next_attempt_at=now + fetch_backoff(tried),
                )
            )  # fmt: skip

    # --- withdrawn files --------------------------------------------------------------------

    async def withdrawn_copies(self, *, limit: int = 50) -> list[tuple[int, str]]:
        """Copies of files their keeper withdrew, still on disk: (file id, path)."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(files.c.id, files.c.local_path)
                .where(files.c.withdrawn_at.is_not(None), files.c.local_path.is_not(None))
                .order_by(files.c.id)
                .limit(limit)
            )
            return [(r.id, str(r.local_path)) for r in rows]

    async def copy_purged(self, file_id: int, now: datetime) -> None:
        """Our copy of a withdrawn file is gone from disk."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(files).where(files.c.id == file_id).values(local_path=None, purged_at=now)
            )
