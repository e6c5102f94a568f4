"""The village desk's document queue: check residents' documents, oldest first.

Only desk officers and coordinators of the keeper's village (and the district admin) open
it; village staff and parenting facilitators are refused. The right is checked again at
every step through ``acting_role`` and storage scopes every read and write to residents of
the village acted for, so an item id from a forged button or another village shows nothing.
The officer sees the file in their own chat (sent through the delivery engine), verifies the
document or sends it back with a reason, and the keeper is told at once in their language.
A per-person view lists every checklist, each item's state and who verified what, when.

This module holds the flow and the queue; one item's steps are in ``desk_item``, the
per-person view in ``desk_people``, and what they share in ``desk_common``.
"""

from __future__ import annotations

from flows.checklists.desk_common import (
    FOR_NAME,
    HANDLE,
    MORE,
    OFFICER_MENU,
    PAGE,
    PEOPLE,
    REFUSED,
    desk_role,
    item_title,
    village_data,
)
from flows.checklists.desk_item import NODES as ITEM_NODES
from flows.checklists.desk_people import NODES as PEOPLE_NODES
from flows.checklists.ports import checklist_queries
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.officers import access, officer_queries

__all__ = ["FLOW", "HANDLE"]

QUEUE = N_("{village}: {count} document(s) waiting to be checked, oldest first.")
EMPTY = N_("{village}: no documents are waiting to be checked.")
QUEUE_LINE = N_("{name} · {item} · {age}")
AGE_DAYS = N_("{days} d")
AGE_HOURS = N_("{hours} h")
BACK_MENU = N_("⬅ Officer menu")


async def _queue(ctx: Context, data: Data) -> Prompt:
    """Items waiting for the desk in the village acted for, oldest first."""
    role = await desk_role(ctx, data)
    if role is None:
        if not data.get("village"):  # several villages: choose the one acted for first
            person = ctx.person
            roles = await officer_queries(ctx).officer_roles(person.channel, person.external_id)
            if len(access.villages_where(roles, HANDLE)) > 1:
                return Prompt(replies=(), then="officer:choose_village")
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then=OFFICER_MENU)
    queries = checklist_queries(ctx)
    offset = max(0, int(data.get("offset", 0)))
    rows = await queries.queue(role.village_code, limit=PAGE + 1, offset=offset)
    if not rows and offset:
        offset, rows = 0, await queries.queue(role.village_code, limit=PAGE + 1)
    handled = data.get("handled")
    was_waiting = any(r.item_id == handled for r in rows)
    rows = [r for r in rows if r.item_id != handled]
    count = await queries.waiting_count(role.village_code) - int(was_waiting)
    text = ctx._(QUEUE if count else EMPTY, village=role.village_name, count=count)
    choices = []
    for row in rows[:PAGE]:
        hours = int((ctx.now - row.submitted_at).total_seconds() // 3600)
        age = ctx._(AGE_DAYS, days=hours // 24) if hours >= 48 else ctx._(AGE_HOURS, hours=hours)
        name = row.owner_name
        if row.relative_name:
            name = ctx._(FOR_NAME, name=row.owner_name, relative=row.relative_name)
        label = ctx._(QUEUE_LINE, name=name, item=item_title(ctx, row.item), age=age)
        choices.append(Choice(f"item:{row.item_id}", label))
    if len(rows) > PAGE:
        choices.append(Choice("more", ctx._(MORE)))
    choices += [Choice("people", ctx._(PEOPLE)), Choice("menu", ctx._(BACK_MENU))]
    return Prompt(
        replies=(Reply(text),),
        choices=tuple(choices),
        data={**village_data(data), "offset": offset},
    )


async def _queued(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("item:") and choice.id[5:].isdigit():
        return Step(goto="item", data={**village_data(data), "item": int(choice.id[5:]),
                                       "back": "queue"})  # fmt: skip
    if choice.id == "more":
        return Step(goto="queue", data={**village_data(data),
                                        "offset": int(data.get("offset", 0)) + PAGE})  # fmt: skip
    if choice.id == "people":
        return Step(goto="people", data={**village_data(data), "offset": 0})
    return Step(goto=OFFICER_MENU, data=village_data(data))


FLOW = make_flow(
    "docdesk",
    "queue",
    Ask("queue", _queue, _queued,
        exits={"item": "item", "more": "queue", "people": "people", "menu": OFFICER_MENU,
               "several villages": "officer:choose_village"}),
    *ITEM_NODES,
    *PEOPLE_NODES,
    summary="The village desk's document checks",
)  # fmt: skip
