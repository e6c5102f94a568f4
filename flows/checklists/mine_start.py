"""Starting a checklist in "my documents": the list of one's checklists, and a new one.

A person sees every active checklist with its progress and opens one, or starts a new one: for
themself or kept for a relative (name and relation asked), for a destination and job chosen
from the templates. The new checklist is shown with what it says about costs, that it is
guidance, and who can see the files sent.
"""

from __future__ import annotations

from flows.checklists.effects import ChecklistStarted
from flows.checklists.mine_common import (
    CANCEL,
    CANCELLED,
    GONE_EXIT,
    MENU,
    checklist_content,
    who_sees,
)
from flows.checklists.ports import ChecklistRow, checklist_queries
from flows.checklists.states import checklist_title, progress
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step

__all__ = ["NODES", "RELATIONS"]

SHOWN_CHECKLISTS = 5
INTRO = N_(
    "My documents: a checklist of the documents you need before working abroad, one for each "
    "planned departure. You can keep one for a family member too."
)
LIST = N_("Your checklists:")
LINE = N_("{n}. {title} ({reference}): {progress}")
CLOSED_COUNT = N_("{count} closed checklist(s) are kept but not shown.")
NEW = N_("➕ New checklist")
FOR_WHOM = N_("Who is this checklist for?")
SELF = N_("For me")
RELATIVE = N_("For a family member")
ASK_NAME = N_("What is your family member's name?")
NAME_TOO_SHORT = N_("Please type their name (at least 2 letters).")
ASK_RELATION = N_("How is {name} related to you?")
RELATIONS = {
    "child": N_("My child"),
    "spouse": N_("My husband or wife"),
    "sibling": N_("My brother or sister"),
    "parent": N_("My parent"),
    "other": N_("Other family"),
}
ASK_TEMPLATE = N_("Where to, and for which job? The list follows the law and that destination.")
STARTED = N_(
    "Checklist {reference} is ready: {title}.\n{progress}\n\n{note}\n\n{disclaimer}\n\n{who}"
)
OPEN = N_("📋 Open the checklist")


# --- the list -----------------------------------------------------------------------------------


async def _list(ctx: Context, data: Data) -> Prompt:
    """Every checklist of this person with its progress; start a new one."""
    rows = await checklist_queries(ctx).own_checklists(ctx.person.id)
    active = [r for r in rows if r.status == "active"]
    if not active:
        text = f"{ctx._(INTRO)}\n\n{checklist_content(ctx).disclaimer_text(ctx.locale)}"
        if rows:
            text += "\n\n" + ctx._(CLOSED_COUNT, count=len(rows))
    else:
        lines = [ctx._(LIST)]
        for n, row in enumerate(active, start=1):
            lines.append(
                ctx._(LINE, n=n, title=checklist_title(ctx, row), reference=row.reference,
                      progress=progress(ctx, row))
            )  # fmt: skip
        if len(rows) > len(active):
            lines.append(ctx._(CLOSED_COUNT, count=len(rows) - len(active)))
        text = "\n".join(lines)
    choices = [
        Choice(f"cl:{r.id}", f"{n}. {checklist_title(ctx, r)}")
        for n, r in enumerate(active[:SHOWN_CHECKLISTS], start=1)
    ]
    choices += [Choice("new", ctx._(NEW)), Choice("menu", ctx._(MENU))]
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data={})


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a checklist, start one, or go back to the menu."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("cl:") and choice.id[3:].isdigit():
        return Step(goto="checklist", data={"checklist": int(choice.id[3:]), "page": 0})
    if choice.id == "new":
        return Step(goto="for_whom", data={})
    return Step(goto="main:menu")


# --- a new checklist ----------------------------------------------------------------------------


async def _for_whom(ctx: Context, data: Data) -> Prompt:
    """For oneself, or kept for a relative."""
    choices = (
        Choice("self", ctx._(SELF)),
        Choice("relative", ctx._(RELATIVE)),
        Choice("cancel", ctx._(CANCEL)),
    )
    return Prompt(replies=(Reply(ctx._(FOR_WHOM)),), choices=choices)


