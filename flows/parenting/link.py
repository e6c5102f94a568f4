"""Linking to a child: ``/start anak-<code>`` (from the link, or typed in "Anak saya").

The code must exist, be unused, unrevoked and unexpired, and no restriction may block its
relation; the person sees whose news they would follow and accepts or declines. Storage
checks it all once more as it spends the code, so a code works once. Where the village wants
it, a parent's link waits for the caregiver's confirmation. Every refusal looks the same, so
a guessed code teaches nothing about a child.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.parenting.common import RELATION_NAMES
from flows.parenting.effects import ChildLinked
from flows.parenting.notices import link_waits_in_every_locale
from flows.parenting.ports import CodeRow, parenting_queries

__all__ = ["FLOW", "code_in"]

INVALID = N_(
    "This code does not work: it may be mistyped, already used or expired. Ask the village "
    "parenting facilitator for a new one."
)
OFFER = N_(
    "This code lets you follow the news of {child} ({village}) as their {relation}. Only "
    "people the family agreed to can do this. Accept?"
)
ACCEPT = N_("✅ Yes, link me")
DECLINE = N_("No, thank you")
ALREADY = N_("You already follow {child}. Open their news with /anak.")
LINKED = N_("Linked! You will receive news of {child} here. Open it any time with /anak.")
WAITING = N_(
    "Thank you. Your village asks the caregiver at home to confirm first; you will receive "
    "news of {child} once they do."
)
DECLINED = N_("Declined. Nothing has changed.")


def code_in(text: str) -> str:
    """The code in ``anak-K7Q2XM`` or ``K7Q2XM`` (upper case), or "" when it cannot be one."""
    code = text.strip().removeprefix("anak-").removeprefix("ANAK-").strip().upper()
    return code if code.isalnum() and 4 <= len(code) <= 16 else ""


async def _usable(ctx: Context, data: Data) -> CodeRow | None:
    code = code_in(str(data.get("payload", "")))
    if not code:
        return None
    row = await parenting_queries(ctx).link_code(code)
    if row is None or row.used or row.revoked or row.restricted or row.expires_at <= ctx.now:
        return None
    return row


async def _offer(ctx: Context, data: Data) -> Prompt:
    """Show whose news the code opens, or refuse a code that does not work."""
    row = await _usable(ctx, data)
    if row is None:
        return Prompt(replies=(Reply(ctx._(INVALID)),), then="main:menu", data={})
    mine = await parenting_queries(ctx).my_child(ctx.person.id, row.child_id)
    if mine is not None:
        return Prompt(replies=(Reply(ctx._(ALREADY, child=row.child_name)),), then="main:menu")
    text = ctx._(
        OFFER,
        child=row.child_name,
        village=row.village_name,
        relation=ctx._(RELATION_NAMES.get(row.relation, row.relation)),
    )
    choices = (Choice("yes", ctx._(ACCEPT)), Choice("no", ctx._(DECLINE)))
    return Prompt(replies=(Reply(text),), choices=choices)


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Accept (the code is checked again, and once more by storage) or decline."""
    if choice is None or choice.id != "yes":
        return Step(replies=(Reply(ctx._(DECLINED)),), goto="main:menu", data={})
    row = await _usable(ctx, data)
    if row is None:
        return Step(replies=(Reply(ctx._(INVALID)),), goto="main:menu", data={})
    waits = row.relation != "caregiver" and await parenting_queries(ctx).confirmation_required(
        row.village_code
    )
    text = ctx._(WAITING if waits else LINKED, child=row.child_name)
    # rendered for the team always: storage decides (again) whether the link waits
    notices = link_waits_in_every_locale(ctx, row.child_name, row.relation)
    return Step(
        replies=(Reply(text),),
        effects=(ChildLinked(row.code, ctx.now, notices),),
        goto="main:menu",
        data={},
    )


FLOW = make_flow(
    "childlink",
    "accept",
    Ask("accept", _offer, _answer, exits={"linked / declined / refused": "main:menu"}),
    summary="Linking to a child with a one-time code",
)
