"""Village registration by typing the village code, for people who did not scan the poster."""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import VillageJoined
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.engine.text import is_village_code

__all__ = ["FLOW"]

ASK_CODE = N_(
    "Please type your village code (10 digits). You can find it on the Desmigratif poster "
    "at your village hall, or ask the village office."
)
NOT_A_CODE = N_("A village code has 10 digits, for example 3301012001. Please try again.")
NOT_FOUND = N_("We could not find village code {code}. Please check it and try again.")
JOINED = N_("Thank you! You are now registered with {village}.")
BACK = N_("Back to menu")


async def _ask(ctx: Context, data: Data) -> Prompt:
    """Ask for the code, with a way back."""
    return Prompt(replies=(Reply(ctx._(ASK_CODE)),), choices=(Choice("back", ctx._(BACK)),))


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Register the typed code if it names a known village."""
    if choice is not None:
        return Step(goto="main:menu")
    code = "".join(inbound.text.split()).replace(".", "")
    if not is_village_code(code):
        return Step(replies=(Reply(ctx._(NOT_A_CODE)),))
    village = await ctx.queries.village_by_code(code)
    if village is None:
        return Step(replies=(Reply(ctx._(NOT_FOUND, code=code)),))
    return Step(
        replies=(Reply(ctx._(JOINED, village=village.name)),),
        effects=(VillageJoined(village.code, "typed", village.name, village.timezone),),
        goto="main:menu" if ctx.person.situation else "profile:ask_situation",
    )


FLOW = make_flow(
    "village",
    "ask",
    Ask(
        "ask",
        _ask,
        _answer,
        exits={"registered or back": "main:menu", "first time": "profile:ask_situation"},
    ),
    summary="Register with a village by typing its code",
)
