"""Officers' list of their village's own answers, and withdrawing one that is wrong or stale.

Part of the officer flow (``officer:answers``). A withdrawn answer stops being shown at once;
it stays in the database (inactive) for the record. Rights are checked again on every step,
and storage only withdraws an answer of the officer's own village.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step
from flows.information import VillageTopicWithdrawn, information_queries
from flows.officers.acting import acting_role
from flows.officers.effects import OfficerActed

__all__ = ["ANSWERS", "PERMISSION", "node"]

ANSWERS = N_("📋 My village's answers")
LIST = N_("Answers written for {village}. Tap one to withdraw it (residents stop seeing it):")
NONE = N_("{village} has no answers of its own yet.")
WITHDRAW = N_("Withdraw: {title}")
WITHDRAWN = N_("Withdrawn: {title}. Residents no longer see it.")
REFUSED = N_("This menu is only for village officers.")
BACK = N_("Back to menu")
ADD = N_("Add an answer for my village")
PERMISSION = "topics.add"
_W = "w:"


async def _list(ctx: Context, data: Data) -> Prompt:
    """The officer's village answers, each a button that withdraws it."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then="main:menu")
    topics = await information_queries(ctx).village_topics(role.village_code)
    back = Choice("back", ctx._(BACK))
    add = Choice("add", ctx._(ADD))  # adding lives here, so the officer menu stays short
    if not topics:
        text = ctx._(NONE, village=role.village_name)
        return Prompt(
            replies=(Reply(text),), choices=(add, back), data={"village": role.village_code}
        )
    buttons = tuple(Choice(f"{_W}{t.id}", ctx._(WITHDRAW, title=t.title)) for t in topics[:6])
    listed = OfficerActed(ctx.person.external_id, role.village_code, "topics.listed")
    return Prompt(
        effects=(listed,),
        replies=(Reply(ctx._(LIST, village=role.village_name)),),
        choices=(*buttons, add, back),
        data={"village": role.village_code, "titles": {str(t.id): t.title for t in topics}},
    )


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Withdraw the chosen answer (re-checking the right to), or go back."""
    if choice is not None and choice.id == "add":
        return Step(goto="add_title", data={"village": data.get("village", "")})
    if choice is None or not choice.id.startswith(_W):
        return Step(goto="menu")
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return Step(replies=(Reply(ctx._(REFUSED)),), goto="main:menu")
    village = role.village_code
    topic_id = choice.id.removeprefix(_W)
    titles = data.get("titles", {})
    title = str(titles.get(topic_id, "")) if isinstance(titles, dict) else ""
    if not topic_id.isdecimal() or not title:
        return Step(goto="menu")
    effects: tuple[Effect, ...] = (
        VillageTopicWithdrawn(ctx.person.external_id, village, int(topic_id)),
        OfficerActed(ctx.person.external_id, village, "topic.withdrawn", topic_id),
    )
    return Step(replies=(Reply(ctx._(WITHDRAWN, title=title)),), effects=effects, goto="menu")


node = Ask(
    "answers",
    _list,
    _chosen,
    exits={
        "withdraw": "answers",
        "add": "add_title",
        "back": "menu",
        "refused": "main:menu",
    },
)
