"""The village an officer acts for, checked again at every step.

An officer may serve several villages (and a district admin every village of a kabupaten):
they choose the village once per visit to the officer menu, it travels in the flow's data,
and each step asks ``acting_role`` again, so a role removed mid-way stops the very next step.
"""

from __future__ import annotations

from typing import TypedDict

from flows.engine.context import Context
from flows.engine.nodes import Data
from flows.officers.access import role_in, villages_where
from flows.officers.ports import OfficerRole, officer_queries

__all__ = ["OfficerFields", "acting_role", "by_officer", "roles_of", "village_data", "village_of"]


async def roles_of(ctx: Context) -> tuple[OfficerRole, ...]:
    """This person's officer roles, read fresh in this transaction."""
    return await officer_queries(ctx).officer_roles(ctx.person.channel, ctx.person.external_id)


def village_of(roles: tuple[OfficerRole, ...], data: Data) -> str | None:
    """The village chosen in this visit, or the only one the officer serves."""
    chosen = str(data.get("village", ""))
    served = {r.village_code for r in villages_where(roles, "menu.open")}
    if chosen:  # named in this visit: that village or none (a tampered state gets nothing)
        return chosen if chosen in served else None
    return next(iter(served)) if len(served) == 1 else None


async def acting_role(ctx: Context, data: Data, permission: str) -> OfficerRole | None:
    """The role through which this officer may do ``permission`` in the village acted for."""
    roles = await roles_of(ctx)
    village = village_of(roles, data)
    return role_in(roles, permission, village) if village else None


class OfficerFields(TypedDict):
    """The officer fields every desk effect carries (who acted, for which village)."""

    officer_channel: str
    officer_account: str
    village_code: str


def by_officer(ctx: Context, role: OfficerRole) -> OfficerFields:
    """The officer acting and the village acted for, for an effect."""
    return OfficerFields(
        officer_channel=ctx.person.channel,
        officer_account=ctx.person.external_id,
        village_code=role.village_code,
    )


def village_data(data: Data) -> dict[str, object]:
    """Only the village acted for: what a desk keeps when it goes to another step."""
    return {"village": data.get("village", "")}
