"""Residents' correction requests: the desk reads each, corrects the record, and answers.

An officer opens an open request of their village, marks it done (after correcting the
household) or declines it, and writes a short answer; the resident gets it in their own
language through the delivery engine. Storage checks the request is of that village.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.households.desk_common import BACK, MANAGE, by_officer, gone_prompt, village_data
from flows.households.desk_done import done
from flows.households.effects import HouseholdCorrectionAnswered
from flows.households.notices import CORRECTED, DECLINED
from flows.households.ports import CorrectionRow, household_queries
from flows.officers import OfficerRole, acting_role

__all__ = ["NODES"]

EMPTY = N_("No correction requests waiting.")
LIST = N_("Correction requests from residents (oldest first). Choose one:")
SHOW = N_(
    "From the household of {head}, on {date}:\n\n{text}\n\nOpen the household to correct its "
    "record, then mark the request done, or decline it."
)
DONE = N_("✅ Done: corrected")
DECLINE = N_("❌ Decline")
OPEN = N_("🏠 Open the household")
ASK_ANSWER = N_("Write a short answer for the resident (what was corrected, or why not):")
TOO_SHORT = N_("Please write a little more.")
SENT = N_("Answered; the resident is told.")
SHOWN = 7


async def _request(ctx: Context, data: Data) -> tuple[OfficerRole, CorrectionRow] | None:
    role = await acting_role(ctx, data, MANAGE)
    wanted = data.get("correction")
    if role is None or not isinstance(wanted, int):
        return None
    waiting = await household_queries(ctx).open_corrections(role.village_code)
    found = next((c for c in waiting if c.id == wanted), None)
    return (role, found) if found is not None else None


async def _list(ctx: Context, data: Data) -> Prompt:
    """Open requests, as buttons."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    waiting = (await household_queries(ctx).open_corrections(role.village_code))[:SHOWN]
    choices = tuple(Choice(f"c:{c.id}", f"{c.head_name}: {c.text[:30]}") for c in waiting)
    text = ctx._(LIST) if waiting else ctx._(EMPTY)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open one request, or go back."""
    if choice is None or not choice.id.startswith("c:") or not choice.id[2:].isdigit():
        return Step(goto="home", data=village_data(data))
    return Step(goto="correction", data={**village_data(data), "correction": int(choice.id[2:])})


async def _show(ctx: Context, data: Data) -> Prompt:
    """The request, and what can be done with it."""
    found = await _request(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    row = found[1]
    text = ctx._(SHOW, head=row.head_name, date=row.created_at.strftime("%d-%m-%Y"), text=row.text)
    choices = (Choice("done", ctx._(DONE)), Choice("declined", ctx._(DECLINE)),
               Choice("open", ctx._(OPEN)), Choice("back", ctx._(BACK)))  # fmt: skip
    return Prompt(replies=(Reply(text),), choices=choices)


async def _decided(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Done or declined: ask for the answer; or open the household to correct it first."""
    found = await _request(ctx, data)
    if found is None or choice is None or choice.id == "back":
        return Step(goto="corrections", data=village_data(data))
    if choice.id == "open":
        return Step(
            goto="household", data={**village_data(data), "household": found[1].household_id}
        )
    return Step(goto="correction_answer", data={**data, "status": choice.id})


async def _ask_answer(ctx: Context, data: Data) -> Prompt:
    """Ask for the answer the resident will read."""
    if await _request(ctx, data) is None:
        return gone_prompt(ctx, data)
    return Prompt(replies=(Reply(ctx._(ASK_ANSWER)),), choices=(Choice("back", ctx._(BACK)),))


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send the answer (storage checks the request is an open one of this village)."""
    found = await _request(ctx, data)
    status = str(data.get("status", ""))
    if found is None or choice is not None or status not in ("done", "declined"):
        return Step(goto="corrections", data=village_data(data))
    text = inbound.text.strip()[:1000]
    if len(text) < 2:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    role, row = found
    message = CORRECTED if status == "done" else DECLINED
    effect = HouseholdCorrectionAnswered(
        **by_officer(ctx, role), correction_id=row.id, status=status, answer=text,
        notices=ctx.in_every_locale(message, village=role.village_name, answer=text),
    )  # fmt: skip
    return Step(replies=(Reply(ctx._(SENT)),), effects=(effect,), goto="done",
                data=done("answered", village_data(data)))  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("corrections", _list, _chosen, exits={"request": "correction", "back / gone": "home"}),
    Ask("correction", _show, _decided,
        exits={"done / declined": "correction_answer", "open": "household",
               "back": "corrections", "gone": "home"}),
    Ask("correction_answer", _ask_answer, _answer,
        exits={"sent": "done", "back": "corrections", "gone": "home"}, takes_any_text=True),
)  # fmt: skip
