""" "Anak saya" (/anak): a parent abroad follows their own linked children, and only those.

The list shows the children this person is actively linked to; each child shows the latest
update (its photos are sent again when a parent opens the child, while the caregiver's
consent holds) and the history, and lets the parent write a message or a question for the
facilitator, ask for a video call at the village desk, or unlink themselves. A caregiver at
home also gives (or withdraws) the photo consent and confirms parents waiting to be linked.
Every step reads the child again through the person's own active link, so a forged button,
a stale state or a guessed id shows nothing.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Say, Step, make_flow
from flows.parenting.common import RELATION_NAMES, age_of, update_line
from flows.parenting.effects import (
    ChildPhotosShown,
    ChildUnlinked,
    LinkConfirmed,
    ParentingOptedIn,
    ParentWrote,
    PhotoConsentGiven,
    VideoCallRequested,
)
from flows.parenting.link import code_in
from flows.parenting.ports import ChildRow, parenting_queries

__all__ = ["FLOW"]

HOME = "main:menu"
HISTORY = 10

NONE_YET = N_(
    "You do not follow any child yet. If the village parenting facilitator gave you a code, "
    "type it here."
)
HEADER = N_("Your children. Choose one to see their news:")
CHILD_BUTTON = N_("👶 {name}")
PENDING = N_("✅ Confirm waiting parents ({count})")
GROUP_ON = N_("🔔 Parenting group news: on")
GROUP_OFF = N_("🔕 Parenting group news: off")
BACK_HOME = N_("🏠 Main menu")
NOT_FOUND = N_("That child is not among the children you follow.")
DETAIL = N_("{name}, {age} years old · {school}\nCared for at home by {caregiver} ({relation}).")
NO_SCHOOL = N_("not at school yet")
LATEST = N_("Latest news:\n{update}")
NO_NEWS = N_("No news yet. The facilitator will write here.")
TEXT_ONLY = N_("Photos are not shared: the caregiver has not agreed to them.")
PHOTOS_CAPTION = N_("📷 {name}, {date}")
SHOW_HISTORY = N_("📜 All news")
WRITE = N_("💬 Message to the facilitator")
QUESTION = N_("❓ Ask the facilitator")
CALL = N_("📹 Ask for a video call")
CONSENT_GIVE = N_("📷 Allow photos of the child")
CONSENT_WITHDRAW = N_("📷 Stop photos of the child")
UNLINK = N_("🔓 Stop following")
BACK = N_("⬅ My children")
HISTORY_HEADER = N_("News of {name}, newest first:")
ASK_WRITE = N_("Write your message for the facilitator of {name}:")
ASK_QUESTION = N_("Write your question for the facilitator of {name}:")
SENT = N_("Sent. The facilitator will read it; their answer comes here.")
ASK_CALL = N_(
    "A video call with {name} at the village desk. Which days and times suit you (your "
    "time)? The facilitator will confirm a time."
)
CALL_SENT = N_("Asked. The facilitator will confirm a time, and you will both get a reminder.")
TOO_SHORT = N_("Please write a little more.")
SURE_UNLINK = N_("Stop following {name}? You will no longer receive their news.")
YES_UNLINK = N_("Yes, stop")
KEEP = N_("No, keep")
UNLINKED = N_("Done: you no longer follow {name}. A new code from the facilitator links you again.")
CONSENT_ON = N_("Thank you: updates about {name} may include photos, only for their parents.")
CONSENT_OFF = N_("Done: updates about {name} will be text only.")
PENDING_HEADER = N_(
    "These people asked to follow a child you care for. Confirm only people you know:"
)
PENDING_LINE = N_("{person} as {relation} of {child}")
CONFIRM = N_("✅ {person} ({child})")
REFUSE = N_("❌ Refuse {person}")
CONFIRMED = N_("Saved.")
GROUP_JOINED = N_("You will receive the parenting group's announcements (sessions, events).")
GROUP_LEFT = N_("You will no longer receive the parenting group's announcements.")


async def _mine(ctx: Context, data: Data) -> ChildRow | None:
    child_id = data.get("child")
    if not isinstance(child_id, int):
        return None
    return await parenting_queries(ctx).my_child(ctx.person.id, child_id)


def _gone_prompt(ctx: Context) -> Prompt:
    return Prompt(replies=(Reply(ctx._(NOT_FOUND)),), then="list", data={})


def _gone_step(ctx: Context) -> Step:
    return Step(replies=(Reply(ctx._(NOT_FOUND)),), goto="list", data={})


async def _list(ctx: Context, data: Data) -> Prompt:
    """The children this person follows, as buttons (or the way to type a code)."""
    queries = parenting_queries(ctx)
    children = (await queries.my_children(ctx.person.id))[:5]
    choices = [Choice(f"child:{c.id}", ctx._(CHILD_BUTTON, name=c.name)) for c in children]
    pending = await queries.my_pending(ctx.person.id)
    if pending:
        choices.append(Choice("pending", ctx._(PENDING, count=str(len(pending)))))
    if children or ctx.person.village is not None:
        on = await queries.opted_in(ctx.person.id)
        choices.append(Choice("group", ctx._(GROUP_ON if on else GROUP_OFF)))
    choices.append(Choice("home", ctx._(BACK_HOME)))
    text = ctx._(HEADER) if children else ctx._(NONE_YET)
    return Prompt(replies=(Reply(text),), choices=tuple(choices))


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a child, the waiting parents, the group switch; a typed code links."""
    if choice is None:
        code = code_in(inbound.text)
        if code:
            return Step(goto="childlink:accept", data={"payload": f"anak-{code}"})
        return Step(replies=(Reply(ctx._(NOT_FOUND)),), reprompt=True)
    if choice.id.startswith("child:") and choice.id[6:].isdigit():
        child_id = int(choice.id[6:])
        photos = await _latest_photos(ctx, child_id)
        return Step(goto="child", data={"child": child_id}, effects=photos)
    if choice.id == "pending":
        return Step(goto="pending")
    if choice.id == "group":
        return await _toggle_group(ctx)
    return Step(goto=HOME)


