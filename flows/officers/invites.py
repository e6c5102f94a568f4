"""Accepting an invitation: ``/start inv-<code>`` (from the link, or typed) makes an officer.

The code must exist, be unused, unrevoked and unexpired; the person sees the village and
role offered and accepts or declines. Storage checks the code once more as it spends it, so
two people racing for one code cannot both become officers. A forged, reused or expired code
gets a kind refusal and nothing else.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.officers.acting import roles_of
from flows.officers.effects import InviteAccepted
from flows.officers.ports import InviteRow, officer_queries
from flows.officers.roles import ROLE_NAMES

__all__ = ["FLOW"]

INVALID = N_(
    "This invitation code does not work: it may be mistyped, already used, revoked or "
    "expired. Ask your village coordinator for a new one."
)
OFFER = N_("You are invited to be a {role} of {village}. Do you accept?")
ACCEPT = N_("✅ Accept")
DECLINE = N_("No, thank you")
ALREADY = N_("You are already a {role} of {village}.")
WELCOME = N_("Welcome! You are now a {role} of {village}. Type /petugas for the officer menu.")
DECLINED = N_("Declined. Nothing has changed.")


async def _usable(ctx: Context, data: Data) -> InviteRow | None:
    code = str(data.get("payload", "")).partition("-")[2].strip().upper()
    if not code.isalnum() or len(code) > 16:
        return None
    row = await officer_queries(ctx).invite(code)
    if row is None or row.used or row.revoked or row.expires_at <= ctx.now:
        return None
    return row


async def _offer(ctx: Context, data: Data) -> Prompt:
    """Show what the invitation offers, or refuse a code that does not work."""
    row = await _usable(ctx, data)
    if row is None:
        return Prompt(replies=(Reply(ctx._(INVALID)),), then="main:menu")
    role, village = ctx._(ROLE_NAMES[row.role]), row.village_name
    held = await roles_of(ctx)
    if any(r.village_code == row.village_code and r.role == row.role for r in held):
        return Prompt(
            replies=(Reply(ctx._(ALREADY, role=role, village=village)),), then="main:menu"
        )
    choices = (Choice("yes", ctx._(ACCEPT)), Choice("no", ctx._(DECLINE)))
    return Prompt(replies=(Reply(ctx._(OFFER, role=role, village=village)),), choices=choices)


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Accept (the code is checked again) or decline."""
    if choice is None or choice.id != "yes":
        return Step(replies=(Reply(ctx._(DECLINED)),), goto="main:menu")
    row = await _usable(ctx, data)
    if row is None:
        return Step(replies=(Reply(ctx._(INVALID)),), goto="main:menu")
    accepted = InviteAccepted(
        ctx.person.channel, ctx.person.external_id, row.code, row.village_code, row.role, ctx.now
    )
    text = ctx._(WELCOME, role=ctx._(ROLE_NAMES[row.role]), village=row.village_name)
    return Step(replies=(Reply(text),), effects=(accepted,), goto="main:menu")


FLOW = make_flow(
    "invite",
    "accept",
    Ask("accept", _offer, _answer, exits={"accepted / declined / refused": "main:menu"}),
    summary="Accepting an officer invitation",
)
