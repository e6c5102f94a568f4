"""Storage of the parenting capability: children, links, updates, requests and opt-ins.

Every statement is scoped in SQL: an officer's effects only touch children of the village
they act for, and only while they hold a parenting role there (``officer_may``); a person's
effects only their own links. A forged button or a guessed id changes nothing: the effect is
logged and ignored. Updates reach the linked parents through the delivery engine in the same
transaction. Tables: ``storage/parenting_models.py``; reads: ``storage/parenting_queries.py``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.parenting import (
    ChildLinkCodeCreated,
    ChildLinked,
    ChildRegistered,
    ChildRemoved,
    ChildRestrictionRecorded,
    ChildUnlinked,
    ChildUpdatePosted,
    FacilitatorAnswered,
    LinkConfirmed,
    ParentingAnnounced,
    ParentingOptedIn,
    ParentWrote,
    PhotoConsentGiven,
    VideoCallDecided,
    VideoCallRequested,
    VillageConfirmationSet,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.deliveries import cancel_deliveries
from storage.models import Village, table_of, utcnow, village_id_of
from storage.parenting_models import (
    Child,
    ChildLink,
    ChildLinkCode,
    ChildMessage,
    ChildRestriction,
    ChildUpdate,
    ChildUpdatePhoto,
    ParentingAnnouncement,
    ParentingOptIn,
    ParentingSetting,
    VideoCall,
)
from storage.parenting_queries import SqlParentingQueries
from storage.parenting_seed import seed_parenting
from storage.parenting_writes import (
    account_reader,
    officer_may,
    parents_of,
    reader,
    send_each,
    village_child,
)

__all__ = ["ANNOUNCE_KIND", "ANSWER_KIND", "CALL_KIND", "STORAGE", "UPDATE_KIND"]

log = logging.getLogger(__name__)

children = table_of(Child)
links = table_of(ChildLink)
codes = table_of(ChildLinkCode)
restrictions = table_of(ChildRestriction)
updates = table_of(ChildUpdate)
photos = table_of(ChildUpdatePhoto)
messages = table_of(ChildMessage)
calls = table_of(VideoCall)
opt_ins = table_of(ParentingOptIn)
announcements = table_of(ParentingAnnouncement)
settings = table_of(ParentingSetting)
villages = table_of(Village)

UPDATE_KIND = "child_update"
ANSWER_KIND = "child_answer"
CALL_KIND = "video_call"
ANNOUNCE_KIND = "parenting_announcement"


async def _checked(conn: AsyncConnection, effect: Any, child_id: int | None = None) -> Any:
    """The child of the officer's village (or True without a child), else None (logged)."""
    if not await officer_may(conn, effect):
        log.warning("%s by %s in %s: no parenting role there", type(effect).__name__,
                    effect.officer_account, effect.village_code)  # fmt: skip
        return None
    if child_id is None:
        return True
    child = await village_child(conn, effect.village_code, child_id)
    if child is None:
        log.warning("%s: child %d is not of village %s", type(effect).__name__, child_id,
                    effect.village_code)  # fmt: skip
    return child


async def _audit(conn: AsyncConnection, effect: Any, action: str, child_id: int | None) -> None:
    subject = ("child", str(child_id)) if child_id is not None else ("", "")
    await audit_officer(conn, effect.officer_account, effect.village_code, action, subject)


async def _registered(conn: AsyncConnection, person_id: int, effect: ChildRegistered) -> None:
    if await _checked(conn, effect) is None:
        return
    child_id = (
        await conn.execute(
            insert(children).values(
                village_id=village_id_of(effect.village_code), name=effect.name[:120],
                birth_date=effect.birth_date, school=effect.school[:120],
                caregiver_name=effect.caregiver_name[:120],
                caregiver_relation=effect.caregiver_relation[:60],
                parents_abroad=[list(p) for p in effect.parents_abroad], photo_consent=False,
                photo_consent_via="", registered_by=effect.officer_account, created_at=utcnow(),
            ).returning(children.c.id)
        )
    ).scalar_one()  # fmt: skip
    await _audit(conn, effect, "parenting.child_registered", child_id)


async def _code(conn: AsyncConnection, person_id: int, effect: ChildLinkCodeCreated) -> None:
    if await _checked(conn, effect, effect.child_id) is None:
        return
    await conn.execute(
        insert(codes).values(
            code=effect.code, child_id=effect.child_id, relation=effect.relation,
            created_by=effect.officer_account, created_at=utcnow(), expires_at=effect.expires_at,
        )
    )  # fmt: skip
    await _audit(conn, effect, "parenting.code_created", effect.child_id)


