"""What the checklists capability's writes share: the item's scope, history and notices.

Used by the keeper's handlers (``storage/capabilities/checklists.py``) and the officers'
(``storage/checklist_officers.py``). Whose village an item is in is its keeper's current
village, so every officer statement joins the keeper's ``residents`` row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.checklist_models import Checklist, ChecklistEvent, ChecklistItem
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Resident, Village, table_of, utcnow, village_id_of

__all__ = [
    "FILE_KIND",
    "NOTICE_KIND",
    "PUSH_CHANNELS",
    "record_event",
    "tell_keeper",
    "village_item",
]

checklists = table_of(Checklist)
items = table_of(ChecklistItem)
events = table_of(ChecklistEvent)
residents = table_of(Resident)
villages = table_of(Village)

#: Deliveries: a notice to the keeper, a file to the officer's chat, the jobs' messages.
NOTICE_KIND = "checklist_notice"
FILE_KIND = "checklist_file"
#: Channels the delivery worker can reach unasked (the console cannot).
PUSH_CHANNELS = ("telegram",)


async def village_item(conn: AsyncConnection, village_code: str, item_id: int) -> Any:
    """The item (with its checklist's keeper and reference) if its keeper lives in that village."""
    return (
        await conn.execute(
            select(items, checklists.c.resident_id, checklists.c.reference)
            .join(checklists, checklists.c.id == items.c.checklist_id)
            .join(residents, residents.c.id == checklists.c.resident_id)
            .where(
                items.c.id == item_id,
                residents.c.village_id == village_id_of(village_code),  # scoped in SQL
            )
            .with_for_update(of=items)
        )
    ).first()


async def record_event(
    conn: AsyncConnection,
    item_id: int,
    actor: str,
    from_status: str,
    to_status: str,
    detail: str = "",
    officer_id: int | None = None,
) -> None:
    """One line of the item's history."""
    await conn.execute(
        insert(events).values(
            item_id=item_id, at=utcnow(), actor=actor, officer_id=officer_id,
            from_status=from_status, to_status=to_status, detail=detail[:2000],
        )
    )  # fmt: skip


async def tell_keeper(
    conn: AsyncConnection, resident_id: int, source_id: int, notice: str, *, kind: str = NOTICE_KIND
) -> None:
    """Queue ``notice`` to the checklist's keeper now (moved out of their night)."""
    if not notice.strip():
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
            .where(residents.c.id == resident_id)
        )
    ).first()
    if row is None or row.channel not in PUSH_CHANNELS:
        return
    await enqueue_deliveries(
        conn, kind=kind, source_id=source_id,
        recipients=[Recipient(row.id, row.channel, row.chat_id, row.timezone)],
        payload={"text": notice}, send_at=utcnow(), urgent=False,
    )  # fmt: skip
