"""Officers and invitations: a coordinator manages their village's officers from the chat.

They invite someone with a one-time link (``https://t.me/<bot>?start=inv-<code>``, or the
code to type) for a role in their village, valid 48 hours; list and revoke open invitations;
change an officer's role or remove them. Each step checks ``officers.manage`` again in the
village acted for, each change is audited, and storage scopes every statement by village.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers.access import VILLAGE_ROLES
from flows.officers.acting import acting_role
from flows.officers.effects import (
    InviteCreated,
    InviteRevoked,
    OfficerActed,
    OfficerRemoved,
    OfficerRoleChanged,
)
from flows.officers.ports import OfficerRole, TeamMember, officer_queries
from flows.officers.roles import ROLE_NAMES

__all__ = ["INVITE_VALID", "NODES", "invite_code"]

#: How long an invitation can be used.
INVITE_VALID = timedelta(hours=48)
PERMISSION = "officers.manage"

REFUSED = N_("Only the village coordinator can manage officers.")
TEAM = N_("Officers of {village}. Choose one to change their role or remove them:")
MEMBER = N_("{name} ({role})")
INVITE = N_("➕ Invite an officer")
OPEN = N_("📨 Open invitations")
BACK = N_("Back to menu")
WHICH_ROLE = N_("Which role is the invitation for?")
INVITED = N_(
    "Invitation for a {role} of {village}, valid until {until}. It works once.\n\n"
    "Send the person this link: {link}\n\n"
    "Or ask them to send the bot: /start inv-{code}"
)
INVITED_NO_LINK = N_(
    "Invitation for a {role} of {village}, valid until {until}. It works once.\n\n"
    "Ask the person to send the bot: /start inv-{code}"
)
NO_INVITES = N_("No open invitations.")
INVITES = N_("Open invitations. Choose one to revoke it:")
REVOKE = N_("Revoke: {role}, until {until}")
REVOKED = N_("Revoked. That invitation no longer works.")
MEMBER_MENU = N_("{name} is {role}. What do you want to do?")
CHANGE_ROLE = N_("Change role")
REMOVE = N_("Remove from the officers")
NEW_ROLE = N_("Which role should {name} have?")
ROLE_CHANGED = N_("Done: {name} is now {role}.")
CONFIRM_REMOVE = N_("Remove {name} from the officers of {village}? They lose access at once.")
YES_REMOVE = N_("Yes, remove")
CANCEL = N_("❌ Cancel")
REMOVED = N_("{name} is no longer an officer of {village}.")
NOT_YOURSELF = N_("You cannot change or remove your own role here. Ask another coordinator.")
GONE = N_("That officer is no longer in the list.")


def invite_code(ctx: Context) -> str:
    """A 12-character one-time code from the injected generator (fixed in tests)."""
    return "".join(ctx.new_reference("inv").rpartition("-")[2] for _ in range(2))


def _until(ctx: Context, role: OfficerRole) -> str:
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    return (ctx.now + INVITE_VALID).astimezone(zone).strftime("%d-%m-%Y %H:%M")


def _role_choices(ctx: Context) -> tuple[Choice, ...]:
    roles = (Choice(f"r:{r}", ctx._(ROLE_NAMES[r])) for r in VILLAGE_ROLES)
    return (*roles, Choice("back", ctx._(BACK)))


async def _refused(ctx: Context) -> Prompt:
    return Prompt(replies=(Reply(ctx._(REFUSED)),), then="menu")


async def _member(ctx: Context, data: Data, members: tuple[TeamMember, ...]) -> TeamMember | None:
    wanted = str(data.get("member", ""))
    return next((m for m in members if str(m.officer_id) == wanted), None)


def _is_me(ctx: Context, member: TeamMember) -> bool:
    return (member.channel, member.account) == (ctx.person.channel, ctx.person.external_id)


async def _team(ctx: Context, data: Data) -> Prompt:
    """The village's officers, and the ways to invite someone."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return await _refused(ctx)
    members = await officer_queries(ctx).team(role.village_code)
    buttons = tuple(
        Choice(f"m:{m.officer_id}", ctx._(MEMBER, name=m.name, role=ctx._(ROLE_NAMES[m.role])))
        for m in members
    )
    choices = (
        *buttons,
        Choice("invite", ctx._(INVITE)),
        Choice("open", ctx._(OPEN)),
        Choice("back", ctx._(BACK)),
    )
    listed = OfficerActed(ctx.person.external_id, role.village_code, "officers.listed")
    text = ctx._(TEAM, village=role.village_name)
    return Prompt(replies=(Reply(text),), choices=choices, effects=(listed,))


