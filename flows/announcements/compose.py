"""Composing an announcement: text (and one photo or document), audience, urgency, time.

The officer sees the exact number of recipients and a preview before anything is queued;
confirming queues one delivery per recipient in the same transaction. Only roles with
``announcements.send`` in the village acted for may compose, checked again at every step.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flows.announcements.audience import WHOLE_VILLAGE, describe, is_valid
from flows.announcements.effects import AnnouncementCreated
from flows.announcements.ports import announcement_queries
from flows.announcements.schedule import parse_local_time
from flows.engine.context import Context
from flows.engine.i18n import LOCALE_NAMES, N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers import OfficerRole, acting_role
from flows.welcome import SITUATIONS

__all__ = ["NODES", "SEND"]

SEND = "announcements.send"
TEXT_LIMIT = 3500
CAPTION_LIMIT = 1000

REFUSED = N_("Only desk officers and coordinators can send announcements.")
WRITE = N_(
    "Type the announcement as residents should read it (at most {limit} characters). "
    "You may also send one photo or document with the text as its caption."
)
TOO_LONG = N_("That is too long ({length} characters). Please keep it under {limit}.")
TOO_SHORT = N_("Please type at least a few words.")
ONLY_ONE_FILE = N_("Please send only a photo or a document (PDF), with the text as its caption.")
WHO = N_("Who is it for?")
WHOLE = N_("Everyone in the village")
BY_SITUATION = N_("People in one situation")
BY_LANGUAGE = N_("People reading one language")
WHICH_SITUATION = N_("Which people?")
WHICH_LANGUAGE = N_("Which language do they read?")
URGENCY = N_(
    "Normally nobody receives announcements between 21:00 and 06:00 their time. "
    "Is this urgent enough to wake people?"
)
NORMAL = N_("Normal (daytime only)")
URGENT = N_("⚠️ Urgent (any hour)")
WHEN = N_("When should it go out?")
NOW = N_("Now")
LATER = N_("At a time I choose")
ASK_TIME = N_("Type the time in {zone} time, for example 19:30, besok 07:00, or 2026-12-24 08:00.")
BAD_TIME = N_("I could not read that time, or it is in the past. Example: 19:30 or besok 07:00.")
PREVIEW = N_(
    "Preview. It will go to {count} people ({audience}), {when}{urgent}.\n"
    "Muted and unreachable people are not counted.\n\n{text}"
)
WITH_FILE = N_("(with a {kind})")
AT = N_("from {time}")
STARTING_NOW = N_("starting now")
URGENT_NOTE = N_(", also during quiet hours")
CONFIRM = N_("📤 Send")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was sent.")
NOBODY = N_("Nobody would receive this. Choose another audience.")
QUEUED = N_(
    "Queued for {count} people. Follow its progress in 📢 Announcements; "
    "messages go out at Telegram's pace."
)


async def _role(ctx: Context, data: Data) -> OfficerRole | None:
    return await acting_role(ctx, data, SEND)


def _refusal(ctx: Context) -> Step:
    return Step(replies=(Reply(ctx._(REFUSED)),), goto="officer:menu")


def _cancel() -> Choice:
    return Choice("cancel", CANCEL)


def _translated(ctx: Context, *choices: Choice) -> tuple[Choice, ...]:
    return tuple(Choice(c.id, ctx._(c.label)) for c in choices)


def _village_zone(ctx: Context) -> str:
    return ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta"


async def _ask_text(ctx: Context, data: Data) -> Prompt:
    """Ask for the text (or a captioned file)."""
    if await _role(ctx, data) is None:
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then="officer:menu")
    return Prompt(
        replies=(Reply(ctx._(WRITE, limit=TEXT_LIMIT)),), choices=_translated(ctx, _cancel())
    )


async def _text(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the text and file, within Telegram's limits."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    files = [a for a in inbound.attachments if a.kind in ("photo", "document") and a.file_id]
    if len(files) != len(inbound.attachments) or len(files) > 1:
        return Step(replies=(Reply(ctx._(ONLY_ONE_FILE)),))
    text = inbound.text.strip()
    limit = CAPTION_LIMIT if files else TEXT_LIMIT
    if len(text) > limit:
        return Step(replies=(Reply(ctx._(TOO_LONG, length=len(text), limit=limit)),))
    if len(text) < 5 and not files:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    attachment = {"kind": files[0].kind, "file_id": str(files[0].file_id)} if files else None
    return Step(goto="audience", data={**data, "text": text, "attachment": attachment})


async def _ask_audience(ctx: Context, data: Data) -> Prompt:
    """Whole village, a situation, or a language."""
    choices = _translated(
        ctx,
        Choice("village", WHOLE),
        Choice("situation", BY_SITUATION),
        Choice("language", BY_LANGUAGE),
        _cancel(),
    )
    return Prompt(replies=(Reply(ctx._(WHO)),), choices=choices)


async def _audience(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Narrow down, or go on with the whole village."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "cancel":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    if choice.id in ("situation", "language"):
        return Step(goto=choice.id)
    return Step(goto="urgency", data={**data, "audience": dict(WHOLE_VILLAGE)})


async def _ask_situation(ctx: Context, data: Data) -> Prompt:
    """Which situation."""
    choices = tuple(Choice(f"s:{k}", ctx._(label)) for k, label in SITUATIONS.items())
    return Prompt(replies=(Reply(ctx._(WHICH_SITUATION)),), choices=choices)


async def _ask_language(ctx: Context, data: Data) -> Prompt:
    """Which language."""
    choices = tuple(Choice(f"l:{code}", LOCALE_NAMES[code]) for code in ctx.available_locales)
    return Prompt(replies=(Reply(ctx._(WHICH_LANGUAGE)),), choices=choices)


async def _narrowed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the chosen situation or language."""
    if choice is None or choice.id[:2] not in ("s:", "l:"):
        return Step(reprompt=True)
    kind = "situation" if choice.id.startswith("s:") else "language"
    audience = {"kind": kind, "value": choice.id[2:]}
    return Step(goto="urgency", data={**data, "audience": audience})


