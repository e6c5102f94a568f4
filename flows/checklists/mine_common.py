"""What every step of "my documents" shares: the person's own checklist, read again each step.

Each step reads the checklist (and the document in it) again among the person's own in
storage (``own_checklist``, ``own_item``), so an id from a forged button or another person's
state shows nothing. Also shared: who may see the files sent, the counts as they will be once
a change is stored, and the few texts every part of the flow uses (cancel, back, gone).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flows.checklists.catalog import ChecklistContent
from flows.checklists.ports import READY_STATUSES, ChecklistRow, ItemRow, checklist_queries
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.nodes import Data

__all__ = [
    "BACK_CHECKLIST",
    "CANCEL",
    "CANCELLED",
    "GONE",
    "GONE_EXIT",
    "MENU",
    "after_change",
    "checklist_content",
    "item_title",
    "own_checklist",
    "own_item",
    "who_sees",
]

MENU = N_("⬅ Menu")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was changed.")
GONE = N_("That checklist is not among yours.")
BACK_CHECKLIST = N_("⬅ Back to the checklist")
WHO_SEES = N_(
    "Who can see your files: you, the desk officers and the coordinator of {village}, and the "
    "district admin. No other resident, and no other officer, can see them."
)
WHO_SEES_NO_VILLAGE = N_(
    "Only you can see your files for now: register your village (main menu) so its desk "
    "officers can check them."
)

#: Where a step goes when the checklist or document is no longer among the person's own.
GONE_EXIT: dict[str, Any] = {"gone": "list"}


def _village_name(ctx: Context) -> str | None:
    return ctx.person.village.name if ctx.person.village else None


def who_sees(ctx: Context) -> str:
    """Who may see this person's files, in their language."""
    village = _village_name(ctx)
    return ctx._(WHO_SEES, village=village) if village else ctx._(WHO_SEES_NO_VILLAGE)


def checklist_content(ctx: Context) -> ChecklistContent:
    """The checklists' templates, documents and facts."""
    return ctx.content.of(ChecklistContent)


async def own_checklist(ctx: Context, data: Data) -> ChecklistRow | None:
    """The checklist in data, read again among this person's own."""
    checklist_id = data.get("checklist")
    if not isinstance(checklist_id, int):
        return None
    return await checklist_queries(ctx).own_checklist(ctx.person.id, checklist_id)


def own_item(checklist: ChecklistRow, data: Data) -> ItemRow | None:
    """The document in data, if it is in this (own) checklist."""
    item_id = data.get("item")
    return next((i for i in checklist.items if i.id == item_id), None)


def item_title(ctx: Context, item: ItemRow) -> str:
    """A document's title in the person's language."""
    found = checklist_content(ctx).item(item.item)
    return found.title(ctx.locale) if found else item.item


def after_change(checklist: ChecklistRow, item: ItemRow, status: str) -> ChecklistRow:
    """The checklist's counts as they will be once this change is stored."""
    before = item.status in READY_STATUSES
    after = status in READY_STATUSES
    return replace(checklist, ready=checklist.ready + int(after) - int(before))