async def _team_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Invite, list invitations, open one officer, or go back."""
    village = {"village": data.get("village", "")}
    if choice is None or choice.id == "back":
        return Step(goto="menu", data=village)
    if choice.id == "invite":
        return Step(goto="invite_role", data=village)
    if choice.id == "open":
        return Step(goto="invites", data=village)
    return Step(goto="member", data={**village, "member": choice.id.removeprefix("m:")})


async def _ask_role(ctx: Context, data: Data) -> Prompt:
    """Which role the invitation offers."""
    if await acting_role(ctx, data, PERMISSION) is None:
        return await _refused(ctx)
    return Prompt(replies=(Reply(ctx._(WHICH_ROLE)),), choices=_role_choices(ctx))


async def _role_for_invite(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Make the invitation (the right to is checked again) and show the link and code."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return Step(replies=(Reply(ctx._(REFUSED)),), goto="menu")
    if choice is None or not choice.id.startswith("r:"):
        return Step(goto="team")
    offered = choice.id.removeprefix("r:")
    code = invite_code(ctx)
    link = ctx.link_for(f"inv-{code}")
    values = {
        "role": ctx._(ROLE_NAMES[offered]),
        "village": role.village_name,
        "until": _until(ctx, role),
        "code": code,
    }
    text = ctx._(INVITED, link=link, **values) if link else ctx._(INVITED_NO_LINK, **values)
    made = InviteCreated(
        ctx.person.external_id, role.village_code, offered, code, ctx.now + INVITE_VALID
    )
    return Step(replies=(Reply(text),), effects=(made,), goto="team")


async def _invites(ctx: Context, data: Data) -> Prompt:
    """Open invitations of the village, each a button that revokes it."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return await _refused(ctx)
    rows = await officer_queries(ctx).open_invites(role.village_code, ctx.now)
    if not rows:
        return Prompt(replies=(Reply(ctx._(NO_INVITES)),), then="team")
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    buttons = tuple(
        Choice(
            f"x:{row.code}",
            ctx._(
                REVOKE,
                role=ctx._(ROLE_NAMES[row.role]),
                until=row.expires_at.astimezone(zone).strftime("%d-%m %H:%M"),
            ),
        )
        for row in rows
    )
    return Prompt(replies=(Reply(ctx._(INVITES)),), choices=(*buttons, Choice("back", ctx._(BACK))))


