"""Village registration for people who did not scan the poster, and moving to another village.

A person types their village's name (typos forgiven; same-named villages are told apart by
kecamatan and kabupaten), its 10-digit code, or browses provinces and kabupaten
(``village_list``). Someone not yet registered is registered at once; someone moving from
one village to another, or who typed a bare code at the main menu, first confirms, seeing
the old and the new village. The village directory never says who lives anywhere.
"""

from __future__ import annotations

import re

from flows.engine.context import Context
from flows.engine.core import HOME
from flows.engine.effects import VillageJoined
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Say, Step, make_flow
from flows.engine.text import clean_text, is_village_code
from flows.welcome.ports import Place, welcome_queries

__all__ = ["FLOW", "place_label", "typed_village", "village_code_in"]

ASK_NEW = N_(
    "Which village are you from? Type its name (for example: Kenanga) or its 10-digit code. "
    "Not sure how it is written? Choose from the list."
)
ASK_CHANGE = N_(
    "You are registered with {village}. To change, type the name or the 10-digit code of "
    "your new village, or choose from the list."
)
FROM_LIST = N_("📋 Choose from the list")
BACK = N_("Back")
NOT_A_CODE = N_("A village code has 10 digits, for example 3301012001. Please try again.")
NOT_FOUND = N_(
    "We could not find village code {code}. Please check it, or type your village's name."
)
NO_MATCH = N_(
    "I could not find a village called “{typed}” among the villages this service knows. "
    "Check the spelling, try only the village's name, or choose from the list. If your "
    "village is not there, its office does not use this service yet."
)
FOUND_ONE = N_("Is this your village? Tap it.")
FOUND_MANY = N_("Which one is your village? Tap it.")
FOUND_HINT = N_("Not there? Type the name another way, or choose from the list.")
IN_DISTRICT = N_("{district} district")
JOINED = N_("Thank you! You are now registered with {village}.")
ALREADY = N_("You are registered with {village}.")
CONFIRM_NEW = N_("Register with this village?\n{new}")
CONFIRM_CHANGE = N_("Change your village?\nNow: {old}\nNew: {new}")
YES_REGISTER = N_("✅ Yes, register")
YES_CHANGE = N_("✅ Yes, change")
NO = N_("No")
YES_WORDS = N_("yes, y, ok")
NO_WORDS = N_("no, n")
CHANGED = N_("Done: you are now registered with {new} instead of {old}.")
KEPT = N_("All right, nothing was changed.")
UNKNOWN_CODE = N_(
    "{code} looks like a village code, but that village does not use this service (yet). "
    "Check the number on the Desmigratif poster at your village hall, or ask your village "
    "office. You can also find your village by its name."
)
GONE = N_("Sorry, that village is no longer in our list.")

#: The most villages offered after a search (each a button, with "list" and "back").
MAX_FOUND = 6
_CODE_NOISE = re.compile(r"[\s.\-]")


def village_code_in(text: str) -> str | None:
    """The village code a message consists of ("3301012001", "33.01.01.2001"), if it is one.

    Phone numbers (0812…) are not codes: no province code starts with 0.
    """
    digits = _CODE_NOISE.sub("", text)
    return digits if is_village_code(digits) and not digits.startswith("0") else None


def place_label(ctx: Context, place: Place, *, regency: bool = True, province: bool = False) -> str:
    """The village with its kecamatan and kabupaten, so same-named villages differ."""
    parts = [place.name]
    if place.district:
        parts.append(ctx._(IN_DISTRICT, district=place.district))
    parts += [
        p for p, shown in ((place.regency, regency), (place.province, province)) if p and shown
    ]
    return ", ".join(parts)


def _back(data: Data) -> str:
    return str(data.get("back") or HOME)


def _ways(ctx: Context) -> tuple[Choice, ...]:
    return (Choice("list", ctx._(FROM_LIST)), Choice("back", ctx._(BACK)))


async def typed_village(ctx: Context, back: str, inbound: Inbound) -> Step:
    """Find the village someone typed, by code or by name (also used while browsing)."""
    text = inbound.text.strip()
    if not text:
        return Step(goto="village:ask", data={"back": back})
    carried = {"back": back}
    if _CODE_NOISE.sub("", text).isdecimal():
        code = _CODE_NOISE.sub("", text)
        if not is_village_code(code):
            return Step(replies=(Reply(ctx._(NOT_A_CODE), _ways(ctx)),))
        if await welcome_queries(ctx).place(code) is None:
            return Step(replies=(Reply(ctx._(NOT_FOUND, code=code), _ways(ctx)),))
        return Step(goto="village:picked", data={**carried, "code": code, "via": "typed"})
    if not await welcome_queries(ctx).search_villages(text, MAX_FOUND):
        return Step(replies=(Reply(ctx._(NO_MATCH, typed=text[:60]), _ways(ctx)),))
    return Step(goto="village:results", data={**carried, "typed": text[:200]})


