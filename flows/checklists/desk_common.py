"""What every step of the village desk's document checks shares: the right, re-checked each step.

``desk_role`` checks the officer's right again at every step (desk officers and coordinators
of the village acted for, and the district admin; a role removed mid-way stops the very next
step), and storage scopes every read to residents of that village. Also shared: the village
kept in the flow's data, times in the village's time zone, document titles, and the few
texts the queue, one item and the per-person view all use.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flows.checklists.catalog import ChecklistContent
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.nodes import Data
from flows.officers import OfficerRole, acting_role, village_data

__all__ = [
    "BACK",
    "FOR_NAME",
    "GONE",
    "GONE_EXIT",
    "HANDLE",
    "MORE",
    "OFFICER_MENU",
    "PAGE",
    "PEOPLE",
    "REFUSED",
    "desk_role",
    "item_title",
    "village_data",
    "when",
]

HANDLE = "checklists.handle"
OFFICER_MENU = "officer:menu"
PAGE = 5

REFUSED = N_("Only desk officers and coordinators of this village can check residents' documents.")
FOR_NAME = N_("{name} for {relative}")
MORE = N_("➡️ More")
PEOPLE = N_("👥 By resident")
GONE = N_("That document is not in this village's list.")
BACK = N_("⬅ Back")

#: Where a step goes when the item or resident is no longer in this village's list.
GONE_EXIT = {"gone": "queue"}


async def desk_role(ctx: Context, data: Data) -> OfficerRole | None:
    """The officer's right to check documents in the village acted for, checked again."""
    return await acting_role(ctx, data, HANDLE)


def _zone(ctx: Context) -> ZoneInfo:
    return ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")


def when(ctx: Context, at: datetime) -> str:
    """A moment as a date and time in the village's time zone."""
    return at.astimezone(_zone(ctx)).strftime("%d-%m-%Y %H:%M")


def item_title(ctx: Context, item: str, locale: str | None = None) -> str:
    """A document's title (in ``locale``, else the officer's language)."""
    found = ctx.content.of(ChecklistContent).item(item)
    return found.title(locale or ctx.locale) if found else item
