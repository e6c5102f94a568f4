"""Storage of the checklists capability: a keeper's checklists, items, files and history.

Every keeper statement is scoped in SQL to a checklist the person keeps, so a forged button
or a guessed id changes nothing (the effect is logged and ignored). Officers' writes are in
``storage/checklist_officers.py``; reads in ``storage/checklist_queries.py``; the background
jobs in ``storage/checklist_jobs.py``; tables in ``storage/checklist_models.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.checklists import (
    ChecklistClosed,
    ChecklistFileSent,
    ChecklistFileWithdrawn,
    ChecklistItemMarked,
    ChecklistRemindersSet,
    ChecklistStarted,
)
from storage.capability import CapabilityStorage
from storage.checklist_models import Checklist, ChecklistFile, ChecklistItem
from storage.checklist_officers import OFFICER_HANDLERS
from storage.checklist_queries import SqlChecklistQueries
from storage.checklist_seed import seed_checklists
from storage.checklist_writes import record_event
from storage.models import table_of, utcnow

__all__ = ["STORAGE", "Checklist", "ChecklistFile", "ChecklistItem"]

log = logging.getLogger(__name__)

checklists = table_of(Checklist)
items = table_of(ChecklistItem)
files = table_of(ChecklistFile)


async def _started(conn: AsyncConnection, person_id: int, effect: ChecklistStarted) -> None:
    now = utcnow()
    checklist_id = (
        await conn.execute(
            insert(checklists)
            .values(
                reference=effect.reference, resident_id=person_id, template=effect.template,
                for_whom=effect.for_whom, relative_name=effect.relative_name[:120],
                relative_relation=effect.relative_relation[:40], status="active",
                reminders_on=True, created_at=now, touched_at=now,
            )
            .returning(checklists.c.id)
        )
    ).scalar_one()  # fmt: skip
    await conn.execute(
        insert(items),
        [
            {"checklist_id": checklist_id, "item": item, "position": n, "status": "missing",
             "return_reason": "", "return_note": "", "expiry_warning": 0, "updated_at": now}
            for n, item in enumerate(effect.items)
        ],
    )  # fmt: skip


async def _own_item(conn: AsyncConnection, person_id: int, checklist_id: int, item_id: int) -> Any:
    """The item if it is on a checklist this person keeps (locked on PostgreSQL), else None."""
    return (
        await conn.execute(
            select(items)
            .join(checklists, checklists.c.id == items.c.checklist_id)
            .where(
                items.c.id == item_id,
                items.c.checklist_id == checklist_id,
                checklists.c.resident_id == person_id,
            )
            .with_for_update(of=items)
        )
    ).first()


async def _touch(conn: AsyncConnection, checklist_id: int) -> None:
    await conn.execute(
        update(checklists).where(checklists.c.id == checklist_id).values(touched_at=utcnow())
    )


async def _move(conn: AsyncConnection, item: Any, status: str, detail: str, **values: Any) -> None:
    await conn.execute(
        update(items).where(items.c.id == item.id).values(status=status, updated_at=utcnow(),
                                                         **values)
    )  # fmt: skip
    await record_event(conn, item.id, "resident", item.status, status, detail)
    await _touch(conn, item.checklist_id)


async def _marked(conn: AsyncConnection, person_id: int, effect: ChecklistItemMarked) -> None:
    item = await _own_item(conn, person_id, effect.checklist_id, effect.item_id)
    if item is None or item.status not in ("missing", "have"):
        log.warning("resident %d marked item %d: not theirs, or already with the desk",
                    person_id, effect.item_id)  # fmt: skip
        return
    status = "have" if effect.have else "missing"
    if status != item.status:
        await _move(conn, item, status, "marked" if effect.have else "unmarked")


async def _file_sent(conn: AsyncConnection, person_id: int, effect: ChecklistFileSent) -> None:
    item = await _own_item(conn, person_id, effect.checklist_id, effect.item_id)
    if item is None:
        log.warning("resident %d sent a file for item %d: not theirs", person_id, effect.item_id)
        return
    now = utcnow()
    await conn.execute(
        insert(files).values(
            item_id=item.id, kind=effect.file.kind, telegram_file_id=effect.file.file_id,
            mime_type=effect.file.mime_type, size=effect.file.size, attempts=0, created_at=now,
        )
    )  # fmt: skip
    # a verified document stays verified; anything else now waits for the desk
    status = "verified" if item.status == "verified" else "submitted"
    await _move(conn, item, status, f"file sent ({effect.file.kind})", submitted_at=now,
                return_reason="", return_note="")  # fmt: skip


async def _file_withdrawn(
    conn: AsyncConnection, person_id: int, effect: ChecklistFileWithdrawn
) -> None:
    item = await _own_item(conn, person_id, effect.checklist_id, effect.item_id)
    if item is None:
        log.warning("resident %d withdrew a file of item %d: not theirs", person_id, effect.item_id)
        return
    done = await conn.execute(
        update(files)
        .where(files.c.id == effect.file_id, files.c.item_id == item.id,
               files.c.withdrawn_at.is_(None))
        .values(withdrawn_at=utcnow(), telegram_file_id="")
    )  # fmt: skip
    if not done.rowcount:
        return
    left = (
        await conn.execute(
            select(files.c.id).where(files.c.item_id == item.id, files.c.withdrawn_at.is_(None))
        )
    ).first()
    # with no file left, a document waiting for the desk goes back to "you have it"
    status = "have" if left is None and item.status in ("submitted", "returned") else item.status
    await _move(conn, item, status, "file withdrawn")


async def _own_checklist(conn: AsyncConnection, person_id: int, checklist_id: int) -> bool:
    found = await conn.execute(
        select(checklists.c.id).where(
            checklists.c.id == checklist_id, checklists.c.resident_id == person_id
        )
    )
    return found.first() is not None


async def _reminders(conn: AsyncConnection, person_id: int, effect: ChecklistRemindersSet) -> None:
    if not await _own_checklist(conn, person_id, effect.checklist_id):
        log.warning("resident %d set reminders of checklist %d: not theirs", person_id,
                    effect.checklist_id)  # fmt: skip
        return
    await conn.execute(
        update(checklists)
        .where(checklists.c.id == effect.checklist_id)
        .values(reminders_on=effect.on, touched_at=utcnow())
    )


async def _closed(conn: AsyncConnection, person_id: int, effect: ChecklistClosed) -> None:
    if not await _own_checklist(conn, person_id, effect.checklist_id):
        log.warning("resident %d closed checklist %d: not theirs", person_id, effect.checklist_id)
        return
    now = utcnow()
    await conn.execute(
        update(checklists)
        .where(checklists.c.id == effect.checklist_id, checklists.c.status == "active")
        .values(status=effect.status, closed_at=now, touched_at=now)
    )


STORAGE = CapabilityStorage(
    name="checklists",
    effects={
        ChecklistStarted: _started,
        ChecklistItemMarked: _marked,
        ChecklistFileSent: _file_sent,
        ChecklistFileWithdrawn: _file_withdrawn,
        ChecklistRemindersSet: _reminders,
        ChecklistClosed: _closed,
        **OFFICER_HANDLERS,
    },
    queries=SqlChecklistQueries,
    seed=seed_checklists,
)
