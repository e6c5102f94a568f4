"""The officers' writes on a checklist item: verify, send back, enter expiry, see files.

Each is scoped in SQL to an item whose keeper lives in the village the officer acts for, and
to an officer row that may handle documents there (a desk officer or coordinator of the
village, or the kabupaten's district admin): a forged button, another village's item id or
another role changes nothing; the effect is logged and ignored. Each action is audited and
moves the item's history; the keeper is told through the delivery engine.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.checklists import (
    ChecklistExpirySet,
    ChecklistFileRequested,
    ChecklistItemReturned,
    ChecklistItemVerified,
    ChecklistPersonViewed,
)
from flows.engine.effects import Effect
from storage.audit import audit_officer
from storage.capability import EffectHandler
from storage.checklist_models import ChecklistFile, ChecklistItem
from storage.checklist_writes import (
    FILE_KIND,
    PUSH_CHANNELS,
    record_event,
    tell_keeper,
    village_item,
)
from storage.complaint_writes import officer_id_for
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Resident, table_of, utcnow, village_id_of

__all__ = ["OFFICER_HANDLERS"]

log = logging.getLogger(__name__)

items = table_of(ChecklistItem)
files = table_of(ChecklistFile)
residents = table_of(Resident)


async def _acting(conn: AsyncConnection, effect: Any) -> tuple[Any, int] | None:
    """The item and the acting officer's row, or None (logged) when either is not theirs."""
    officer = await officer_id_for(
        conn, effect.officer_channel, effect.officer_account, effect.village_code
    )
    item = await village_item(conn, effect.village_code, effect.item_id)
    if officer is None or item is None:
        log.warning(
            "%s on checklist item %d ignored: not in that village, or no handling role there",
            type(effect).__name__,
            effect.item_id,
        )
        return None
    return item, officer


async def _audit(effect: Any, conn: AsyncConnection, action: str, row: Any, **detail: Any) -> None:
    await audit_officer(
        conn, effect.officer_account, effect.village_code, action,
        ("checklist_item", str(row.id)), {"reference": row.reference, **detail},
    )  # fmt: skip


async def _verified(conn: AsyncConnection, person_id: int, effect: ChecklistItemVerified) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    item, officer = found
    if item.status not in ("have", "submitted", "returned"):
        log.warning("checklist item %d: %s → verified refused", item.id, item.status)
        return
    now = utcnow()
    await conn.execute(
        update(items).where(items.c.id == item.id).values(
            status="verified", verified_at=now, verified_by_officer_id=officer,
            return_reason="", return_note="", updated_at=now,
        )
    )  # fmt: skip
    await record_event(conn, item.id, "officer", item.status, "verified", "verified", officer)
    await _audit(effect, conn, "checklist.verified", item, document=item.item)
    await tell_keeper(conn, item.resident_id, item.id, effect.notice)


async def _returned(conn: AsyncConnection, person_id: int, effect: ChecklistItemReturned) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    item, officer = found
    if item.status not in ("have", "submitted", "verified"):
        log.warning("checklist item %d: %s → returned refused", item.id, item.status)
        return
    await conn.execute(
        update(items).where(items.c.id == item.id).values(
            status="returned", return_reason=effect.reason, return_note=effect.note,
            verified_at=None, verified_by_officer_id=None, updated_at=utcnow(),
        )
    )  # fmt: skip
    detail = f"{effect.reason}: {effect.note}" if effect.note else effect.reason
    await record_event(conn, item.id, "officer", item.status, "returned", detail, officer)
    await _audit(effect, conn, "checklist.returned", item, document=item.item, reason=effect.reason)
    await tell_keeper(conn, item.resident_id, item.id, effect.notice)


async def _expiry(conn: AsyncConnection, person_id: int, effect: ChecklistExpirySet) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    item, officer = found
    await conn.execute(
        update(items)
        .where(items.c.id == item.id)
        .values(expires_on=effect.expires_on, expiry_warning=0, updated_at=utcnow())
    )  # a new date gets its own warnings
    detail = f"valid until {effect.expires_on.isoformat()}"
    await record_event(conn, item.id, "officer", item.status, item.status, detail, officer)
    await _audit(effect, conn, "checklist.expiry_set", item,
                 expires_on=effect.expires_on.isoformat())  # fmt: skip


async def _files_requested(
    conn: AsyncConnection, person_id: int, effect: ChecklistFileRequested
) -> None:
    found = await _acting(conn, effect)
    if found is None:
        return
    item, _officer = found
    chat = (
        await conn.execute(
            select(residents.c.id, residents.c.channel, residents.c.chat_id).where(
                residents.c.channel == effect.officer_channel,
                residents.c.external_id == effect.officer_account,
            )
        )
    ).first()
    sent = (
        await conn.execute(
            select(files.c.id, files.c.kind, files.c.telegram_file_id)
            .where(files.c.item_id == item.id, files.c.withdrawn_at.is_(None))
            .order_by(files.c.id)
        )
    ).all()
    if chat is not None and chat.channel in PUSH_CHANNELS:
        for number, file in enumerate(sent, start=1):
            await enqueue_deliveries(
                conn, kind=FILE_KIND, source_id=item.id,
                recipients=[Recipient(chat.id, chat.channel, chat.chat_id)],
                payload={"text": f"{item.reference} · {item.item} {number}/{len(sent)}",
                         "attachment": {"kind": file.kind, "file_id": file.telegram_file_id}},
                send_at=utcnow(), urgent=True,  # the officer asked for it just now
            )  # fmt: skip
    await _audit(effect, conn, "checklist.files_viewed", item, files=len(sent))


async def _person_viewed(
    conn: AsyncConnection, person_id: int, effect: ChecklistPersonViewed
) -> None:
    officer = await officer_id_for(
        conn, effect.officer_channel, effect.officer_account, effect.village_code
    )
    keeper = (
        await conn.execute(
            select(residents.c.id).where(
                residents.c.id == effect.resident_id,
                residents.c.village_id == village_id_of(effect.village_code),
            )
        )
    ).first()
    if officer is None or keeper is None:
        log.warning("checklist person view of %d ignored: not in that village", effect.resident_id)
        return
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "checklist.person_viewed",
        ("resident", str(effect.resident_id)),
    )  # fmt: skip


OFFICER_HANDLERS: dict[type[Effect], EffectHandler] = {
    ChecklistItemVerified: _verified,
    ChecklistItemReturned: _returned,
    ChecklistExpirySet: _expiry,
    ChecklistFileRequested: _files_requested,
    ChecklistPersonViewed: _person_viewed,
}
