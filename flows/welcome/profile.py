"""Settings: a resident's village, situation, own time zone, and announcements on or off.

Right after registering with a village the person is asked once, kindly and skippably, which
situation describes them, so officers can address announcements ("workers abroad") and a
worker abroad gets them in their own waking hours. ``/berhenti`` stops announcements and
``/mulai`` resumes them; the settings menu shows and changes all three.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Say, Step, make_flow
from flows.welcome.effects import AnnouncementsMuted, SituationChosen, TimezoneChosen
from flows.welcome.main_menu import as_main_menu
from flows.welcome.situations import SITUATIONS, TIMEZONES

__all__ = ["FLOW"]

ASK_ONCE = N_(
    "One question, so your village office sends you only what matters to you: "
    "which describes you best? (You can change it later in ⚙️ Settings.)"
)
SKIP = N_("Skip")
THANKS = N_("Thank you, noted.")
ASK_ZONE = N_(
    "Where do you live now? Announcements will reach you in your own daytime, "
    "never between 21:00 and 06:00 your time."
)
SETTINGS = N_(
    "Your settings:\n• Your village: {village}\n• About you: {situation}\n• Your time: {zone}"
    "\n• Announcements: {state}"
)
NOT_SAID = N_("not said")
NO_VILLAGE = N_("not registered yet")
ON = N_("on")
OFF = N_("off (type /mulai to resume)")
CHANGE_SITUATION = N_("Change: about me")
CHANGE_ZONE = N_("Change: my time zone")
CHANGE_VILLAGE = N_("Change: my village")
REGISTER_VILLAGE = N_("🏠 Register my village")
STOP = N_("🔕 Stop announcements")
START = N_("🔔 Receive announcements")
BACK = N_("Back to menu")
MUTED = N_(
    "Done: you will receive no announcements from your village. Type /mulai to receive "
    "them again. You can still ask me anything."
)
RESUMED = N_("Done: you will receive your village's announcements again. /berhenti stops them.")
SAVED = N_("Saved.")


def _situation_choices(ctx: Context) -> tuple[Choice, ...]:
    return tuple(Choice(f"s:{key}", ctx._(label)) for key, label in SITUATIONS.items())


def _zone_choices(ctx: Context) -> tuple[Choice, ...]:
    return tuple(Choice(f"z:{key}", ctx._(label)) for key, label in TIMEZONES.items())


async def _ask_once(ctx: Context, data: Data) -> Prompt:
    """Ask the situation once, after registering (skipped when already known)."""
    if ctx.person.situation is not None:
        return Prompt(replies=(), then="main:menu")
    choices = (*_situation_choices(ctx), Choice("skip", ctx._(SKIP)))
    return Prompt(replies=(Reply(ctx._(ASK_ONCE)),), choices=choices)


async def _situation_given(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Keep the answer; someone abroad is asked their time zone next."""
    back = str(data.get("back", "main:menu"))
    if choice is None and back == "main:menu" and (inbound.text.strip() or inbound.attachments):
        return await as_main_menu(ctx, inbound)  # they would rather ask: the question is not lost
    if choice is None or not choice.id.startswith("s:"):
        return Step(goto=back)
    situation = choice.id.removeprefix("s:")
    goto = "zone" if situation == "abroad" else back
    return Step(
        replies=(Reply(ctx._(THANKS)),),
        effects=(SituationChosen(situation),),
        goto=goto,
        data={"back": back},
    )


async def _ask_zone(ctx: Context, data: Data) -> Prompt:
    """The time zone they live in."""
    return Prompt(replies=(Reply(ctx._(ASK_ZONE)),), choices=_zone_choices(ctx))


async def _zone_given(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the zone ("" is the village's own)."""
    back = str(data.get("back", "main:menu"))
    if choice is None or not choice.id.startswith("z:"):
        return Step(goto=back)
    zone = choice.id.removeprefix("z:") or None
    return Step(replies=(Reply(ctx._(SAVED)),), effects=(TimezoneChosen(zone),), goto=back)


async def _settings(ctx: Context, data: Data) -> Prompt:
    """What the bot knows about them, and the switches."""
    person = ctx.person
    label = SITUATIONS.get(person.situation or "")
    situation = ctx._(label) if label else None
    zone = TIMEZONES.get(person.timezone or "", TIMEZONES[""])
    text = ctx._(
        SETTINGS,
        village=person.village.name if person.village else ctx._(NO_VILLAGE),
        situation=situation or ctx._(NOT_SAID),
        zone=ctx._(zone),
        state=ctx._(OFF) if person.announcements_muted else ctx._(ON),
    )
    toggle = (
        Choice("start", ctx._(START)) if person.announcements_muted else Choice("stop", ctx._(STOP))
    )
    village = CHANGE_VILLAGE if person.village else REGISTER_VILLAGE
    choices = (
        Choice("village", ctx._(village)),
        Choice("situation", ctx._(CHANGE_SITUATION)),
        Choice("zone", ctx._(CHANGE_ZONE)),
        toggle,
        Choice("back", ctx._(BACK)),
    )
    return Prompt(replies=(Reply(text),), choices=choices, data={"back": "menu"})


async def _setting_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Open the chosen setting."""
    if choice is not None and choice.id == "village":
        return Step(goto="village:ask", data={"back": "profile:menu"})
    targets = {"situation": "situation", "zone": "zone", "stop": "mute", "start": "resume"}
    target = targets.get(choice.id) if choice is not None else None
    return Step(goto=target or "main:menu", data={"back": "menu"})


async def _ask_situation(ctx: Context, data: Data) -> Prompt:
    """Choose the situation again."""
    return Prompt(replies=(Reply(ctx._(ASK_ONCE)),), choices=_situation_choices(ctx))


async def _mute(ctx: Context, data: Data) -> Prompt:
    """No more announcements (``/berhenti``)."""
    return Prompt(replies=(Reply(ctx._(MUTED)),), effects=(AnnouncementsMuted(True),))


async def _resume(ctx: Context, data: Data) -> Prompt:
    """Announcements again (``/mulai``)."""
    return Prompt(replies=(Reply(ctx._(RESUMED)),), effects=(AnnouncementsMuted(False),))


FLOW = make_flow(
    "profile",
    "menu",
    Ask(
        "menu",
        _settings,
        _setting_chosen,
        exits={
            "village": "village:ask",
            "situation": "situation",
            "zone": "zone",
            "stop": "mute",
            "start": "resume",
            "back": "main:menu",
        },
    ),
    Ask(
        "ask_situation",
        _ask_once,
        _situation_given,
        exits={"abroad": "zone", "other / skip / typed (as the main menu)": "main:menu"},
    ),
    Ask("situation", _ask_situation, _situation_given, exits={"abroad": "zone", "saved": "menu"}),
    Ask("zone", _ask_zone, _zone_given, exits={"saved": "menu", "after asking once": "main:menu"}),
    Say("mute", _mute, next="main:menu"),
    Say("resume", _resume, next="main:menu"),
    summary="A resident's settings: situation, time zone, announcements",
)
