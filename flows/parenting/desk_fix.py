"""The parenting desk's corrections: revoke a link code, lift a restriction, waiting links.

A code given to the wrong person is revoked before it is used (it is then refused like an
unknown one). A restriction recorded in error, or ended by a court, is lifted with a reason;
its record stays, and the links it ended stay ended: whoever it blocked needs a new code.
Where the village wants the caregiver's confirmation, the team sees the links waiting (the
notice they get points here) and may record the caregiver's answer given in person or by
phone. Every step reads the child, code, restriction or link again within the village acted
for, and storage checks it once more.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers import OfficerRole, acting_role
from flows.parenting.common import RELATION_NAMES
from flows.parenting.desk_common import (
    MANAGE,
    by_officer,
    gone_prompt,
    gone_step,
    managed_child,
    village_data,
)
from flows.parenting.effects import ChildLinkCodeRevoked, ChildRestrictionLifted, LinkDecidedAtDesk
from flows.parenting.ports import ChildRow, RestrictionRow, WaitingRow, parenting_queries

__all__ = ["NODES"]

CANCEL = N_("❌ Cancel")
BACK = N_("⬅ Back")
CODES = N_("Open link codes of {name}. Choose the one to revoke (it will stop working):")
NO_CODES = N_("{name} has no open link codes.")
CODE_BUTTON = N_("🚫 {code} · {relation} · until {until}")
REVOKED = N_("Code {code} is revoked: it no longer works. Make a new one for the right person.")
LIFTS = N_("Restrictions in force for {name}. Choose the one to lift:")
NO_LIFTS = N_("{name} has no restriction in force.")
LIFT_BUTTON = N_("{relation} · {kind} · {date}")
COURT = N_("Court order")
FAMILY = N_("Family agreement")
ASK_REASON = N_(
    "Lift the restriction on links as {relation} ({kind}, {note}). Why? For example: recorded "
    "in error, or the court's new decision with its number."
)
LIFTED = N_(
    "Lifted; the record is kept with your reason. Links it ended stay ended: the {relation} "
    "needs a new link code from you to follow {name} again."
)
TOO_SHORT = N_("Please write a little more.")
WAITING = N_(
    "Links waiting for the caregiver's confirmation (oldest first). The caregiver confirms "
    "in the bot with /anak; if they answered you in person or by phone, choose one:"
)
NO_WAITING = N_("No links are waiting.")
WAITING_BUTTON = N_("⏳ {person} · {relation} of {child}")
WAITING_ONE = N_(
    "{person} asked to follow {child} as {relation}. Record the caregiver's answer only if "
    "they gave it to you themselves:"
)
CONFIRMED_BY_CAREGIVER = N_("✅ Caregiver confirmed")
REFUSED_BY_CAREGIVER = N_("❌ Caregiver refused")
DECIDED_YES = N_("Saved: {person} now follows {child}.")
DECIDED_NO = N_("Saved: {person}'s link is refused.")


def _child_data(data: Data) -> dict[str, object]:
    return {"village": data.get("village", ""), "child": data.get("child")}


def _named(ctx: Context, relation: str) -> str:
    return ctx._(RELATION_NAMES.get(relation, relation))


async def _codes(ctx: Context, data: Data) -> Prompt:
    """The child's open codes, each a button that revokes it."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    role, child = found
    open_codes = await parenting_queries(ctx).open_codes(role.village_code, child.id, ctx.now)
    zone = ZoneInfo(child.timezone)
    choices = tuple(
        Choice(f"code:{c.code}", ctx._(CODE_BUTTON, code=c.code, relation=_named(ctx, c.relation),
               until=c.expires_at.astimezone(zone).strftime("%d-%m %H:%M")))
        for c in open_codes[:7]
    )  # fmt: skip
    text = ctx._(CODES if choices else NO_CODES, name=child.name)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _revoke(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Revoke the chosen code, if it is still an open code of this child."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child = found
    if choice is None or not choice.id.startswith("code:"):
        return Step(goto="child", data=_child_data(data))
    code = choice.id[5:]
    open_codes = await parenting_queries(ctx).open_codes(role.village_code, child.id, ctx.now)
    if code not in {c.code for c in open_codes}:
        return Step(goto="child", data=_child_data(data))
    effect = ChildLinkCodeRevoked(**by_officer(ctx, role), child_id=child.id, code=code)
    return Step(replies=(Reply(ctx._(REVOKED, code=code)),), effects=(effect,), goto="child",
                data=_child_data(data))  # fmt: skip


KINDS = {"court_order": COURT, "family_agreement": FAMILY}


def _kind(ctx: Context, kind: str) -> str:
    return ctx._(KINDS.get(kind, FAMILY))


async def _lifts(ctx: Context, data: Data) -> Prompt:
    """The restrictions in force, each a button."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    role, child = found
    rows = await parenting_queries(ctx).restrictions_in_force(role.village_code, child.id)
    choices = tuple(
        Choice(f"lift:{r.id}", ctx._(LIFT_BUTTON, relation=_named(ctx, r.relation),
               kind=_kind(ctx, r.kind), date=r.at.strftime("%d-%m-%Y")))
        for r in rows[:7]
    )  # fmt: skip
    text = ctx._(LIFTS if choices else NO_LIFTS, name=child.name)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _lift_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the chosen restriction (read again at the next step)."""
    if choice is None or not choice.id.startswith("lift:") or not choice.id[5:].isdigit():
        return Step(goto="child", data=_child_data(data))
    return Step(goto="lift_reason", data={**_child_data(data), "restriction": int(choice.id[5:])})


async def _restriction(
    ctx: Context, data: Data
) -> tuple[OfficerRole, ChildRow, RestrictionRow] | None:
    """The chosen restriction, read again in force on a child of the village acted for."""
    found = await managed_child(ctx, data)
    if found is None:
        return None
    role, child = found
    rows = await parenting_queries(ctx).restrictions_in_force(role.village_code, child.id)
    row = next((r for r in rows if r.id == data.get("restriction")), None)
    return (role, child, row) if row is not None else None


async def _ask_reason(ctx: Context, data: Data) -> Prompt:
    """Why it is lifted (kept in the record)."""
    found = await _restriction(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    row = found[2]
    text = ctx._(ASK_REASON, relation=_named(ctx, row.relation), kind=_kind(ctx, row.kind),
                 note=row.note or "-")  # fmt: skip
    return Prompt(replies=(Reply(text),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _lift(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Lift it with the reason written; the links it ended are not restored."""
    found = await _restriction(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child, row = found
    if choice is not None:
        return Step(goto="child", data=_child_data(data))
    reason = inbound.text.strip()[:500]
    if len(reason) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    effect = ChildRestrictionLifted(**by_officer(ctx, role), child_id=child.id,
                                    restriction_id=row.id, reason=reason)  # fmt: skip
    text = ctx._(LIFTED, relation=_named(ctx, row.relation), name=child.name)
    return Step(replies=(Reply(text),), effects=(effect,), goto="child", data=_child_data(data))


async def _waiting_rows(ctx: Context, data: Data) -> tuple[OfficerRole, list[WaitingRow]] | None:
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return None
    return role, await parenting_queries(ctx).waiting_links(role.village_code)


async def _waiting(ctx: Context, data: Data) -> Prompt:
    """Links waiting for the caregiver in the village acted for."""
    found = await _waiting_rows(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    choices = tuple(
        Choice(f"w:{w.link_id}", ctx._(WAITING_BUTTON, person=w.person_name,
               relation=_named(ctx, w.relation), child=w.child_name))
        for w in found[1][:7]
    )  # fmt: skip
    text = ctx._(WAITING if choices else NO_WAITING)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _waiting_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Open one waiting link."""
    if choice is None or not choice.id.startswith("w:") or not choice.id[2:].isdigit():
        return Step(goto="home", data=village_data(data))
    return Step(goto="waiting_one", data={**village_data(data), "link": int(choice.id[2:])})


async def _one(ctx: Context, data: Data) -> tuple[OfficerRole, WaitingRow] | None:
    found = await _waiting_rows(ctx, data)
    if found is None:
        return None
    row = next((w for w in found[1] if w.link_id == data.get("link")), None)
    return (found[0], row) if row is not None else None


async def _ask_decision(ctx: Context, data: Data) -> Prompt:
    """Who waits, and the caregiver's answer to record."""
    found = await _one(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    w = found[1]
    text = ctx._(WAITING_ONE, person=w.person_name, child=w.child_name,
                 relation=_named(ctx, w.relation))  # fmt: skip
    choices = (Choice("yes", ctx._(CONFIRMED_BY_CAREGIVER)),
               Choice("no", ctx._(REFUSED_BY_CAREGIVER)), Choice("back", ctx._(BACK)))  # fmt: skip
    return Prompt(replies=(Reply(text),), choices=choices)


async def _decide(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Record the caregiver's answer (storage checks the link is of this village)."""
    found = await _one(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, w = found
    if choice is None or choice.id not in ("yes", "no"):
        return Step(goto="waiting", data=village_data(data))
    yes = choice.id == "yes"
    effect = LinkDecidedAtDesk(**by_officer(ctx, role), link_id=w.link_id, confirmed=yes)
    text = ctx._(DECIDED_YES if yes else DECIDED_NO, person=w.person_name, child=w.child_name)
    return Step(replies=(Reply(text),), effects=(effect,), goto="waiting", data=village_data(data))


NODES: tuple[Node, ...] = (
    Ask("codes", _codes, _revoke, exits={"revoked / back": "child", "gone": "home"}),
    Ask("lifts", _lifts, _lift_chosen, exits={"": "lift_reason", "back": "child"}),
    Ask("lift_reason", _ask_reason, _lift,
        exits={"lifted / cancel": "child", "gone": "home"}, takes_any_text=True),
    Ask("waiting", _waiting, _waiting_chosen, exits={"": "waiting_one", "back / gone": "home"}),
    Ask("waiting_one", _ask_decision, _decide, exits={"decided / back": "waiting", "gone": "home"}),
)  # fmt: skip
