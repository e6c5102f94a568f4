"""What the parenting capability's writes share: the officer's right, the child, the parents.

Every officer effect is checked again here: the account must hold an active parenting role
(facilitator or coordinator) in the child's village, or be the district admin of its
kabupaten; otherwise the effect is logged and ignored. Messages to parents go through the
delivery engine, each in the parent's own language, time zone and waking hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Officer, Resident, Village, table_of, village_id_of
from storage.parenting_models import Child, ChildLink

__all__ = [
    "PARENTING_ROLES",
    "PUSH_CHANNELS",
    "Reader",
    "account_reader",
    "officer_may",
    "own_link",
    "parents_of",
    "reader",
    "send_each",
    "text_for",
    "village_child",
]

children = table_of(Child)
links = table_of(ChildLink)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

#: Village roles that look after children (the district admin acts as a coordinator).
PARENTING_ROLES = ("coordinator", "parenting_facilitator")
PUSH_CHANNELS = ("telegram",)
Reader = tuple[Recipient, str]  # a recipient and their locale


async def officer_may(
    conn: AsyncConnection, effect: Any, roles: tuple[str, ...] = PARENTING_ROLES
) -> bool:
    """True when the effect's officer holds one of ``roles`` in its village right now."""
    in_village = (
        officers.c.village_id == village_id_of(effect.village_code)
    ) & officers.c.role.in_(roles)
    in_district = (officers.c.district_code == effect.village_code[:4]) & (
        officers.c.role == "district_admin"
    )
    row = await conn.execute(
        select(officers.c.id)
        .where(
            officers.c.channel == effect.officer_channel,
            officers.c.external_id == effect.officer_account,
            officers.c.active.is_(True),
            or_(in_village, in_district),
        )
        .limit(1)
    )
    return row.first() is not None


async def village_child(conn: AsyncConnection, village_code: str, child_id: int) -> Any:
    """The child if it belongs to that village (else None)."""
    row = await conn.execute(
        select(children).where(
            children.c.id == child_id, children.c.village_id == village_id_of(village_code)
        )
    )
    return row.first()


async def own_link(
    conn: AsyncConnection, person_id: int, child_id: int, *, caregiver: bool | None = None
) -> Any:
    """This person's active link to the child (only as caregiver, or only as parent)."""
    query = select(links).where(
        links.c.child_id == child_id, links.c.resident_id == person_id, links.c.status == "active"
    )
    if caregiver is True:
        query = query.where(links.c.relation == "caregiver")
    elif caregiver is False:
        query = query.where(links.c.relation != "caregiver")
    return (await conn.execute(query)).first()


def _reader(row: Any) -> Reader:
    chosen = row.locale or (row.language_code or "id").split("-")[0]
    return Recipient(row.id, row.channel, row.chat_id, row.zone), chosen


def _who() -> Any:
    return select(
        residents.c.id, residents.c.channel, residents.c.chat_id, residents.c.locale,
        residents.c.language_code,
        func.coalesce(residents.c.timezone, villages.c.timezone).label("zone"),
    ).select_from(
        residents.outerjoin(villages, villages.c.id == residents.c.village_id)
    )  # fmt: skip


async def parents_of(conn: AsyncConnection, child_id: int) -> list[Reader]:
    """The child's actively linked parents (not the caregiver) who can be reached."""
    rows = await conn.execute(
        _who()
        .join(links, and_(links.c.resident_id == residents.c.id, links.c.child_id == child_id,
                          links.c.status == "active", links.c.relation != "caregiver"))
        .where(residents.c.channel.in_(PUSH_CHANNELS))
        .order_by(residents.c.id)
    )  # fmt: skip
    return [_reader(r) for r in rows.all()]


async def reader(conn: AsyncConnection, resident_id: int) -> Reader | None:
    """One person, if reachable."""
    row = (
        await conn.execute(
            _who().where(residents.c.id == resident_id, residents.c.channel.in_(PUSH_CHANNELS))
        )
    ).first()
    return _reader(row) if row is not None else None


async def account_reader(conn: AsyncConnection, channel: str, account: str) -> Reader | None:
    """An officer's own chat, if reachable."""
    row = (
        await conn.execute(
            _who().where(
                residents.c.channel == channel,
                residents.c.external_id == account,
                residents.c.channel.in_(PUSH_CHANNELS),
            )
        )
    ).first()
    return _reader(row) if row is not None else None


def text_for(notices: Mapping[str, str], locale: str) -> str:
    """The notice in the reader's language (Indonesian, then any, when there is none)."""
    return notices.get(locale) or notices.get("id") or next(iter(notices.values()), "")


async def send_each(
    conn: AsyncConnection,
    readers: list[Reader],
    *,
    kind: str,
    source_id: int,
    notices: Mapping[str, str],
    send_at: datetime,
    urgent: bool = False,
    photos: tuple[str, ...] = (),
) -> int:
    """Queue ``notices`` to each reader in their language (photos: the first one carries it)."""
    sent = 0
    for recipient, locale in readers:
        text = text_for(notices, locale)
        if not text.strip():
            continue
        first: dict[str, object] = {"text": text}
        if photos:
            first["attachment"] = {"kind": "photo", "file_id": photos[0]}
        sent += await enqueue_deliveries(
            conn, kind=kind, source_id=source_id, recipients=[recipient], payload=first,
            send_at=send_at, urgent=urgent,
        )  # fmt: skip
        for file_id in photos[1:]:
            await enqueue_deliveries(
                conn, kind=kind, source_id=source_id, recipients=[recipient],
                payload={"text": "", "attachment": {"kind": "photo", "file_id": file_id}},
                send_at=send_at, urgent=urgent,
            )  # fmt: skip
    return sent
