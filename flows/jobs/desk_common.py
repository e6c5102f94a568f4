"""What every step of the desk's job board shares: the officer's right, checked again each time.

Each step calls ``desk_role``: the right to publish for the village acted for is read again,
so a role removed mid-way stops the very next step, and ``refused`` sends anyone without it
back to the officer menu. Used by ``desk.py`` (the menu), ``desk_notices.py`` (managing
published notices) and ``desk_verdicts.py`` (verdicts on offers residents sent to check).
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt
from flows.jobs.publish import PUBLISH
from flows.officers import OfficerRole, acting_role, village_data

__all__ = [
    "BACK",
    "CANCEL",
    "CANCELLED",
    "LIMIT",
    "OFFICER_MENU",
    "TOO_SHORT",
    "desk_role",
    "refused",
    "village_data",
]

OFFICER_MENU = "officer:menu"
BACK = N_("⬅ Back")
REFUSED = N_("Only desk officers and coordinators of this village can manage job notices.")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was changed.")
TOO_SHORT = N_("Please write a little more.")
#: Notices or offers listed at once.
LIMIT = 6


async def desk_role(ctx: Context, data: Data) -> OfficerRole | None:
    """The officer's right to publish for the village acted for, read again."""
    return await acting_role(ctx, data, PUBLISH)


def refused(ctx: Context, data: Data) -> Prompt:
    """Back to the officer menu: this account may not manage the village's job notices."""
    return Prompt(replies=(Reply(ctx._(REFUSED)),), then=OFFICER_MENU, data=village_data(data))
