"""My documents (``/dokumen``): a prospective worker's checklists, one per planned departure.

Start a checklist for a destination and job (for oneself, or kept for a relative), see the
progress and the next step, open a document to read what it is, where to get it, what it
costs where the facts say so and what to bring; mark it "sudah punya", send a photo or PDF of
it (told who can see it), delete a file sent, turn the two-weekly reminder off, or close the
checklist. Every read is scoped to the person's own checklists in storage, so an id from a
forged button or another person's state shows nothing.

This module holds the flow and what follows a change (the reminder and closing); starting a
checklist is in ``mine_start``, one checklist and one document's steps in ``mine_item``, files
sent in ``mine_files``, and what they share in ``mine_common``.
"""

from __future__ import annotations

from flows.checklists.effects import ChecklistClosed, ChecklistRemindersSet
from flows.checklists.mine_common import (
    BACK_CHECKLIST,
    GONE,
    GONE_EXIT,
    MENU,
    own_checklist,
    who_sees,
)
from flows.checklists.mine_files import NODES as FILE_NODES
from flows.checklists.mine_item import NODES as ITEM_NODES
from flows.checklists.mine_start import NODES as START_NODES
from flows.checklists.mine_start import RELATIONS
from flows.checklists.states import checklist_title
from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow

__all__ = ["FLOW", "RELATIONS", "who_sees"]

AFTER = N_("What next?")
MENU_OPTIONS = N_("{title} · {reference}\nReminder after two weeks untouched: {reminder}.")
ON = N_("on")
OFF = N_("off")
REMINDER_OFF = N_("🔕 Turn the reminder off")
REMINDER_ON = N_("🔔 Turn the reminder on")
WHO_BUTTON = N_("👁 Who can see my files?")
DEPARTED = N_("✈️ I have left (close it)")
DROP = N_("🗑 I dropped this plan (close it)")
REMINDERS_SET = N_("Reminder {state} for {reference}.")
CLOSED = N_("{reference} is closed and kept; the desk can still see it.")
ALL_TEMPLATES = "templates"


async def _after(ctx: Context, data: Data) -> Prompt:
    """What was just done (already counted), with the way back."""
    said = str(data.get("said", "")) or ctx._(AFTER)
    choices = (Choice("back", ctx._(BACK_CHECKLIST)), Choice("menu", ctx._(MENU)))
    return Prompt(replies=(Reply(said),), choices=choices)


async def _after_choice(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    kept = {k: v for k, v in data.items() if k in ("checklist", "page")}
    if choice is not None and choice.id == "back":
        return Step(goto="checklist", data=kept)
    return Step(goto="main:menu")


# --- reminder and closing -----------------------------------------------------------------------


async def _options(ctx: Context, data: Data) -> Prompt:
    checklist = await own_checklist(ctx, data)
    if checklist is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    text = ctx._(MENU_OPTIONS, title=checklist_title(ctx, checklist),
                 reference=checklist.reference,
                 reminder=ctx._(ON if checklist.reminders_on else OFF))  # fmt: skip
    toggle = Choice("reminder", ctx._(REMINDER_OFF if checklist.reminders_on else REMINDER_ON))
    choices = (
        toggle,
        Choice("who", ctx._(WHO_BUTTON)),
        Choice("departed", ctx._(DEPARTED)),
        Choice("cancelled", ctx._(DROP)),
        Choice("back", ctx._(BACK_CHECKLIST)),
    )
    return Prompt(replies=(Reply(text),), choices=choices)


async def _option(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "back":
        return Step(goto="checklist", data=data)
    if choice.id == "who":
        return Step(replies=(Reply(who_sees(ctx)),), reprompt=True)
    checklist = await own_checklist(ctx, data)
    if checklist is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    effect: Effect
    if choice.id == "reminder":
        on = not checklist.reminders_on
        effect = ChecklistRemindersSet(checklist.id, on)
        said = ctx._(REMINDERS_SET, state=ctx._(ON if on else OFF), reference=checklist.reference)
        return Step(effects=(effect,), goto="after", data={**data, "said": said})
    if choice.id in ("departed", "cancelled"):
        effect = ChecklistClosed(
            checklist.id, "departed" if choice.id == "departed" else "cancelled"
        )
        said = ctx._(CLOSED, reference=checklist.reference)
        return Step(effects=(effect,), goto="after", data={**data, "said": said})
    return Step(reprompt=True)


FLOW = make_flow(
    "docs",
    "list",
    *START_NODES,
    *ITEM_NODES,
    *FILE_NODES,
    Ask("after", _after, _after_choice, exits={"back": "checklist", "menu": "main:menu"}),
    Ask("options", _options, _option,
        exits={"reminder / closed": "after", "back": "checklist", **GONE_EXIT}),
    summary="My documents: checklists before leaving",
)  # fmt: skip
