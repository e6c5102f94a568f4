"""Linking to a household: ``/start kk-<code>`` (the link), or the code typed in /keluarga.

The code must exist, be unused and unexpired; the person sees which household of which
village it opens and accepts or declines. Storage checks it again as it spends the code, so a
code works once. Every refusal looks the same, so a guessed code teaches nothing.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.households.effects import HouseholdLinked
from flows.households.ports import CodeRow, household_queries

__all__ = ["FLOW", "code_in"]

INVALID = N_(
    "This code does not work: it may be mistyped, already used or expired. Ask the village "
    "desk for a new one."
)
OFFER = N_(
    "This code lets you see what {village} holds about the household of {head}, and ask for "
    "corrections. Link your account to it?"
)
ACCEPT = N_("✅ Yes, link me")
DECLINE = N_("No, thank you")
LINKED = N_("Linked. See your household's record any time with /keluarga.")
DECLINED = N_("Declined. Nothing has changed.")


def code_in(text: str) -> str:
    """The code in ``kk-K7Q2XMAB`` or ``K7Q2XMAB`` (upper case), or "" when it cannot be one."""
    code = text.strip().upper().removeprefix("KK-").strip()
    return code if code.isalnum() and 4 <= len(code) <= 16 else ""


async def _usable(ctx: Context, data: Data) -> CodeRow | None:
    code = code_in(str(data.get("payload", "")))
    if not code:
        return None
    row = await household_queries(ctx).link_code(code, ctx.now)
    return row if row is not None and row.usable else None


async def _offer(ctx: Context, data: Data) -> Prompt:
    """Show which household the code opens, or refuse a code that does not work."""
    row = await _usable(ctx, data)
    if row is None:
        return Prompt(replies=(Reply(ctx._(INVALID)),), then="main:menu", data={})
    text = ctx._(OFFER, village=row.village_name, head=row.head_name)
    return Prompt(replies=(Reply(text),),
                  choices=(Choice("yes", ctx._(ACCEPT)), Choice("no", ctx._(DECLINE))))  # fmt: skip


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Accept (the code is checked again here and by storage) or decline."""
    if choice is None or choice.id != "yes":
        return Step(replies=(Reply(ctx._(DECLINED)),), goto="main:menu", data={})
    row = await _usable(ctx, data)
    if row is None:
        return Step(replies=(Reply(ctx._(INVALID)),), goto="main:menu", data={})
    return Step(replies=(Reply(ctx._(LINKED)),), effects=(HouseholdLinked(row.code, ctx.now),),
                goto="main:menu", data={})  # fmt: skip


FLOW = make_flow(
    "familylink",
    "accept",
    Ask("accept", _offer, _answer, exits={"linked / declined / refused": "main:menu"}),
    summary="Linking an account to a household with a one-time code",
)