async def _revoke(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Revoke the chosen invitation (storage only touches this village's)."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return Step(replies=(Reply(ctx._(REFUSED)),), goto="menu")
    if choice is None or not choice.id.startswith("x:"):
        return Step(goto="team")
    revoked = InviteRevoked(ctx.person.external_id, role.village_code, choice.id[2:])
    return Step(replies=(Reply(ctx._(REVOKED)),), effects=(revoked,), goto="team")


async def _member_menu(ctx: Context, data: Data) -> Prompt:
    """What to do with one officer (never with oneself)."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return await _refused(ctx)
    member = await _member(ctx, data, await officer_queries(ctx).team(role.village_code))
    if member is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="team")
    if _is_me(ctx, member):
        return Prompt(replies=(Reply(ctx._(NOT_YOURSELF)),), then="team")
    text = ctx._(MEMBER_MENU, name=member.name, role=ctx._(ROLE_NAMES[member.role]))
    choices = (
        Choice("role", ctx._(CHANGE_ROLE)),
        Choice("remove", ctx._(REMOVE)),
        Choice("back", ctx._(BACK)),
    )
    return Prompt(replies=(Reply(text),), choices=choices)


async def _member_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Change the role, or remove, after one more question."""
    if choice is not None and choice.id in ("role", "remove"):
        return Step(goto="member_role" if choice.id == "role" else "member_remove")
    return Step(goto="team")


async def _ask_new_role(ctx: Context, data: Data) -> Prompt:
    """The new role for the chosen officer."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return await _refused(ctx)
    member = await _member(ctx, data, await officer_queries(ctx).team(role.village_code))
    if member is None or _is_me(ctx, member):
        return Prompt(replies=(Reply(ctx._(GONE)),), then="team")
    return Prompt(replies=(Reply(ctx._(NEW_ROLE, name=member.name)),), choices=_role_choices(ctx))


async def _new_role(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Give the officer the chosen role."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return Step(replies=(Reply(ctx._(REFUSED)),), goto="menu")
    member = await _member(ctx, data, await officer_queries(ctx).team(role.village_code))
    if choice is None or not choice.id.startswith("r:") or member is None or _is_me(ctx, member):
        return Step(goto="team")
    new = choice.id.removeprefix("r:")
    changed = OfficerRoleChanged(ctx.person.external_id, role.village_code, member.officer_id, new)
    text = ctx._(ROLE_CHANGED, name=member.name, role=ctx._(ROLE_NAMES[new]))
    return Step(replies=(Reply(text),), effects=(changed,), goto="menu")  # the list is stale


async def _ask_remove(ctx: Context, data: Data) -> Prompt:
    """Confirm the removal."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return await _refused(ctx)
    member = await _member(ctx, data, await officer_queries(ctx).team(role.village_code))
    if member is None or _is_me(ctx, member):
        return Prompt(replies=(Reply(ctx._(GONE)),), then="team")
    text = ctx._(CONFIRM_REMOVE, name=member.name, village=role.village_name)
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("yes", ctx._(YES_REMOVE)), Choice("no", ctx._(CANCEL))),
    )


async def _remove(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Remove the officer (re-checked: right, membership, not oneself)."""
    role = await acting_role(ctx, data, PERMISSION)
    if role is None:
        return Step(replies=(Reply(ctx._(REFUSED)),), goto="menu")
    member = await _member(ctx, data, await officer_queries(ctx).team(role.village_code))
    if choice is None or choice.id != "yes" or member is None or _is_me(ctx, member):
        return Step(goto="team")
    removed = OfficerRemoved(ctx.person.external_id, role.village_code, member.officer_id)
    text = ctx._(REMOVED, name=member.name, village=role.village_name)
    return Step(replies=(Reply(text),), effects=(removed,), goto="menu")


_BACK = {"back / refused": "menu"}

NODES: tuple[Node, ...] = (
    Ask(
        "team",
        _team,
        _team_chosen,
        exits={"invite": "invite_role", "open": "invites", "officer": "member", **_BACK},
    ),
    Ask("invite_role", _ask_role, _role_for_invite, exits={"made / back": "team", **_BACK}),
    Ask("invites", _invites, _revoke, exits={"revoked / none / back": "team", **_BACK}),
    Ask(
        "member",
        _member_menu,
        _member_action,
        exits={"role": "member_role", "remove": "member_remove", "back": "team", **_BACK},
    ),
    Ask(
        "member_role",
        _ask_new_role,
        _new_role,
        exits={"back": "team", "changed / refused": "menu"},
    ),
    Ask(
        "member_remove",
        _ask_remove,
        _remove,
        exits={"back": "team", "removed / refused": "menu"},
    ),
)