async def _whom(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "self":
        return Step(goto="template", data={"for": "self"})
    if choice.id == "relative":
        return Step(goto="relative_name", data={"for": "relative"})
    return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")


async def _ask_name(ctx: Context, data: Data) -> Prompt:
    return Prompt(replies=(Reply(ctx._(ASK_NAME)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _name(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")
    name = " ".join(inbound.text.split())[:80]
    if sum(c.isalpha() for c in name) < 2:
        return Step(replies=(Reply(ctx._(NAME_TOO_SHORT)),))
    return Step(goto="relative_relation", data={**data, "name": name})


async def _ask_relation(ctx: Context, data: Data) -> Prompt:
    choices = tuple(Choice(k, ctx._(label)) for k, label in RELATIONS.items())
    text = ctx._(ASK_RELATION, name=str(data.get("name", "")))
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("cancel", ctx._(CANCEL))))


async def _relation(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id not in RELATIONS:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")
    return Step(goto="template", data={**data, "relation": choice.id})


async def _ask_template(ctx: Context, data: Data) -> Prompt:
    templates = checklist_content(ctx).templates.values()
    choices = tuple(Choice(f"t:{t.id}", t.label(ctx.locale)) for t in templates)
    return Prompt(
        replies=(Reply(ctx._(ASK_TEMPLATE)),),
        choices=(*choices[:7], Choice("cancel", ctx._(CANCEL))),
    )


async def _template(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Start the checklist from the chosen template."""
    if choice is None:
        return Step(reprompt=True)
    content = checklist_content(ctx)
    template = content.template(choice.id[2:]) if choice.id.startswith("t:") else None
    if template is None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")
    relative = data.get("for") == "relative"
    relation = str(data.get("relation", "")) if relative else ""
    started = ChecklistStarted(
        reference=ctx.new_reference("DOK"),
        template=template.id,
        items=template.items,
        for_whom="relative" if relative else "self",
        relative_name=str(data.get("name", "")) if relative else "",
        relative_relation=ctx._(RELATIONS[relation]) if relation in RELATIONS else "",
    )
    shown = {
        "reference": started.reference,
        "template": template.id,
        "total": len(template.items),
        "title_for": started.relative_name,
        "relation": started.relative_relation,
    }
    return Step(effects=(started,), goto="started", data=shown)


async def _started(ctx: Context, data: Data) -> Prompt:
    """The new checklist, what it says about costs, that it is guidance, and who sees files."""
    content = checklist_content(ctx)
    template = content.template(str(data.get("template", "")))
    if template is None:
        return Prompt(replies=(), then="list")
    row = ChecklistRow(
        id=0, reference=str(data.get("reference", "")), template=template.id, status="active",
        for_whom="relative" if data.get("title_for") else "self",
        relative_name=str(data.get("title_for", "")),
        relative_relation=str(data.get("relation", "")),
        reminders_on=True, created_at=ctx.now, total=int(data.get("total", 0)), ready=0,
        verified=0,
    )  # fmt: skip
    text = ctx._(
        STARTED, reference=row.reference, title=checklist_title(ctx, row),
        progress=progress(ctx, row), note=template.note(ctx.locale),
        disclaimer=content.disclaimer_text(ctx.locale), who=who_sees(ctx),
    )  # fmt: skip
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("open", ctx._(OPEN)), Choice("menu", ctx._(MENU))),
    )


async def _open_new(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None or choice.id != "open":
        return Step(goto="main:menu")
    found = await checklist_queries(ctx).own_checklist_by_reference(
        ctx.person.id, str(data.get("reference", ""))
    )
    if found is None:
        return Step(goto="list")
    return Step(goto="checklist", data={"checklist": found.id, "page": 0})


NODES: tuple[Node, ...] = (
    Ask("list", _list, _listed,
        exits={"open": "checklist", "new": "for_whom", "menu": "main:menu"}),
    Ask("for_whom", _for_whom, _whom,
        exits={"me": "template", "relative": "relative_name", "cancel": "list"}),
    Ask("relative_name", _ask_name, _name,
        exits={"named": "relative_relation", "cancel": "list"}, takes_any_text=True),
    Ask("relative_relation", _ask_relation, _relation,
        exits={"chosen": "template", "cancel": "list"}),
    Ask("template", _ask_template, _template, exits={"started": "started", "cancel": "list"}),
    Ask("started", _started, _open_new,
        exits={"open": "checklist", "menu": "main:menu", **GONE_EXIT}),
)  # fmt: skip
