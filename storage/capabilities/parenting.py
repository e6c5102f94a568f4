"""Storage of the parenting capability: children, links, updates, requests and opt-ins.

Every statement is scoped in SQL: an officer's effects (``storage/parenting_officers.py``,
and the desk's corrections in ``storage/parenting_corrections.py``) only touch children of
the village they act for, and only while they hold a parenting role
there (``officer_may``); a person's effects, written here, only their own links. A forged
button or a guessed id changes nothing: the effect is logged and ignored. Updates reach the
linked parents through the delivery engine in the same transaction, and a link that waits
for the caregiver is told to the village's parenting team (``storage/parenting_notify.py``). Tables:
``storage/parenting_models.py``; reads: ``storage/parenting_queries.py``.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.parenting import (
    ChildLinked,
    ChildPhotosShown,
    ChildUnlinked,
    LinkConfirmed,
    ParentingOptedIn,
    ParentWrote,
    VideoCallRequested,
)
from storage.capability import CapabilityStorage
from storage.models import Village, table_of, utcnow
from storage.parenting_corrections import CORRECTION_HANDLERS
from storage.parenting_models import (
    Child,
    ChildLink,
    ChildLinkCode,
    ChildMessage,
    ChildRestriction,
    ParentingOptIn,
    ParentingSetting,
    VideoCall,
)
from storage.parenting_notify import photos_shown, tell_team_link_waits
from storage.parenting_officers import (
    ANNOUNCE_KIND,
    ANSWER_KIND,
    CALL_KIND,
    OFFICER_HANDLERS,
    UPDATE_KIND,
)
from storage.parenting_queries import SqlParentingQueries
from storage.parenting_seed import seed_parenting
from storage.parenting_writes import own_link

__all__ = ["ANNOUNCE_KIND", "ANSWER_KIND", "CALL_KIND", "STORAGE", "UPDATE_KIND"]

log = logging.getLogger(__name__)

children = table_of(Child)
links = table_of(ChildLink)
codes = table_of(ChildLinkCode)
restrictions = table_of(ChildRestriction)
messages = table_of(ChildMessage)
calls = table_of(VideoCall)
opt_ins = table_of(ParentingOptIn)
settings = table_of(ParentingSetting)
villages = table_of(Village)


async def _linked(conn: AsyncConnection, person_id: int, effect: ChildLinked) -> None:
    row = (
        await conn.execute(
            select(codes, children.c.village_id)
            .join(children, children.c.id == codes.c.child_id)
            .where(codes.c.code == effect.code, codes.c.used_at.is_(None),
                   codes.c.revoked_at.is_(None), codes.c.expires_at > effect.at)
            .with_for_update(of=codes)
        )
    ).first()  # fmt: skip
    blocked = row is not None and (
        await conn.execute(
            select(restrictions.c.id).where(restrictions.c.child_id == row.child_id,
                                            restrictions.c.relation == row.relation,
                                            restrictions.c.lifted_at.is_(None))
        )
    ).first() is not None  # fmt: skip
    if row is None or blocked:
        log.warning("resident %d: link code refused (used, expired, unknown or restricted)",
                    person_id)  # fmt: skip
        return
    existing = (
        await conn.execute(
            select(links.c.id).where(links.c.child_id == row.child_id,
                                     links.c.resident_id == person_id,
                                     links.c.status.in_(("pending", "active")))
        )
    ).first()  # fmt: skip
    now = utcnow()
    spent = await conn.execute(
        update(codes).where(codes.c.code == row.code, codes.c.used_at.is_(None))
        .values(used_at=now, used_by=person_id)
    )  # fmt: skip
    if existing is not None or spent.rowcount != 1:
        return
    rule = (
        await conn.execute(
            select(settings.c.caregiver_confirms).where(settings.c.village_id == row.village_id)
        )
    ).scalar_one_or_none()  # fmt: skip
    waits = bool(rule) and row.relation != "caregiver"
    link_id = (
        await conn.execute(
            insert(links).values(
                child_id=row.child_id, resident_id=person_id, relation=row.relation,
                status="pending" if waits else "active", created_at=now,
                confirmed_at=None if waits else now, ended_reason="",
            ).returning(links.c.id)
        )
    ).scalar_one()  # fmt: skip
    if waits:  # nobody would know otherwise: tell the village's parenting team
        await tell_team_link_waits(conn, row.village_id, link_id, effect.waiting_notices, effect.at)


async def _confirmed(conn: AsyncConnection, person_id: int, effect: LinkConfirmed) -> None:
    row = (
        await conn.execute(select(links).where(links.c.id == effect.link_id,
                                               links.c.status == "pending"))
    ).first()  # fmt: skip
    if row is None or await own_link(conn, person_id, row.child_id, caregiver=True) is None:
        log.warning("resident %d: confirming link %d refused", person_id, effect.link_id)
        return
    now = utcnow()
    values = (
        {"status": "active", "confirmed_at": now}
        if effect.confirmed
        else {"status": "ended", "ended_at": now, "ended_reason": "refused by caregiver"}
    )
    await conn.execute(update(links).where(links.c.id == row.id).values(**values))


async def _unlinked(conn: AsyncConnection, person_id: int, effect: ChildUnlinked) -> None:
    await conn.execute(
        update(links)
        .where(links.c.child_id == effect.child_id, links.c.resident_id == person_id,
               links.c.status.in_(("pending", "active")))
        .values(status="ended", ended_at=utcnow(), ended_reason="unlinked")
    )  # fmt: skip


async def _wrote(conn: AsyncConnection, person_id: int, effect: ParentWrote) -> None:
    if await own_link(conn, person_id, effect.child_id, caregiver=False) is None:
        log.warning("resident %d wrote about child %d: not linked", person_id, effect.child_id)
        return
    await conn.execute(
        insert(messages).values(
            child_id=effect.child_id, resident_id=person_id, kind=effect.kind,
            text=effect.text, created_at=utcnow(), answer="", answered_by="",
        )
    )  # fmt: skip


async def _call_requested(
    conn: AsyncConnection, person_id: int, effect: VideoCallRequested
) -> None:
    if await own_link(conn, person_id, effect.child_id, caregiver=False) is None:
        log.warning("resident %d asked a call with child %d: not linked", person_id,
                    effect.child_id)  # fmt: skip
        return
    await conn.execute(
        insert(calls).values(
            child_id=effect.child_id, resident_id=person_id, wish=effect.wish,
            status="requested", decided_by="", created_at=utcnow(),
        )
    )  # fmt: skip


async def _opted(conn: AsyncConnection, person_id: int, effect: ParentingOptedIn) -> None:
    await conn.execute(delete(opt_ins).where(opt_ins.c.resident_id == person_id))
    if not effect.wanted:
        return
    village = (
        await conn.execute(select(villages.c.id).where(villages.c.code == effect.village_code))
    ).scalar_one_or_none()
    if village is not None:
        await conn.execute(
            insert(opt_ins).values(resident_id=person_id, village_id=village, created_at=utcnow())
        )


STORAGE = CapabilityStorage(
    name="parenting",
    effects={
        **OFFICER_HANDLERS,
        **CORRECTION_HANDLERS,
        ChildLinked: _linked,
        ChildPhotosShown: photos_shown,
        LinkConfirmed: _confirmed,
        ChildUnlinked: _unlinked,
        ParentWrote: _wrote,
        VideoCallRequested: _call_requested,
        ParentingOptedIn: _opted,
    },
    queries=SqlParentingQueries,
    seed=seed_parenting,
)
