"""The village desk's per-person view: residents with checklists, and one resident's documents.

The list puts residents with documents waiting first. One resident's view shows every
checklist, each item's state and who verified what, when, and opens the items still waiting;
opening it is logged (``ChecklistPersonViewed``), since it shows a resident's documents.
"""

from __future__ import annotations

from flows.checklists.desk_common import (
    BACK,
    GONE,
    GONE_EXIT,
    MORE,
    OFFICER_MENU,
    PAGE,
    PEOPLE,
    REFUSED,
    desk_role,
    item_title,
    village_data,
    when,
)
from flows.checklists.effects import ChecklistPersonViewed
from flows.checklists.ports import checklist_queries
from flows.checklists.states import ICONS, STATUS_LABELS, checklist_title, progress
from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step

__all__ = ["NODES"]

PERSON_CHECKLISTS = 3

PEOPLE_TITLE = N_("{village}: residents with document checklists (those waiting first).")
PEOPLE_EMPTY = N_("{village}: no resident has a document checklist yet.")
PERSON_LINE = N_("{name} · {ready} ready, {verified} checked · {waiting} waiting")
PERSON_TITLE = N_("{name}: {count} checklist(s).")
PERSON_CHECKLIST = N_("{title} · {reference} ({status})\n{progress}")
ITEM_LINE = N_("{icon} {item}: {state}{by}{expiry}")
BY = N_(" ({who}, {date})")
EXPIRES = N_(" · until {date}")
CHECKLIST_STATUS = {
    "active": N_("active"),
    "departed": N_("departed"),
    "cancelled": N_("cancelled"),
}


async def _people(ctx: Context, data: Data) -> Prompt:
    role = await desk_role(ctx, data)
    if role is None:
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then=OFFICER_MENU)
    offset = max(0, int(data.get("offset", 0)))
    rows = await checklist_queries(ctx).people(role.village_code, limit=PAGE + 1, offset=offset)
    text = ctx._(PEOPLE_TITLE if rows else PEOPLE_EMPTY, village=role.village_name)
    choices = [
        Choice(f"p:{r.resident_id}", ctx._(PERSON_LINE, name=r.name, ready=r.ready,
                                           verified=r.verified, waiting=r.waiting))
        for r in rows[:PAGE]
    ]  # fmt: skip
    if len(rows) > PAGE:
        choices.append(Choice("more", ctx._(MORE)))
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(
        replies=(Reply(text),),
        choices=tuple(choices),
        data={**village_data(data), "offset": offset},
    )


async def _person_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("p:") and choice.id[2:].isdigit():
        return Step(goto="person", data={**village_data(data), "person": int(choice.id[2:]),
                                         "page": 0})  # fmt: skip
    if choice.id == "more":
        return Step(goto="people", data={**village_data(data),
                                         "offset": int(data.get("offset", 0)) + PAGE})  # fmt: skip
    return Step(goto="queue", data={**village_data(data), "offset": 0})


async def _person(ctx: Context, data: Data) -> Prompt:
    """Every checklist of one resident, each item's state, who verified it and when."""
    role = await desk_role(ctx, data)
    person_id = data.get("person")
    if role is None or not isinstance(person_id, int):
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=village_data(data))
    queries = checklist_queries(ctx)
    page = max(0, int(data.get("page", 0)))
    found = await queries.person(
        role.village_code, person_id, limit=PERSON_CHECKLISTS, offset=page * PERSON_CHECKLISTS
    )
    if found is not None and not found[2] and page:  # past the last page: back to the first
        page = 0
        found = await queries.person(role.village_code, person_id, limit=PERSON_CHECKLISTS)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=village_data(data))
    name, count, checklists = found
    pages = max(1, -(-count // PERSON_CHECKLISTS))
    parts = [ctx._(PERSON_TITLE, name=name, count=count)]
    for checklist in checklists:
        lines = [ctx._(PERSON_CHECKLIST, title=checklist_title(ctx, checklist),
                       reference=checklist.reference,
                       status=ctx._(CHECKLIST_STATUS.get(checklist.status, checklist.status)),
                       progress=progress(ctx, checklist))]  # fmt: skip
        for item in checklist.items:
            by = ""
            if item.status == "verified" and item.verified_at is not None:
                by = ctx._(BY, who=item.verified_by or "-", date=when(ctx, item.verified_at))
            until = (
                ctx._(EXPIRES, date=item.expires_on.strftime("%d-%m-%Y")) if item.expires_on else ""
            )
            lines.append(ctx._(ITEM_LINE, icon=ICONS.get(item.status, "•"),
                               item=item_title(ctx, item.item),
                               state=ctx._(STATUS_LABELS[item.status]), by=by,
                               expiry=until))  # fmt: skip
        parts.append("\n".join(lines))
    handled = data.get("handled")
    waiting = [
        (c, i) for c in checklists for i in c.items
        if i.status in ("submitted", "have", "returned") and i.id != handled
    ]  # fmt: skip
    choices = [
        Choice(f"item:{i.id}", f"{ICONS[i.status]} {item_title(ctx, i.item)} · {c.reference}")
        for c, i in waiting[:4]
    ]
    if pages > 1:
        choices.append(Choice("more", ctx._(MORE)))
    choices += [Choice("people", ctx._(PEOPLE)), Choice("back", ctx._(BACK))]
    effects: tuple[Effect, ...] = ()
    if page == 0:
        effects = (ChecklistPersonViewed(ctx.person.channel, ctx.person.external_id,
                                         role.village_code, person_id),)  # fmt: skip
    return Prompt(
        replies=(Reply("\n\n".join(parts)),),
        choices=tuple(choices),
        effects=effects,
        data={**village_data(data), "person": person_id, "page": page},
    )


async def _person_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("item:") and choice.id[5:].isdigit():
        return Step(goto="item", data={**village_data(data), "item": int(choice.id[5:]),
                                       "back": "person", "person": data.get("person")})  # fmt: skip
    if choice.id == "more":
        return Step(goto="person", data={**data, "page": int(data.get("page", 0)) + 1})
    if choice.id == "people":
        return Step(goto="people", data={**village_data(data), "offset": 0})
    return Step(goto="queue", data={**village_data(data), "offset": 0})


NODES: tuple[Node, ...] = (
    Ask("people", _people, _person_chosen,
        exits={"person": "person", "more": "people", "back": "queue", "refused": OFFICER_MENU}),
    Ask("person", _person, _person_action,
        exits={"item": "item", "more": "person", "people": "people", **GONE_EXIT}),
)  # fmt: skip
