"""The officers' writes on children: register, link codes, restrictions, removal, updates.

Every handler here is an officer's effect (facilitator or coordinator of the child's village,
or the district admin), checked again by ``_checked`` before anything is written; a forged
button or another village's id changes nothing: the effect is logged and ignored. Each change
is audited. Updates, answers, video calls and announcements reach the parents through the
delivery engine in the same transaction. Photo consent sits here too: the desk records it,
and a caregiver may give it through their own link. The residents' own writes (links,
messages, call requests, opt-ins) stay in ``storage/capabilities/parenting.py``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import Effect
from flows.parenting import (
    ChildLinkCodeCreated,
    ChildRegistered,
    ChildRemoved,
    ChildRestrictionRecorded,
    ChildUpdatePosted,
    FacilitatorAnswered,
    ParentingAnnounced,
    PhotoConsentGiven,
    VideoCallDecided,
    VillageConfirmationSet,
)
from storage.audit import audit_officer
from storage.capability import EffectHandler
from storage.deliveries import cancel_deliveries
from storage.models import table_of, utcnow, village_id_of
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
from storage.parenting_writes import (
    account_reader,
    officer_may,
    own_link,
    parents_of,
    reader,
    send_each,
    village_child,
)

__all__ = ["ANNOUNCE_KIND", "ANSWER_KIND", "CALL_KIND", "OFFICER_HANDLERS", "UPDATE_KIND"]

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
        if await own_link(conn, person_id, effect.child_id, caregiver=True) is None:
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


OFFICER_HANDLERS: dict[type[Effect], EffectHandler] = {
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
}
