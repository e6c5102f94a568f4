"""Help: what the bot can do and the words that work anywhere."""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Say, make_flow

__all__ = ["FLOW"]

HELP = N_(
    "How to use this service:\n"
    "• Tap a button, or type its number.\n"
    "• Type your question in your own words, for example: how to work in Taiwan.\n"
    "• Type menu (or /menu) at any time to go back to the main menu.\n"
    "• Type batal to cancel what you are doing.\n"
    "• Type /bahasa to change the language.\n\n"
    "This service never asks you for money or for your passwords."
)


async def _show(ctx: Context, data: Data) -> Prompt:
    """Explain the buttons and the global words."""
    return Prompt(replies=(Reply(ctx._(HELP)),))


FLOW = make_flow("help", "show", Say("show", _show, next="main:menu"), summary="Help")
