"""Main menu: the home every journey returns to, and where free text first arrives."""

from __future__ import annotations

from flows.context import Context
from flows.i18n import N_
from flows.messages import Inbound, Reply
from flows.nodes import Data, Menu, Option, Step, make_flow

__all__ = ["FLOW"]

MENU = N_("Main menu. What do you need?")
NOT_PLACED = N_(
    "Sorry, I could not understand your message. Please choose from the menu below, "
    "or contact your village office."
)
MEDIA = N_(
    "Thank you, I received your file. Here I can only read text messages; "
    "please choose from the menu below."
)

OPTIONS = (
    Option(
        "office", N_("📞 Village office contact"), "office:show", N_("contact, office, address")
    ),
    Option("village", N_("🏠 Register my village"), "village:ask", N_("register, village code")),
    Option("language", N_("🌐 Language / Bahasa"), "language:choose"),
    Option("help", N_("❓ Help"), "help:show"),
)


async def _free_text(ctx: Context, data: Data, inbound: Inbound) -> Step:
    """Text or media the menu cannot place: a kind word and the menu again."""
    message = MEDIA if inbound.attachments and not inbound.text else NOT_PLACED
    return Step(replies=(Reply(ctx._(message)),), reprompt=True)


FLOW = make_flow(
    "main",
    "menu",
    Menu("menu", MENU, OPTIONS, on_text=_free_text),
    summary="Main menu",
)
