"""The village desk's job board (officer menu → job notices): publish, manage, check offers.

Desk officers and coordinators of the village (and the district admin) publish notices (the
steps are in ``publish.py``), see each notice's interested residents and write to them
through the bot, edit, close or withdraw a notice with a reason (``desk_notices.py``), and
give a verdict on the offers residents sent to check (``desk_verdicts.py``). This module is
the desk's menu and puts the steps together into one flow. Village staff and parenting
facilitators get a kind refusal. The right is checked again at every step through
``acting_role`` (``desk_common.py``), and storage scopes every read and write to the village
acted for, so a forged button or a guessed id shows nothing.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.jobs.desk_common import OFFICER_MENU, desk_role, refused, village_data
from flows.jobs.desk_notices import NODES as NOTICE_NODES
from flows.jobs.desk_verdicts import NODES as VERDICT_NODES
from flows.jobs.ports import job_queries
from flows.jobs.publish import NODES as PUBLISH_NODES

__all__ = ["FLOW"]

MENU = N_("Job board of {village}: {open} open notice(s), {offers} offer(s) waiting for a check.")
NEW = N_("➕ Publish a notice")
NOTICES = N_("📋 Our notices")
OFFERS = N_("🔍 Offers to check ({count})")
BACK_MENU = N_("⬅ Officer menu")


async def _menu(ctx: Context, data: Data) -> Prompt:
    """Publish, the village's notices, the offers to check."""
    role = await desk_role(ctx, data)
    if role is None:
        return refused(ctx, data)
    notices = await job_queries(ctx).village_notices(role.village_code, ctx.now)
    _, waiting = await job_queries(ctx).offer_queue(role.village_code, 0)
    opened = sum(1 for n in notices if n.status == "open")
    text = ctx._(MENU, village=role.village_name, open=opened, offers=waiting)
    choices = (
        Choice("new", ctx._(NEW)),
        Choice("list", ctx._(NOTICES)),
        Choice("offers", ctx._(OFFERS, count=waiting)),
        Choice("back", ctx._(BACK_MENU)),
    )
    return Prompt(replies=(Reply(text),), choices=choices, data=village_data(data))


async def _menu_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open the chosen part."""
    if choice is None:
        return Step(reprompt=True)
    targets = {"new": "p_country", "list": "list", "offers": "offers"}
    target = targets.get(choice.id)
    if target is None:
        return Step(goto=OFFICER_MENU, data=village_data(data))
    return Step(goto=target, data={**village_data(data), "page": 0})


FLOW = make_flow(
    "jobdesk",
    "menu",
    Ask(
        "menu",
        _menu,
        _menu_chosen,
        exits={
            "publish": "p_country",
            "notices": "list",
            "offers": "offers",
            "back / refused": OFFICER_MENU,
        },
    ),
    *NOTICE_NODES,
    *VERDICT_NODES,
    *PUBLISH_NODES,
    summary="The village desk's job board: publish, manage, check offers",
)
