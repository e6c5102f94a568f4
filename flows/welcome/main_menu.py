"""Main menu: the home every journey returns to, and where free text first arrives."""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.core import match_choice
from flows.engine.i18n import N_
from flows.engine.messages import Inbound, Reply
from flows.engine.nodes import Data, Menu, Option, Step, make_flow
from flows.information import answer_question
from flows.welcome.villages import village_code_in

__all__ = ["FLOW", "as_main_menu"]

MENU = N_("Main menu. What do you need?")
MEDIA = N_(
    "Thank you, I received your file. Here I can only read text messages; "
    "please choose from the menu below."
)

#: Who follows children at home: parents abroad and the family raising them. A phone shows
#: about 8 buttons, so the menu shows each person the entries their situation needs.
PARENTS = frozenset({"family", "abroad"})

OPTIONS = (
    Option("info", N_("ℹ️ Safe migration info"), "info:phases", N_("info, information, migration")),
    Option(
        "report",
        N_("📝 Report a problem"),
        "report:start",
        N_("report, complaint, lapor, pengaduan"),
    ),
    Option(
        "office",
        N_("📞 Village office contact"),
        "office:show",
        N_("contact, office, address"),
        shown=lambda ctx: ctx.person.village is not None,  # before that: "Register my village"
    ),
    Option(
        "village",
        N_("🏠 Register my village"),
        "village:ask",
        N_("register, village code"),
        shown=lambda ctx: ctx.person.village is None,  # once registered, the button is clutter
    ),
    Option(
        "children",
        N_("👶 My children"),
        "children:list",
        N_("children, child, anak"),
        shown=lambda ctx: ctx.person.situation in PARENTS,  # others: /anak or the code's link
    ),
    Option("language", N_("🌐 Language / Bahasa"), "language:choose"),
    Option("settings", N_("⚙️ Settings"), "profile:menu", N_("settings, announcements")),
    Option("help", N_("❓ Help"), "help:show"),
    Option(
        "documents",
        N_("📂 My documents"),
        "docs:list",
        N_("documents, dokumen, checklist, berkas"),
        # checked by the village's desk; for people getting ready to go (others: /dokumen)
        shown=lambda ctx: ctx.person.village is not None and ctx.person.situation not in PARENTS,
    ),
    # last, so the numbers people type for the other options stay as they were
    Option(
        "jobs",
        N_("💼 Job notices / check an offer"),
        "jobs:menu",
        N_("jobs, job, loker, lowongan, cek loker"),
    ),
)


async def _free_text(ctx: Context, data: Data, inbound: Inbound) -> Step:
    """A village code offers that village; other text is a question; media gets a kind word."""
    code = village_code_in(inbound.text)
    if code is not None:
        carried = {"code": code, "via": "typed", "back": "main:menu", "confirm": True}
        return Step(goto="village:picked", data=carried)
    if inbound.text.strip():
        return await answer_question(ctx, data, inbound)
    return Step(replies=(Reply(ctx._(MEDIA)),), reprompt=True)


async def as_main_menu(ctx: Context, inbound: Inbound) -> Step:
    """Handle input as the main menu would (a menu button's label, or a free question)."""
    node = FLOW.node("menu")
    assert isinstance(node, Menu)
    offered = tuple((c.id, c.label) for c in node.choices(ctx))
    return await node.handle(ctx, {}, inbound, match_choice(inbound, offered))


FLOW = make_flow(
    "main",
    "menu",
    Menu(
        "menu",
        MENU,
        OPTIONS,
        on_text=_free_text,
        extra_targets={
            "danger": "info:emergency",
            "answer": "info:show",
            "unsure": "info:pick",
            "link / forwarded": "info:received",
            "a village code": "village:picked",
        },
    ),
    summary="Main menu",
)