async def _ask_urgency(ctx: Context, data: Data) -> Prompt:
    """Normal or urgent."""
    choices = _translated(ctx, Choice("normal", NORMAL), Choice("urgent", URGENT))
    return Prompt(replies=(Reply(ctx._(URGENCY)),), choices=choices)


async def _urgency(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the urgency."""
    if choice is None:
        return Step(reprompt=True)
    return Step(goto="when", data={**data, "urgent": choice.id == "urgent"})


async def _ask_when(ctx: Context, data: Data) -> Prompt:
    """Now or later."""
    choices = _translated(ctx, Choice("now", NOW), Choice("later", LATER))
    return Prompt(replies=(Reply(ctx._(WHEN)),), choices=choices)


async def _when(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Now goes to the preview; later asks for the time."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "later":
        return Step(goto="time")
    return Step(goto="preview", data={**data, "send_at": None})


async def _ask_time(ctx: Context, data: Data) -> Prompt:
    """The time, in the village's zone."""
    zone = _village_zone(ctx)
    label = ctx.now.astimezone(ZoneInfo(zone)).tzname() or zone
    return Prompt(
        replies=(Reply(ctx._(ASK_TIME, zone=label)),), choices=_translated(ctx, _cancel())
    )


async def _time(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Read the typed time."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    moment = parse_local_time(inbound.text, ctx.now, _village_zone(ctx))
    if moment is None:
        return Step(replies=(Reply(ctx._(BAD_TIME)),))
    return Step(goto="preview", data={**data, "send_at": moment.isoformat()})


def _send_at(ctx: Context, data: Data) -> datetime:
    raw = data.get("send_at")
    return datetime.fromisoformat(str(raw)) if raw else ctx.now


async def _preview(ctx: Context, data: Data) -> Prompt:
    """The exact recipient count and the message as residents will read it."""
    role = await _role(ctx, data)
    audience = data.get("audience")
    if role is None or not is_valid(audience):
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then="officer:menu")
    assert isinstance(audience, dict)
    count = await announcement_queries(ctx).count_recipients(role.village_code, audience)
    if count == 0:
        return Prompt(replies=(Reply(ctx._(NOBODY)),), then="audience")
    when = (
        ctx._(
            AT,
            time=_send_at(ctx, data)
            .astimezone(ZoneInfo(_village_zone(ctx)))
            .strftime("%d-%m-%Y %H:%M %Z"),
        )
        if data.get("send_at")
        else ctx._(STARTING_NOW)
    )
    attachment = data.get("attachment")
    text = str(data.get("text", ""))
    if isinstance(attachment, dict):
        text = f"{ctx._(WITH_FILE, kind=attachment.get('kind', ''))}\n{text}"
    shown = ctx._(
        PREVIEW,
        count=count,
        audience=describe(ctx, audience, role.village_name),
        when=when,
        urgent=ctx._(URGENT_NOTE) if data.get("urgent") else "",
        text=text,
    )
    choices = _translated(ctx, Choice("send", CONFIRM), _cancel())
    return Prompt(replies=(Reply(shown),), choices=choices)


async def _confirm(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Queue it (the right to is checked again), or cancel."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id != "send":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    role = await _role(ctx, data)
    audience = data.get("audience")
    if role is None or not is_valid(audience):
        return _refusal(ctx)
    assert isinstance(audience, dict)
    attachment = data.get("attachment")
    created = AnnouncementCreated(
        officer_user_id=ctx.person.external_id,
        channel=ctx.person.channel,
        village_code=role.village_code,
        text=str(data.get("text", "")),
        attachment=dict(attachment) if isinstance(attachment, dict) else None,
        audience={str(k): str(v) for k, v in audience.items()},
        urgent=bool(data.get("urgent")),
        send_at=_send_at(ctx, data),
    )
    count = await announcement_queries(ctx).count_recipients(role.village_code, audience)
    return Step(
        replies=(Reply(ctx._(QUEUED, count=count)),),
        effects=(created,),
        goto="officer:menu",  # the list shown in this same turn would not have it yet
        data={"village": role.village_code},
    )


_OUT = {"cancel": "menu", "refused": "officer:menu"}

NODES: tuple[Node, ...] = (
    Ask("write", _ask_text, _text, exits={"text": "audience", **_OUT}, takes_any_text=True),
    Ask(
        "audience",
        _ask_audience,
        _audience,
        exits={
            "village": "urgency",
            "situation": "situation",
            "language": "language",
            **_OUT,
        },
    ),
    Ask("situation", _ask_situation, _narrowed, exits={"chosen": "urgency"}),
    Ask("language", _ask_language, _narrowed, exits={"chosen": "urgency"}),
    Ask("urgency", _ask_urgency, _urgency, exits={"chosen": "when"}),
    Ask("when", _ask_when, _when, exits={"now": "preview", "later": "time"}),
    Ask("time", _ask_time, _time, exits={"time": "preview", **_OUT}, takes_any_text=True),
    Ask(
        "preview",
        _preview,
        _confirm,
        exits={"cancelled": "menu", "nobody": "audience", "sent / refused": "officer:menu"},
    ),
)