async def _restricted(
    conn: AsyncConnection, person_id: int, effect: ChildRestrictionRecorded
) -> None:
    if await _checked(conn, effect, effect.child_id) is None:
        return
    now = utcnow()
    await conn.execute(
        insert(restrictions).values(
            child_id=effect.child_id, relation=effect.relation, kind=effect.kind,
            note=effect.note, recorded_by=effect.officer_account, created_at=now,
        )
    )  # fmt: skip
    await conn.execute(
        update(links)
        .where(links.c.child_id == effect.child_id, links.c.relation == effect.relation,
               links.c.status.in_(("pending", "active")))
        .values(status="blocked", ended_at=now, ended_reason="restriction")
    )  # fmt: skip
    await _audit(conn, effect, "parenting.restriction_recorded", effect.child_id)


async def _removed(conn: AsyncConnection, person_id: int, effect: ChildRemoved) -> None:
    if await _checked(conn, effect, effect.child_id) is None:
        return
    # updates not yet delivered (with their photos) must not go out after the child is gone
    for (update_id,) in (
        await conn.execute(select(updates.c.id).where(updates.c.child_id == effect.child_id))
    ).all():
        await cancel_deliveries(conn, kind=UPDATE_KIND, source_id=update_id)
    update_ids = select(updates.c.id).where(updates.c.child_id == effect.child_id)
    await conn.execute(delete(photos).where(photos.c.update_id.in_(update_ids)))
    for table in (updates, links, codes, restrictions, messages, calls):
        await conn.execute(delete(table).where(table.c.child_id == effect.child_id))
    await conn.execute(delete(children).where(children.c.id == effect.child_id))
    await _audit(conn, effect, "parenting.child_removed", effect.child_id)


async def _consent(conn: AsyncConnection, person_id: int, effect: PhotoConsentGiven) -> None:
    if effect.officer_account:
        if await _checked(conn, effect, effect.child_id) is None:
            return
        via = "desk"
    else:
        if await _own_link(conn, person_id, effect.child_id, caregiver=True) is None:
            log.warning("resident %d: consent for child %d refused", person_id, effect.child_id)
            return
        via = "caregiver"
    await conn.execute(
        update(children).where(children.c.id == effect.child_id).values(
            photo_consent=effect.consent, photo_consent_at=utcnow(), photo_consent_via=via
        )
    )  # fmt: skip
    if effect.officer_account:
        await _audit(conn, effect, "parenting.photo_consent", effect.child_id)


async def _posted(conn: AsyncConnection, person_id: int, effect: ChildUpdatePosted) -> None:
    child = await _checked(conn, effect, effect.child_id)
    if child is None:
        return
    now = effect.written_at
    update_id = (
        await conn.execute(
            insert(updates).values(
                child_id=child.id, topic=effect.topic[:30], text=effect.text,
                written_by=effect.officer_account, created_at=now,
            ).returning(updates.c.id)
        )
    ).scalar_one()  # fmt: skip
    shared = tuple(effect.photos[:3]) if child.photo_consent else ()
    if shared:
        await conn.execute(insert(photos), [
            {"update_id": update_id, "telegram_file_id": f, "created_at": now} for f in shared
        ])  # fmt: skip
    await send_each(
        conn, await parents_of(conn, child.id), kind=UPDATE_KIND, source_id=update_id,
        notices=effect.notices, send_at=now, photos=shared,
    )  # fmt: skip
    await _audit(conn, effect, "parenting.update_posted", child.id)


async def _answered(conn: AsyncConnection, person_id: int, effect: FacilitatorAnswered) -> None:
    if await _checked(conn, effect) is None:
        return
    row = (
        await conn.execute(
            select(messages).join(children, children.c.id == messages.c.child_id).where(
                messages.c.id == effect.message_id, messages.c.answered_at.is_(None),
                children.c.village_id == village_id_of(effect.village_code),
            )
        )
    ).first()  # fmt: skip
    if row is None:
        log.warning("answer to message %d: not an open message of %s", effect.message_id,
                    effect.village_code)  # fmt: skip
        return
    now = utcnow()
    await conn.execute(
        update(messages).where(messages.c.id == row.id).values(
            answer=effect.text, answered_by=effect.officer_account, answered_at=now
        )
    )  # fmt: skip
    parent = await reader(conn, row.resident_id)
    if parent is not None:
        await send_each(conn, [parent], kind=ANSWER_KIND, source_id=row.id,
                        notices=effect.notices, send_at=now)  # fmt: skip
    await _audit(conn, effect, "parenting.message_answered", row.child_id)


