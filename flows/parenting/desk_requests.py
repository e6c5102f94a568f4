"""The parenting desk's requests: parents' messages, video calls, group announcements, settings.

A facilitator answers a parent's message (the answer reaches that parent through the
delivery engine), confirms a time for a video call at the desk (both get a reminder an hour
before, each in their own time zone) or declines it, and writes announcements to the parenting
group (caregivers and parents who opted in). Coordinators decide whether parents' links wait
for the caregiver's confirmation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers import acting_role
from flows.parenting.desk_common import MANAGE, SETTINGS, by_officer, gone_prompt, village_data
from flows.parenting.effects import (
    FacilitatorAnswered,
    ParentingAnnounced,
    VideoCallDecided,
    VillageConfirmationSet,
)
from flows.parenting.notices import (
    ANSWER,
    CALL_CONFIRMED,
    CALL_DECLINED,
    CALL_REMINDER,
    OFFICER_CALL_REMINDER,
)
from flows.parenting.ports import parenting_queries

__all__ = ["NODES"]

INBOX_EMPTY = N_("No messages waiting.")
INBOX = N_("Messages from parents (oldest first). Choose one to answer:")
MESSAGE_BUTTON = N_("{parent} · {child}")
SHOW_MESSAGE = N_("{kind} from {parent} about {child}:\n\n{text}\n\nWrite your answer:")
A_MESSAGE = N_("Message")
A_QUESTION = N_("Question")
ANSWERED = N_("Sent to {parent}.")
BACK = N_("⬅ Back")
CALLS_EMPTY = N_("No video call requests waiting.")
CALLS = N_("Video call requests (oldest first):")
SHOW_CALL = N_(
    "{parent} asks for a video call with {child}. They suggested: {wish}\n\nWrite the time "
    "at the desk as DD-MM-YYYY HH:MM (village time), or decline."
)
DECLINE = N_("❌ Decline")
BAD_TIME = N_("Please write a future time as DD-MM-YYYY HH:MM, for example 05-12-2026 16:00.")
CALL_SET = N_("Confirmed for {when}. {parent} and you will get a reminder an hour before.")
CALL_OFF = N_("Declined; {parent} is told.")
ASK_ANNOUNCE = N_(
    "Write the announcement for the parenting group of {village} (caregivers and parents who "
    "opted in). Sessions, events: no child's personal news."
)
ANNOUNCED = N_("Sent to everyone who opted in; each gets it in their own daytime.")
TOO_SHORT = N_("Please write a little more.")
CONFIRM_RULE = N_(
    "Should parents' links wait until the caregiver at home confirms them? Now: {state}."
)
YES = N_("Yes, caregiver confirms")
NO = N_("No, the code is enough")
SAVED = N_("Saved.")
ON = N_("on")
OFF = N_("off")


async def _inbox(ctx: Context, data: Data) -> Prompt:
    """Unanswered messages, as buttons."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    waiting = (await parenting_queries(ctx).inbox(role.village_code))[:7]
    choices = tuple(
        Choice(f"m:{m.id}", ctx._(MESSAGE_BUTTON, parent=m.parent_name, child=m.child_name))
        for m in waiting
    )
    text = ctx._(INBOX) if waiting else ctx._(INBOX_EMPTY)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _inbox_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open one message."""
    if choice is None or not choice.id.startswith("m:") or not choice.id[2:].isdigit():
        return Step(goto="home", data=village_data(data))
    return Step(goto="answer", data={**village_data(data), "message": int(choice.id[2:])})


async def _ask_answer(ctx: Context, data: Data) -> Prompt:
    """The message, and the answer to write."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    waiting = await parenting_queries(ctx).inbox(role.village_code)
    message = next((m for m in waiting if m.id == data.get("message")), None)
    if message is None:
        return gone_prompt(ctx, data)
    label = A_QUESTION if message.kind == "question" else A_MESSAGE
    kind = ctx._(label)
    text = ctx._(SHOW_MESSAGE, kind=kind, parent=message.parent_name, child=message.child_name,
                 text=message.text)  # fmt: skip
    return Prompt(replies=(Reply(text),), choices=(Choice("back", ctx._(BACK)),))


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send the answer to that parent (storage checks the message is of this village)."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None or choice is not None:
        return Step(goto="inbox", data=village_data(data))
    waiting = await parenting_queries(ctx).inbox(role.village_code)
    message = next((m for m in waiting if m.id == data.get("message")), None)
    if message is None:
        return Step(goto="inbox", data=village_data(data))
    text = inbound.text.strip()[:2000]
    if len(text) < 2:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    effect = FacilitatorAnswered(
        **by_officer(ctx, role), message_id=message.id, text=text,
        notices=ctx.in_every_locale(ANSWER, name=message.child_name, text=text),
    )  # fmt: skip
    reply = Reply(ctx._(ANSWERED, parent=message.parent_name))
    return Step(replies=(reply,), effects=(effect,), goto="inbox", data=village_data(data))


