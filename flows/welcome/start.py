"""Start: the first hello, and registration to a village from a poster's QR link.

``/start 3301012001`` (the link on a village poster) registers the person to that village;
a plain ``/start`` or a first message greets them. Either way they land on the main menu.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import VillageJoined
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Say, make_flow
from flows.engine.text import is_village_code

__all__ = ["FLOW"]

GREETING_NEW = N_(
    "Hello {name}, welcome to the Desmigratif village migration desk! 🙏\n\n"
    "Here you can find out how to work abroad safely, what documents you need, "
    "and how to reach your village office.\n\n"
    "Choose a menu below, or type your question."
)
GREETING_BACK = N_("Welcome back, {name}! How can we help you today?")
JOINED = N_("You are now registered with {village}.")
ALREADY = N_("You are registered with {village}.")
UNKNOWN_CODE = N_(
    "The village code in your link ({code}) is not in our list. "
    "Please check the poster or ask your village office."
)


async def _welcome(ctx: Context, data: Data) -> Prompt:
    """Greet the person and register them to the village in the link, if any."""
    name = ctx.person.display_name or ctx._("friend")
    greeting = GREETING_NEW if ctx.person.is_new else GREETING_BACK
    replies = [Reply(ctx._(greeting, name=name))]
    payload = str(data.get("payload", "")).strip()
    if not is_village_code(payload):
        return Prompt(replies=tuple(replies), data={})
    village = await ctx.queries.village_by_code(payload)
    if village is None:
        replies.append(Reply(ctx._(UNKNOWN_CODE, code=payload)))
        return Prompt(replies=tuple(replies), data={})
    current = ctx.person.village
    if current is not None and current.code == village.code:
        replies.append(Reply(ctx._(ALREADY, village=village.name)))
        return Prompt(replies=tuple(replies), data={})
    replies.append(Reply(ctx._(JOINED, village=village.name)))
    return Prompt(
        replies=tuple(replies),
        effects=(VillageJoined(village.code, "deep_link", village.name, village.timezone),),
        data={},
        then=None if ctx.person.situation else "profile:ask_situation",
    )


FLOW = make_flow(
    "start",
    "welcome",
    Say(
        "welcome", _welcome, next="main:menu", also={"first registration": "profile:ask_situation"}
    ),
    summary="Greeting and village registration from a deep link",
)