async def _latest_photos(ctx: Context, child_id: int) -> tuple[Effect, ...]:
    """The latest update's photos again, for a parent who follows the child, with consent."""
    queries = parenting_queries(ctx)
    child = await queries.my_child(ctx.person.id, child_id)
    if child is None or child.relation == "caregiver" or not child.photo_consent:
        return ()
    latest = await queries.my_updates(ctx.person.id, child.id, 1)
    if not latest or not latest[0].photos:
        return ()
    when = latest[0].at.astimezone(ZoneInfo(_zone(ctx))).strftime("%d-%m-%Y")
    caption = ctx._(PHOTOS_CAPTION, name=child.name, date=when)
    return (ChildPhotosShown(child.id, latest[0].id, caption),)


async def _toggle_group(ctx: Context) -> Step:
    on = await parenting_queries(ctx).opted_in(ctx.person.id)
    children = await parenting_queries(ctx).my_children(ctx.person.id)
    village = children[0].village_code if children else ""
    if not village and ctx.person.village is not None:
        village = ctx.person.village.code
    effect = ParentingOptedIn(village, not on)
    text = ctx._(GROUP_LEFT if on else GROUP_JOINED)
    return Step(replies=(Reply(text),), effects=(effect,), goto=HOME)


async def _child(ctx: Context, data: Data) -> Prompt:
    """One child: who they are, the latest news, what the person can do."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_prompt(ctx)
    detail = ctx._(
        DETAIL,
        name=child.name,
        age=str(age_of(child.birth_date, ctx.now.date())),
        school=child.school or ctx._(NO_SCHOOL),
        caregiver=child.caregiver_name,
        relation=child.caregiver_relation,
    )
    latest = await parenting_queries(ctx).my_updates(ctx.person.id, child.id, 1)
    news = (
        ctx._(LATEST, update=update_line(ctx, latest[0], _zone(ctx))) if latest else ctx._(NO_NEWS)
    )
    replies = [Reply(detail), Reply(news)]
    if not child.photo_consent:
        replies.append(Reply(ctx._(TEXT_ONLY)))
    choices = [Choice("history", ctx._(SHOW_HISTORY))]
    if child.relation == "caregiver":
        consent = CONSENT_WITHDRAW if child.photo_consent else CONSENT_GIVE
        choices.append(Choice("consent", ctx._(consent)))
    else:
        choices += [
            Choice("write", ctx._(WRITE)),
            Choice("question", ctx._(QUESTION)),
            Choice("call", ctx._(CALL)),
        ]
    choices += [Choice("unlink", ctx._(UNLINK)), Choice("back", ctx._(BACK))]
    return Prompt(replies=tuple(replies), choices=tuple(choices))


def _zone(ctx: Context) -> str:
    if ctx.person.timezone:
        return ctx.person.timezone
    return ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta"


async def _child_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go where the chosen action is done (each step checks the link again)."""
    if choice is None:
        return Step(reprompt=True)
    child = await _mine(ctx, data)
    if child is None:
        return _gone_step(ctx)
    if choice.id == "consent" and child.relation == "caregiver":
        effect = PhotoConsentGiven(child.id, not child.photo_consent)
        text = ctx._(CONSENT_OFF if child.photo_consent else CONSENT_ON, name=child.name)
        return Step(replies=(Reply(text),), effects=(effect,), reprompt=True)
    targets = {"history": "history", "write": "write", "question": "write", "call": "call",
               "unlink": "unlink", "back": "list"}  # fmt: skip
    target = targets.get(choice.id, "list")
    return Step(goto=target, data={"child": child.id, "kind": choice.id})


