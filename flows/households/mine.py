"""My household (``/keluarga``): what the village holds about a resident's own family.

A resident whose account the desk linked to a household (with a one-time code: the link
``/start kk-<code>``, or the code typed here) sees the household's record as the desk keeps
it, their earlier correction requests and the answers, and can ask for a correction in their
own words. Reads go only through their own link: no id travels in the conversation, so there
is nothing to forge. Linking a code is ``familylink``.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.households.effects import HouseholdCorrectionRequested
from flows.households.labels import KIND_TITLES, household_line, record_line
from flows.households.ports import household_queries
from flows.households.records import RECORD_KINDS

__all__ = ["FLOW"]

NOT_LINKED = N_(
    "Your account is not linked to a household of the village registry yet. If the village "
    "desk gave you a code, type it here."
)
HOLDS = N_("What {village} holds about your household:\n\n{line}\n\n{records}")
SECTION = N_("{title}:\n{lines}")
NOTHING = N_("none")
ASKED = N_("Your correction requests:\n{lines}")
ASKED_LINE = N_("• {date} ({status}): {text}{answer}")
ANSWER = N_("\n  Answer: {answer}")
STATUS = {"open": N_("waiting"), "done": N_("corrected"), "declined": N_("declined")}
CORRECT = N_("✍️ Ask for a correction")
MENU = N_("⬅ Main menu")
ASK = N_(
    "What should be corrected? Write it in your own words (for example: our RT is 004, "
    "my husband came back from Malaysia in March). The village desk will answer you here."
)
SENT = N_("Sent to the village desk. You will get their answer here.")
TOO_SHORT = N_("Please write a little more.")
CANCEL = N_("❌ Cancel")


async def _home(ctx: Context, data: Data) -> Prompt:
    """The linked household's record and requests, or how to link one."""
    queries = household_queries(ctx)
    row = await queries.my_household(ctx.person.id)
    if row is None:
        return Prompt(replies=(Reply(ctx._(NOT_LINKED)),), choices=(Choice("menu", ctx._(MENU)),))
    sections = []
    for kind in RECORD_KINDS:
        lines = [f"• {record_line(ctx, kind, r.values)}" for r in row.of(kind)]
        sections.append(ctx._(SECTION, title=ctx._(KIND_TITLES[kind]),
                              lines="\n".join(lines) or ctx._(NOTHING)))  # fmt: skip
    values = {"head_name": row.head_name, "dusun": row.dusun, "rt": row.rt, "rw": row.rw,
              "address": row.address}  # fmt: skip
    replies = [Reply(ctx._(HOLDS, village=row.village_name, line=household_line(ctx, values),
                           records="\n\n".join(sections)))]  # fmt: skip
    asked = await queries.my_corrections(ctx.person.id)
    if asked:
        lines = [
            ctx._(ASKED_LINE, date=c.created_at.strftime("%d-%m-%Y"), text=c.text,
                  status=ctx._(STATUS[c.status]),
                  answer=ctx._(ANSWER, answer=c.answer) if c.answer else "")
            for c in asked
        ]  # fmt: skip
        replies.append(Reply(ctx._(ASKED, lines="\n".join(lines))))
    choices = (Choice("correct", ctx._(CORRECT)), Choice("menu", ctx._(MENU)))
    return Prompt(replies=tuple(replies), choices=choices)


async def _home_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Ask for a correction, go back, or try a typed code."""
    if choice is not None:
        return Step(goto="correct" if choice.id == "correct" else "main:menu", data={})
    if inbound.text.strip():
        return Step(goto="familylink:accept", data={"payload": inbound.text.strip()[:30]})
    return Step(goto="main:menu", data={})


async def _ask(ctx: Context, data: Data) -> Prompt:
    """Ask what should be corrected (only with a household linked)."""
    if await household_queries(ctx).my_household(ctx.person.id) is None:
        return Prompt(replies=(Reply(ctx._(NOT_LINKED)),), then="home", data={})
    return Prompt(replies=(Reply(ctx._(ASK)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _asked(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send the request to the desk (storage files it under the person's own household)."""
    if choice is not None:
        return Step(goto="home", data={})
    text = inbound.text.strip()[:2000]
    if len(text) < 5:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    return Step(replies=(Reply(ctx._(SENT)),), effects=(HouseholdCorrectionRequested(text),),
                goto="home", data={})  # fmt: skip


FLOW = make_flow(
    "family",
    "home",
    Ask("home", _home, _home_chosen,
        exits={"correct": "correct", "typed code": "familylink:accept", "menu": "main:menu"}),
    Ask("correct", _ask, _asked, exits={"sent / cancel / not linked": "home"},
        takes_any_text=True),
    summary="My household: what the village registry holds, and corrections",
)  # fmt: skip
