"""Language: switch between the languages that have a catalog (Indonesian first)."""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import LanguageChosen
from flows.engine.i18n import LOCALE_NAMES, N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow

__all__ = ["FLOW"]

CHOOSE = N_("Choose your language / Pilih bahasa:")
CHOSEN = N_("Done! I will speak English with you from now on.")


async def _choose(ctx: Context, data: Data) -> Prompt:
    """Offer every language with a catalog, each named in itself."""
    choices = tuple(Choice(loc, LOCALE_NAMES.get(loc, loc)) for loc in ctx.available_locales)
    return Prompt(replies=(Reply(ctx._(CHOOSE)),), choices=choices)


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Store the choice and confirm in the new language."""
    if choice is None or choice.id not in ctx.available_locales:
        return Step(reprompt=True)
    confirm = ctx.with_locale(choice.id)._(CHOSEN)
    return Step(replies=(Reply(confirm),), effects=(LanguageChosen(choice.id),), goto="main:menu")


FLOW = make_flow(
    "language",
    "choose",
    Ask("choose", _choose, _chosen, exits={"chosen": "main:menu"}),
    summary="Choose the language",
)
