"""Officer menu: what village officers need from the bot (``/petugas``).

Residents who type the command are told kindly that the menu is for officers. Officers see,
per village they serve, the questions the bot could not answer, most frequent first, so they
know which topics to add. Every view is audited.
"""

from __future__ import annotations

from flows.access import may, villages_where
from flows.context import Context
from flows.effects import Effect, OfficerActed
from flows.i18n import N_
from flows.messages import Choice, Inbound, Reply
from flows.nodes import Ask, Data, Prompt, Say, Step, make_flow

__all__ = ["FLOW"]

ONLY_OFFICERS = N_("This menu is only for village officers.")
MENU = N_("Officer menu ({villages}). What would you like to see?")
UNANSWERED = N_("Unanswered questions")
BACK = N_("Back to menu")
NONE_YET = N_("{village}: no unanswered questions yet.")
HEADER = N_("{village}: questions the bot could not answer (most asked first):")
LINE = N_("{rank}. ({count}×) {question}")
HOW_TO_ADD = N_(
    "To add a topic, send the question and the correct answer with its official source to "
    "whoever maintains the bot's content files (flows/content/topics)."
)
PERMISSION = "questions.view"
TOP = 10


async def _menu(ctx: Context, data: Data) -> Prompt:
    """Officers get their menu; anyone else a kind refusal and the main menu."""
    roles = villages_where(
        await ctx.queries.officer_roles(ctx.person.channel, ctx.person.external_id), PERMISSION
    )
    if not roles:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    names = ", ".join(r.village_name for r in roles)
    choices = (Choice("unanswered", ctx._(UNANSWERED)), Choice("back", ctx._(BACK)))
    return Prompt(replies=(Reply(ctx._(MENU, villages=names)),), choices=choices)


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open the list, or go back."""
    if choice is not None and choice.id == "unanswered":
        return Step(goto="unanswered")
    return Step(goto="main:menu")


async def _unanswered(ctx: Context, data: Data) -> Prompt:
    """The most asked unanswered questions of each village the officer may see (audited)."""
    roles = await ctx.queries.officer_roles(ctx.person.channel, ctx.person.external_id)
    replies: list[Reply] = []
    effects: list[Effect] = []
    for role in villages_where(roles, PERMISSION):
        if not may(roles, PERMISSION, role.village_code):
            continue
        rows = await ctx.queries.unanswered_questions(role.village_code, TOP)
        if not rows:
            replies.append(Reply(ctx._(NONE_YET, village=role.village_name)))
        else:
            lines = [ctx._(HEADER, village=role.village_name)]
            lines += [
                ctx._(LINE, rank=i, count=row.count, question=row.question)
                for i, row in enumerate(rows, start=1)
            ]
            replies.append(Reply("\n".join(lines)))
        effects.append(OfficerActed(ctx.person.external_id, role.village_code, "questions.viewed"))
    if not replies:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    replies.append(Reply(ctx._(HOW_TO_ADD)))
    return Prompt(replies=tuple(replies), effects=tuple(effects), then="menu")


FLOW = make_flow(
    "officer",
    "menu",
    Ask("menu", _menu, _chosen, exits={"unanswered": "unanswered", "back / refused": "main:menu"}),
    Say("unanswered", _unanswered, next="menu"),
    summary="Officer menu",
)