async def _ask(ctx: Context, data: Data) -> Prompt:
    """Ask for the village's name or code, with the list and a way back."""
    current = ctx.person.village
    text = ctx._(ASK_CHANGE, village=current.name) if current else ctx._(ASK_NEW)
    return Prompt(replies=(Reply(text),), choices=_ways(ctx), data={"back": _back(data)})


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open the list, go back, or look up what was typed."""
    back = _back(data)
    if choice is not None and choice.id == "list":
        return Step(goto="village_list:browse", data={"back": back})
    if choice is not None:
        return Step(goto=back)
    return await typed_village(ctx, back, inbound)


async def _results(ctx: Context, data: Data) -> Prompt:
    """The villages whose names match what was typed, each with its kecamatan and kabupaten."""
    found = await welcome_queries(ctx).search_villages(str(data.get("typed", "")), MAX_FOUND)
    if not found:
        return Prompt(replies=(), then="ask", data={"back": _back(data)})
    choices = tuple(Choice(f"v:{p.code}", place_label(ctx, p)) for p in found)
    ask = ctx._(FOUND_ONE) if len(found) == 1 else ctx._(FOUND_MANY)
    return Prompt(replies=(Reply(f"{ask}\n{ctx._(FOUND_HINT)}"),), choices=(*choices, *_ways(ctx)))


async def _result_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Take the tapped village; typed text is a new search."""
    back = _back(data)
    if choice is None:
        return await typed_village(ctx, back, inbound)
    if choice.id.startswith("v:"):
        code = choice.id.removeprefix("v:")
        return Step(goto="picked", data={"back": back, "code": code, "via": "search"})
    return await _answer(ctx, data, inbound, choice)


async def _picked(ctx: Context, data: Data) -> Prompt:
    """Register at once, or confirm first when moving or when the code came from the menu."""
    back, code = _back(data), str(data.get("code", ""))
    place = await welcome_queries(ctx).place(code)
    if place is None:
        gone = ctx._(UNKNOWN_CODE, code=code) if data.get("confirm") else ctx._(GONE)
        return Prompt(replies=(Reply(gone),), then="ask", data={"back": back})
    current = ctx.person.village
    if current is not None and current.code == place.code:
        return Prompt(replies=(Reply(ctx._(ALREADY, village=current.name)),), then=back)
    if current is not None or data.get("confirm"):
        return Prompt(replies=(), then="confirm")
    return Prompt(
        replies=(Reply(ctx._(JOINED, village=place.name)),),
        effects=(_joined(place, data),),
        then=back if ctx.person.situation else "profile:ask_situation",
    )


def _joined(place: Place, data: Data) -> VillageJoined:
    via = data.get("via")
    return VillageJoined(
        place.code,
        via if via in ("typed", "search", "list") else "typed",
        place.name,
        place.timezone,
    )


async def _confirm(ctx: Context, data: Data) -> Prompt:
    """Show the old and the new village, and ask."""
    place = await welcome_queries(ctx).place(str(data.get("code", "")))
    if place is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="ask", data={"back": _back(data)})
    new = place_label(ctx, place, province=True)
    current = ctx.person.village
    if current is None:
        text, yes = ctx._(CONFIRM_NEW, new=new), ctx._(YES_REGISTER)
    else:
        old = await welcome_queries(ctx).place(current.code)
        old_label = place_label(ctx, old, province=True) if old else current.name
        text, yes = ctx._(CONFIRM_CHANGE, old=old_label, new=new), ctx._(YES_CHANGE)
    return Prompt(replies=(Reply(text),), choices=(Choice("yes", yes), Choice("no", ctx._(NO))))


def _said(ctx: Context, words: str, inbound: Inbound) -> bool:
    return clean_text(inbound.text) in {w.strip() for w in ctx._(words).casefold().split(",")}


async def _confirmed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Register or move on "yes"; keep everything on "no"."""
    back = _back(data)
    yes = choice.id == "yes" if choice is not None else _said(ctx, YES_WORDS, inbound)
    no = choice.id == "no" if choice is not None else _said(ctx, NO_WORDS, inbound)
    if not (yes or no):
        return Step(reprompt=True)
    place = await welcome_queries(ctx).place(str(data.get("code", "")))
    if no or place is None:
        return Step(replies=(Reply(ctx._(KEPT if no else GONE)),), goto=back)
    current = ctx.person.village
    if current is None:
        reply = ctx._(JOINED, village=place.name)
        goto = back if ctx.person.situation else "profile:ask_situation"
    else:
        reply, goto = ctx._(CHANGED, new=place.name, old=current.name), back
    return Step(replies=(Reply(reply),), effects=(_joined(place, data),), goto=goto)


FLOW = make_flow(
    "village",
    "ask",
    Ask(
        "ask",
        _ask,
        _answer,
        exits={
            "a code": "picked",
            "a name": "results",
            "list": "village_list:browse",
            "back": HOME,
            "back to settings": "profile:menu",
        },
    ),
    Ask(
        "results",
        _results,
        _result_chosen,
        exits={
            "a village": "picked",
            "typed again: a code": "picked",
            "typed again: a name": "results",
            "list": "village_list:browse",
            "back": HOME,
            "back to settings": "profile:menu",
        },
    ),
    Say(
        "picked",
        _picked,
        next=HOME,
        also={
            "first registration": "profile:ask_situation",
            "moving, or a code typed at the menu": "confirm",
            "unknown code": "ask",
            "back to settings": "profile:menu",
        },
    ),
    Ask(
        "confirm",
        _confirm,
        _confirmed,
        exits={
            "yes / no": HOME,
            "yes, first registration": "profile:ask_situation",
            "from settings": "profile:menu",
            "village gone": "ask",
        },
    ),
    summary="Register with a village, or move to another, by name, code or list",
)
