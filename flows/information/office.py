"""Village office: how to reach the person's village office and its migration desk."""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.information.library import library_of
from flows.information.offices import OfficeContact
from flows.information.questions import answer_question

__all__ = ["FLOW", "format_contact"]

NO_VILLAGE = N_(
    "You are not registered with a village yet, so I do not know which office is yours. "
    "Register now by typing your village code."
)
NO_DETAILS = N_(
    "{village} has not filled in its office details yet. "
    "Please visit the village hall (balai desa) and ask for the migration desk."
)
REGISTER = N_("Register my village")
BACK = N_("Back to menu")
LINE_ADDRESS = N_("Address: {value}")
LINE_HOURS = N_("Opening hours: {value}")
LINE_PHONE = N_("Phone: {value}")
LINE_WHATSAPP = N_("WhatsApp: {value}")
LINE_EMAIL = N_("E-mail: {value}")
LINE_DESK = N_("Migration desk: {value}")
LINE_CHECKED = N_("(Details from {source}, checked {date}.)")


def format_contact(ctx: Context, office: OfficeContact) -> str:
    """The office's details, one per line, leaving out what the office did not give."""
    lines = [office.name, ctx._(LINE_ADDRESS, value=office.address)]
    for label, value in (
        (LINE_DESK, office.desk),
        (LINE_HOURS, office.hours),
        (LINE_PHONE, office.phone),
        (LINE_WHATSAPP, office.whatsapp),
        (LINE_EMAIL, office.email),
    ):
        if value:
            lines.append(ctx._(label, value=value))
    lines.append(ctx._(LINE_CHECKED, source=office.source, date=office.checked_on.isoformat()))
    return "\n".join(lines)


async def _show(ctx: Context, data: Data) -> Prompt:
    """Show the contact, or explain why there is none and offer to register."""
    back = Choice("back", ctx._(BACK))
    village = ctx.person.village
    if village is None:
        return Prompt(
            replies=(Reply(ctx._(NO_VILLAGE)),),
            choices=(Choice("register", ctx._(REGISTER)), back),
        )
    office = library_of(ctx).offices.contact(village.code)
    if office is None:
        return Prompt(replies=(Reply(ctx._(NO_DETAILS, village=village.name)),), choices=(back,))
    return Prompt(replies=(Reply(format_contact(ctx, office)),), choices=(back,))


async def _after(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Register, go back, or answer a typed question."""
    if choice is not None and choice.id == "register":
        return Step(goto="village:ask")
    if choice is None and inbound.text.strip():
        return await answer_question(ctx, data, inbound)
    return Step(goto="main:menu")


FLOW = make_flow(
    "office",
    "show",
    Ask(
        "show",
        _show,
        _after,
        exits={
            "register": "village:ask",
            "back": "main:menu",
            "question": "info:show",
            "unsure": "info:pick",
            "danger": "info:emergency",
            "about the office": "show",
        },
    ),
    summary="Village office contact",
)