async def _history(ctx: Context, data: Data) -> Prompt:
    """The child's news, newest first."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_prompt(ctx)
    updates = await parenting_queries(ctx).my_updates(ctx.person.id, child.id, HISTORY)
    lines = [ctx._(HISTORY_HEADER, name=child.name)]
    lines += [update_line(ctx, u, _zone(ctx)) for u in updates] or [ctx._(NO_NEWS)]
    return Prompt(replies=(Reply("\n\n".join(lines)),), then="child")


async def _ask_write(ctx: Context, data: Data) -> Prompt:
    """Ask for the message or the question."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_prompt(ctx)
    asked = ASK_QUESTION if data.get("kind") == "question" else ASK_WRITE
    return Prompt(
        replies=(Reply(ctx._(asked, name=child.name)),), choices=(Choice("back", ctx._(BACK)),)
    )


async def _write(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the message for the facilitators of the child's village."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_step(ctx)
    if choice is not None:
        return Step(goto="child")
    text = inbound.text.strip()[:2000]
    if len(text) < 2:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    kind: Literal["message", "question"] = (
        "question" if data.get("kind") == "question" else "message"
    )
    effect = ParentWrote(child.id, kind, text)
    return Step(replies=(Reply(ctx._(SENT)),), effects=(effect,), goto="child")


async def _ask_call(ctx: Context, data: Data) -> Prompt:
    """Ask which times suit them."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_prompt(ctx)
    return Prompt(
        replies=(Reply(ctx._(ASK_CALL, name=child.name)),), choices=(Choice("back", ctx._(BACK)),)
    )


async def _call(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the request for the facilitator to confirm a time."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_step(ctx)
    if choice is not None:
        return Step(goto="child")
    wish = inbound.text.strip()[:200]
    if len(wish) < 2:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    effect = VideoCallRequested(child.id, wish)
    return Step(replies=(Reply(ctx._(CALL_SENT)),), effects=(effect,), goto="child")


async def _ask_unlink(ctx: Context, data: Data) -> Prompt:
    """Make sure."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_prompt(ctx)
    choices = (Choice("yes", ctx._(YES_UNLINK)), Choice("no", ctx._(KEEP)))
    return Prompt(replies=(Reply(ctx._(SURE_UNLINK, name=child.name)),), choices=choices)


async def _unlink(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """End their own link, or keep it."""
    child = await _mine(ctx, data)
    if child is None:
        return _gone_step(ctx)
    if choice is None or choice.id != "yes":
        return Step(goto="child")
    text = ctx._(UNLINKED, name=child.name)
    return Step(replies=(Reply(text),), effects=(ChildUnlinked(child.id),), goto="list", data={})


async def _pending(ctx: Context, data: Data) -> Prompt:
    """Parents waiting for this caregiver's confirmation."""
    waiting = (await parenting_queries(ctx).my_pending(ctx.person.id))[:3]
    if not waiting:
        return Prompt(replies=(), then="list", data={})
    lines = [ctx._(PENDING_HEADER)]
    choices = []
    for link_id, child, relation, person in waiting:
        named = ctx._(RELATION_NAMES.get(relation, relation))
        lines.append(ctx._(PENDING_LINE, person=person, relation=named, child=child))
        choices.append(Choice(f"ok:{link_id}", ctx._(CONFIRM, person=person, child=child)))
        choices.append(Choice(f"no:{link_id}", ctx._(REFUSE, person=person)))
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(replies=(Reply("\n".join(lines)),), choices=tuple(choices))


async def _pending_answer(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Confirm or refuse one waiting link (storage checks this person cares for the child)."""
    if choice is None or choice.id == "back" or choice.id[3:] == "" or not choice.id[3:].isdigit():
        return Step(goto="list", data={})
    effect = LinkConfirmed(int(choice.id[3:]), choice.id.startswith("ok:"))
    return Step(replies=(Reply(ctx._(CONFIRMED)),), effects=(effect,), goto="list", data={})


FLOW = make_flow(
    "children",
    "list",
    Ask("list", _list, _listed,
        exits={"child": "child", "code": "childlink:accept", "pending": "pending", "home": HOME}),
    Ask("child", _child, _child_action,
        exits={"history": "history", "write / question": "write", "call": "call",
               "unlink": "unlink", "back / gone": "list"}),
    Say("history", _history, "child", also={"gone": "list"}),
    Ask("write", _ask_write, _write, exits={"sent / back": "child", "gone": "list"},
        takes_any_text=True),
    Ask("call", _ask_call, _call, exits={"asked / back": "child", "gone": "list"},
        takes_any_text=True),
    Ask("unlink", _ask_unlink, _unlink, exits={"yes / gone": "list", "no": "child"}),
    Ask("pending", _pending, _pending_answer, exits={"": "list"}),
    summary='"Anak saya": a parent\'s own linked children',
)  # fmt: skip
