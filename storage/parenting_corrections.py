"""The desk's corrections: revoke a link code, lift a restriction, decide a waiting link.

Each is an officer's effect, checked again here like every other parenting desk write: the
account must hold a parenting role in the village acted for, and the code, restriction or
link must belong to a child of that village, in the same UPDATE's WHERE clause. So a forged
id of another village matches no row and changes nothing; the attempt is logged. Every
change is audited. Lifting a restriction keeps its row (who, when, why) and restores no link:
the person it ended needs a new code.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import Effect
from flows.parenting import ChildLinkCodeRevoked, ChildRestrictionLifted, LinkDecidedAtDesk
from storage.audit import audit_officer
from storage.capability import EffectHandler
from storage.models import table_of, utcnow, village_id_of
from storage.parenting_models import Child, ChildLink, ChildLinkCode, ChildRestriction
from storage.parenting_writes import officer_may

__all__ = ["CORRECTION_HANDLERS"]

log = logging.getLogger(__name__)

children = table_of(Child)
links = table_of(ChildLink)
codes = table_of(ChildLinkCode)
restrictions = table_of(ChildRestriction)


def _of_village(child_id: Any, village_code: str) -> Any:
    """The SQL condition: the child is of the village acted for."""
    return child_id.in_(
        select(children.c.id).where(children.c.village_id == village_id_of(village_code))
    )


async def _allowed(conn: AsyncConnection, effect: Any) -> bool:
    if await officer_may(conn, effect):
        return True
    log.warning("%s by %s in %s: no parenting role there", type(effect).__name__,
                effect.officer_account, effect.village_code)  # fmt: skip
    return False


async def _revoked(conn: AsyncConnection, person_id: int, effect: ChildLinkCodeRevoked) -> None:
    if not await _allowed(conn, effect):
        return
    done = await conn.execute(
        update(codes)
        .where(codes.c.code == effect.code, codes.c.child_id == effect.child_id,
               _of_village(codes.c.child_id, effect.village_code),
               codes.c.used_at.is_(None), codes.c.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by=effect.officer_account)
    )  # fmt: skip
    if done.rowcount != 1:
        log.warning("revoking a code of child %d in %s: no such open code", effect.child_id,
                    effect.village_code)  # fmt: skip
        return
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "parenting.code_revoked",
        ("child", str(effect.child_id)),
    )  # fmt: skip


async def _lifted(conn: AsyncConnection, person_id: int, effect: ChildRestrictionLifted) -> None:
    if not await _allowed(conn, effect):
        return
    reason = effect.reason.strip()[:500]
    if not reason:  # the history must say why
        log.warning("lifting restriction %d: no reason given", effect.restriction_id)
        return
    done = await conn.execute(
        update(restrictions)
        .where(restrictions.c.id == effect.restriction_id,
               restrictions.c.child_id == effect.child_id,
               _of_village(restrictions.c.child_id, effect.village_code),
               restrictions.c.lifted_at.is_(None))
        .values(lifted_at=utcnow(), lifted_by=effect.officer_account, lift_reason=reason)
    )  # fmt: skip
    if done.rowcount != 1:
        log.warning("lifting restriction %d in %s: not in force there", effect.restriction_id,
                    effect.village_code)  # fmt: skip
        return
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "parenting.restriction_lifted",
        ("child", str(effect.child_id)),
        {"restriction": effect.restriction_id, "reason": reason},
    )  # fmt: skip


async def _decided(conn: AsyncConnection, person_id: int, effect: LinkDecidedAtDesk) -> None:
    if not await _allowed(conn, effect):
        return
    now = utcnow()
    values = (
        {"status": "active", "confirmed_at": now}
        if effect.confirmed
        else {"status": "ended", "ended_at": now, "ended_reason": "refused by caregiver"}
    )
    row = (
        await conn.execute(
            select(links.c.child_id).where(
                links.c.id == effect.link_id, links.c.status == "pending",
                _of_village(links.c.child_id, effect.village_code),
            )
        )
    ).first()  # fmt: skip
    if row is None:
        log.warning("deciding link %d in %s: not a waiting link there", effect.link_id,
                    effect.village_code)  # fmt: skip
        return
    await conn.execute(
        update(links).where(links.c.id == effect.link_id, links.c.status == "pending")
        .values(**values)
    )  # fmt: skip
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "parenting.link_decided_at_desk",
        ("child", str(row.child_id)), {"link": effect.link_id, "confirmed": effect.confirmed},
    )  # fmt: skip


CORRECTION_HANDLERS: dict[type[Effect], EffectHandler] = {
    ChildLinkCodeRevoked: _revoked,
    ChildRestrictionLifted: _lifted,
    LinkDecidedAtDesk: _decided,
}