async def _calls(ctx: Context, data: Data) -> Prompt:
    """Waiting video-call requests, as buttons."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    waiting = (await parenting_queries(ctx).calls(role.village_code))[:7]
    choices = tuple(
        Choice(f"c:{c.id}", ctx._(MESSAGE_BUTTON, parent=c.parent_name, child=c.child_name))
        for c in waiting
    )
    text = ctx._(CALLS) if waiting else ctx._(CALLS_EMPTY)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _calls_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open one request."""
    if choice is None or not choice.id.startswith("c:") or not choice.id[2:].isdigit():
        return Step(goto="home", data=village_data(data))
    return Step(goto="call", data={**village_data(data), "call": int(choice.id[2:])})


async def _ask_call(ctx: Context, data: Data) -> Prompt:
    """The request, and the time to write."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    call = next((c for c in await parenting_queries(ctx).calls(role.village_code)
                 if c.id == data.get("call")), None)  # fmt: skip
    if call is None:
        return gone_prompt(ctx, data)
    text = ctx._(SHOW_CALL, parent=call.parent_name, child=call.child_name, wish=call.wish)
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("decline", ctx._(DECLINE)), Choice("back", ctx._(BACK))),
    )


async def _call(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Confirm a time (each side's reminder in their own zone) or decline."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return Step(goto="home", data=village_data(data))
    call = next((c for c in await parenting_queries(ctx).calls(role.village_code)
                 if c.id == data.get("call")), None)  # fmt: skip
    if call is None or (choice is not None and choice.id == "back"):
        return Step(goto="calls", data=village_data(data))
    village_zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    if choice is not None:  # decline
        effect = VideoCallDecided(
            **by_officer(ctx, role), call_id=call.id, confirmed=False, at=None,
            notices=ctx.in_every_locale(CALL_DECLINED, name=call.child_name),
        )  # fmt: skip
        reply = Reply(ctx._(CALL_OFF, parent=call.parent_name))
        return Step(replies=(reply,), effects=(effect,), goto="calls", data=village_data(data))
    try:
        local = datetime.strptime(inbound.text.strip(), "%d-%m-%Y %H:%M").replace(
            tzinfo=village_zone
        )
    except ValueError:
        return Step(replies=(Reply(ctx._(BAD_TIME)),))
    if local <= ctx.now + timedelta(hours=1):
        return Step(replies=(Reply(ctx._(BAD_TIME)),))
    theirs = local.astimezone(ZoneInfo(call.parent_timezone)).strftime("%d-%m-%Y %H:%M")
    ours = local.strftime("%d-%m-%Y %H:%M")
    village = ctx.person.village.name if ctx.person.village else ""
    effect = VideoCallDecided(
        **by_officer(ctx, role), call_id=call.id, confirmed=True, at=local,
        notices=ctx.in_every_locale(CALL_CONFIRMED, name=call.child_name, when=theirs,
                                village=village),
        reminders=ctx.in_every_locale(CALL_REMINDER, name=call.child_name, when=theirs),
        officer_reminder=ctx._(OFFICER_CALL_REMINDER, name=call.child_name, when=ours),
    )  # fmt: skip
    reply = Reply(ctx._(CALL_SET, when=ours, parent=call.parent_name))
    return Step(replies=(reply,), effects=(effect,), goto="calls", data=village_data(data))


async def _ask_announce(ctx: Context, data: Data) -> Prompt:
    """The announcement to write."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    text = ctx._(ASK_ANNOUNCE, village=role.village_name)
    return Prompt(replies=(Reply(text),), choices=(Choice("back", ctx._(BACK)),))


async def _announce(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Queue it to everyone of the village who opted in."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None or choice is not None:
        return Step(goto="home", data=village_data(data))
    text = inbound.text.strip()[:3000]
    if len(text) < 5:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    effect = ParentingAnnounced(**by_officer(ctx, role), text=text)
    return Step(replies=(Reply(ctx._(ANNOUNCED)),), effects=(effect,), goto="home",
                data=village_data(data))  # fmt: skip


async def _ask_rule(ctx: Context, data: Data) -> Prompt:
    """The village's rule (coordinators only)."""
    role = await acting_role(ctx, data, SETTINGS)
    if role is None:
        return gone_prompt(ctx, data)
    on = await parenting_queries(ctx).confirmation_required(role.village_code)
    text = ctx._(CONFIRM_RULE, state=ctx._(ON if on else OFF))
    return Prompt(
        replies=(Reply(text),), choices=(Choice("yes", ctx._(YES)), Choice("no", ctx._(NO)))
    )


async def _rule(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the rule."""
    role = await acting_role(ctx, data, SETTINGS)
    if role is None or choice is None:
        return Step(goto="home", data=village_data(data))
    effect = VillageConfirmationSet(**by_officer(ctx, role), required=choice.id == "yes")
    return Step(replies=(Reply(ctx._(SAVED)),), effects=(effect,), goto="home",
                data=village_data(data))  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("inbox", _inbox, _inbox_chosen, exits={"message": "answer", "back / gone": "home"}),
    Ask("answer", _ask_answer, _answer, exits={"sent / back": "inbox", "gone": "home"},
        takes_any_text=True),
    Ask("calls", _calls, _calls_chosen, exits={"call": "call", "back / gone": "home"}),
    Ask("call", _ask_call, _call, exits={"decided / back": "calls", "gone": "home"},
        takes_any_text=True),
    Ask("announce", _ask_announce, _announce, exits={"sent / back / gone": "home"},
        takes_any_text=True),
    Ask("confirming", _ask_rule, _rule, exits={"saved / gone": "home"}),
)  # fmt: skip
