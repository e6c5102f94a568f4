"""Messages the parenting storage sends on its own: a waiting link, a child's photos again.

When the village wants the caregiver's confirmation and a parent's link has to wait, the
village's parenting facilitators and coordinators are told (each in their own language and
waking hours), so a link does not wait unseen; the notice names the child's first name and
the relation, never the parent's phone. When a linked parent opens a child's news, the
latest update's photos are sent to them again through the delivery engine, as the update
sent them: only through their own active link and only while the caregiver's consent holds.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.parenting import ChildPhotosShown
from storage.deliveries import Recipient
from storage.models import Officer, Resident, Village, table_of, utcnow
from storage.parenting_models import Child, ChildUpdate, ChildUpdatePhoto
from storage.parenting_writes import (
    PARENTING_ROLES,
    PUSH_CHANNELS,
    Reader,
    own_link,
    reader,
    send_each,
)

__all__ = ["PHOTOS_KIND", "WAITING_KIND", "photos_shown", "tell_team_link_waits"]

log = logging.getLogger(__name__)

children = table_of(Child)
updates = table_of(ChildUpdate)
photos = table_of(ChildUpdatePhoto)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

WAITING_KIND = "child_link_waiting"
PHOTOS_KIND = "child_photos"
MAX_PHOTOS = 3


async def team_of(conn: AsyncConnection, village_id: int) -> list[Reader]:
    """The village's active parenting facilitators and coordinators who can be reached."""
    rows = await conn.execute(
        select(
            residents.c.id, residents.c.channel, residents.c.chat_id, residents.c.locale,
            residents.c.language_code,
            func.coalesce(residents.c.timezone, villages.c.timezone).label("zone"),
        )
        .select_from(
            officers.join(residents, and_(residents.c.channel == officers.c.channel,
                                          residents.c.external_id == officers.c.external_id))
            .join(villages, villages.c.id == officers.c.village_id)
        )
        .where(officers.c.village_id == village_id, officers.c.role.in_(PARENTING_ROLES),
               officers.c.active.is_(True), residents.c.channel.in_(PUSH_CHANNELS))
        .order_by(residents.c.id)
        .distinct()
    )  # fmt: skip
    readers: list[Reader] = []
    for row in rows.all():
        locale = row.locale or (row.language_code or "id").split("-")[0]
        readers.append((Recipient(row.id, row.channel, row.chat_id, row.zone), locale))
    return readers


async def tell_team_link_waits(
    conn: AsyncConnection,
    village_id: int,
    link_id: int,
    notices: Mapping[str, str],
    at: datetime,
) -> int:
    """Queue the waiting-link notice to the village's team (after their quiet hours)."""
    if not notices:
        return 0
    team = await team_of(conn, village_id)
    return await send_each(conn, team, kind=WAITING_KIND, source_id=link_id, notices=notices,
                           send_at=at)  # fmt: skip


async def photos_shown(conn: AsyncConnection, person_id: int, effect: ChildPhotosShown) -> None:
    """Send the update's photos again to a parent who follows the child, with consent now."""
    if await own_link(conn, person_id, effect.child_id, caregiver=False) is None:
        log.warning("resident %d: photos of child %d refused (no active link)", person_id,
                    effect.child_id)  # fmt: skip
        return
    consent = (
        await conn.execute(select(children.c.photo_consent).where(children.c.id == effect.child_id))
    ).scalar_one_or_none()
    if not consent:
        log.info("resident %d: photos of child %d not sent (no consent)", person_id,
                 effect.child_id)  # fmt: skip
        return
    files = (
        await conn.execute(
            select(photos.c.telegram_file_id)
            .join(updates, updates.c.id == photos.c.update_id)
            .where(updates.c.id == effect.update_id, updates.c.child_id == effect.child_id)
            .order_by(photos.c.id)
            .limit(MAX_PHOTOS)
        )
    ).scalars().all()  # fmt: skip
    person = await reader(conn, person_id)
    if not files or person is None:
        return
    # urgent: the parent asked just now, so the photos follow the reply even at night
    await send_each(
        conn, [person], kind=PHOTOS_KIND, source_id=effect.update_id,
        notices={person[1]: effect.caption or "📷"}, send_at=utcnow(), urgent=True,
        photos=tuple(files),
    )  # fmt: skip