async def _call_decided(conn: AsyncConnection, person_id: int, effect: VideoCallDecided) -> None:
    if await _checked(conn, effect) is None:
        return
    row = (
        await conn.execute(
            select(calls).join(children, children.c.id == calls.c.child_id).where(
                calls.c.id == effect.call_id, calls.c.status == "requested",
                children.c.village_id == village_id_of(effect.village_code),
            )
        )
    ).first()  # fmt: skip
    if row is None:
        log.warning("video call %d: not a waiting request of %s", effect.call_id,
                    effect.village_code)  # fmt: skip
        return
    now = utcnow()
    confirmed = effect.confirmed and effect.at is not None
    await conn.execute(
        update(calls).where(calls.c.id == row.id).values(
            status="confirmed" if confirmed else "declined", scheduled_at=effect.at,
            decided_by=effect.officer_account,
        )
    )  # fmt: skip
    parent = await reader(conn, row.resident_id)
    if parent is not None:
        await send_each(conn, [parent], kind=CALL_KIND, source_id=row.id,
                        notices=effect.notices, send_at=now)  # fmt: skip
    if confirmed and effect.at is not None:
        remind_at = effect.at - timedelta(hours=1)
        if parent is not None:  # the call's time was agreed: its reminder may come at night
            await send_each(conn, [parent], kind=CALL_KIND, source_id=row.id,
                            notices=effect.reminders, send_at=remind_at, urgent=True)  # fmt: skip
        officer = await account_reader(conn, effect.officer_channel, effect.officer_account)
        if officer is not None and effect.officer_reminder:
            await send_each(conn, [officer], kind=CALL_KIND, source_id=row.id,
                            notices={"id": effect.officer_reminder}, send_at=remind_at,
                            urgent=True)  # fmt: skip
    await _audit(conn, effect, "parenting.call_decided", row.child_id)


async def _announced(conn: AsyncConnection, person_id: int, effect: ParentingAnnounced) -> None:
    if await _checked(conn, effect) is None:
        return
    now = utcnow()
    announcement_id = (
        await conn.execute(
            insert(announcements).values(
                village_id=village_id_of(effect.village_code), text=effect.text,
                written_by=effect.officer_account, recipients=0, created_at=now,
            ).returning(announcements.c.id)
        )
    ).scalar_one()  # fmt: skip
    wanted = (
        await conn.execute(
            select(opt_ins.c.resident_id).where(
                opt_ins.c.village_id == village_id_of(effect.village_code)
            )
        )
    ).scalars().all()  # fmt: skip
    readers = [r for r in [await reader(conn, rid) for rid in wanted] if r is not None]
    count = await send_each(conn, readers, kind=ANNOUNCE_KIND, source_id=announcement_id,
                            notices={"id": effect.text}, send_at=now)  # fmt: skip
    await conn.execute(
        update(announcements).where(announcements.c.id == announcement_id).values(recipients=count)
    )
    await _audit(conn, effect, "parenting.announced", None)


async def _rule(conn: AsyncConnection, person_id: int, effect: VillageConfirmationSet) -> None:
    if not await officer_may(conn, effect, ("coordinator",)):
        log.warning("confirmation rule by %s: not a coordinator", effect.officer_account)
        return
    village = village_id_of(effect.village_code)
    await conn.execute(delete(settings).where(settings.c.village_id == village))
    await conn.execute(
        insert(settings).values(
            village_id=village, caregiver_confirms=effect.required, updated_at=utcnow()
        )
    )
    detail: dict[str, object] = {"required": effect.required}
    action = "parenting.confirmation_rule"
    await audit_officer(conn, effect.officer_account, effect.village_code, action, detail=detail)


async def _own_link(
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


async def _linked(conn: AsyncConnection, person_id: int, effect: ChildLinked) -> None:
    row = (
        await conn.execute(
            select(codes, children.c.village_id)
            .join(children, children.c.id == codes.c.child_id)
            .where(codes.c.code == effect.code, codes.c.used_at.is_(None),
                   codes.c.expires_at > effect.at)
            .with_for_update(of=codes)
        )
    ).first()  # fmt: skip
    blocked = row is not None and (
        await conn.execute(
            select(restrictions.c.id).where(restrictions.c.child_id == row.child_id,
                                            restrictions.c.relation == row.relation)
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
    await conn.execute(
        insert(links).values(
            child_id=row.child_id, resident_id=person_id, relation=row.relation,
            status="pending" if waits else "active", created_at=now,
            confirmed_at=None if waits else now, ended_reason="",
        )
    )  # fmt: skip


async def _confirmed(conn: AsyncConnection, person_id: int, effect: LinkConfirmed) -> None:
    row = (
        await conn.execute(select(links).where(links.c.id == effect.link_id,
                                               links.c.status == "pending"))
    ).first()  # fmt: skip
    if row is None or await _own_link(conn, person_id, row.child_id, caregiver=True) is None:
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
    if await _own_link(conn, person_id, effect.child_id, caregiver=False) is None:
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
    if await _own_link(conn, person_id, effect.child_id, caregiver=False) is None:
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
        ChildRegistered: _registered,
        ChildLinkCodeCreated: _code,
        ChildRestrictionRecorded: _restricted,
        ChildRemoved: _removed,
        PhotoConsentGiven: _consent,
        ChildUpdatePosted: _posted,
        FacilitatorAnswered: _answered,
        VideoCallDecided: _call_decided,
        ParentingAnnounced: _announced,
        VillageConfirmationSet: _rule,
        ChildLinked: _linked,
        LinkConfirmed: _confirmed,
        ChildUnlinked: _unlinked,
        ParentWrote: _wrote,
        VideoCallRequested: _call_requested,
        ParentingOptedIn: _opted,
    },
    queries=SqlParentingQueries,
    seed=seed_parenting,
)
