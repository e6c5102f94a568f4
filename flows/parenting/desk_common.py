"""What every step of the parenting desk shares: the child read again under the officer's right.

Each step calls ``managed_child``: the officer's parenting role is checked again (a role
removed mid-way stops the very next step) and the child is read within the village acted
for, so a forged or stale id of another village finds nothing.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Step
from flows.officers import OfficerRole, acting_role, by_officer, village_data
from flows.parenting.ports import ChildRow, parenting_queries

__all__ = ["GONE", "MANAGE", "SETTINGS", "by_officer", "gone_prompt", "gone_step",
           "managed_child", "village_data"]  # fmt: skip

MANAGE = "parenting.manage"
SETTINGS = "parenting.settings"
GONE = N_("That child is not in this village's list.")


async def managed_child(ctx: Context, data: Data) -> tuple[OfficerRole, ChildRow] | None:
    """The child in data, read again within the village this officer looks after children in."""
    role = await acting_role(ctx, data, MANAGE)
    child_id = data.get("child")
    if role is None or not isinstance(child_id, int):
        return None
    child = await parenting_queries(ctx).village_child(role.village_code, child_id)
    return (role, child) if child is not None else None


def gone_prompt(ctx: Context, data: Data) -> Prompt:
    """The child is not (or no longer) this officer's to see: back to the desk."""
    return Prompt(replies=(Reply(ctx._(GONE)),), then="home", data=village_data(data))


def gone_step(ctx: Context, data: Data) -> Step:
    """The same, after an input."""
    return Step(replies=(Reply(ctx._(GONE)),), goto="home", data=village_data(data))
