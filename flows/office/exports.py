"""Village data as a file, from the officer menu (📊 Village data (export)).

An officer chooses what to export (only what their role allows in the village they act for,
a few per page), then CSV or Excel, then confirms. The bot answers at once that the file is
being prepared; the background job makes it and sends it to this chat as a document. The
right is checked at every step, again when storage records the request, and once more when
the job makes the file, so a role removed meanwhile gets nothing. The export named in the
flow's data is looked up in the list the officer may see: a forged name or another village's
code gets a kind refusal and no request.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.office.catalogue import FORMATS, ExportKind, offered_to
from flows.office.export_effects import ExportRequested
from flows.officers import OfficerRole, acting_role, officer_queries

__all__ = ["FLOW"]

OFFICER_MENU = "officer:menu"
CHOOSE = N_("Village data of {village}: which data do you want as a file?")
NONE = N_("You may not export data of this village.")
FORMAT = N_("{what}: as CSV (opens in any spreadsheet) or as Excel?")
CONFIRM = N_("Export {what} of {village} as {format}? The file will be sent to this chat.")
CONFIRM_PERSONAL = N_(
    "Export {what} of {village} as {format}? It holds residents' names (personal data): keep "
    "it on the office computer only and delete it when done. The file will be sent to this chat."
)
YES = N_("✅ Export")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; no file was made.")
PREPARING = N_("Your file is being prepared. It will arrive in this chat in a minute or two.")
NEXT = N_("More ›")
PREVIOUS = N_("‹ Previous")
BACK = N_("⬅ Officer menu")
#: Exports on one page: with previous, next and back, a keyboard keeps to 8 buttons.
PER_PAGE = 5


def _village(data: Data) -> dict[str, object]:
    return {"village": data.get("village", "")}


async def _allowed(ctx: Context, data: Data) -> tuple[OfficerRole, tuple[ExportKind, ...]] | None:
    """The village acted for and what may be exported there (read again at every step)."""
    role = await acting_role(ctx, data, "menu.open")  # None for a village not served
    if role is None:
        return None
    person = ctx.person
    roles = await officer_queries(ctx).officer_roles(person.channel, person.external_id)
    offered = offered_to(roles, role.village_code)
    return (role, offered) if offered else None


def _refused(ctx: Context, data: Data) -> Prompt:
    return Prompt(replies=(Reply(ctx._(NONE)),), then=OFFICER_MENU, data=_village(data))


def _chosen_kind(offered: tuple[ExportKind, ...], data: Data) -> ExportKind | None:
    """The export named in the flow's data, if this officer may have it (else a forgery)."""
    name = str(data.get("what", ""))
    return next((kind for kind in offered if kind.name == name), None)


async def _choose(ctx: Context, data: Data) -> Prompt:
    """The exports this officer may have, one page at a time."""
    allowed = await _allowed(ctx, data)
    if allowed is None:
        return _refused(ctx, data)
    role, offered = allowed
    pages = (len(offered) + PER_PAGE - 1) // PER_PAGE
    page = min(max(int(data.get("page", 0) or 0), 0), pages - 1)
    shown = offered[page * PER_PAGE : (page + 1) * PER_PAGE]
    choices = [Choice(f"x:{kind.name}", ctx._(kind.label)) for kind in shown]
    if page > 0:
        choices.append(Choice("previous", ctx._(PREVIOUS)))
    if page < pages - 1:
        choices.append(Choice("next", ctx._(NEXT)))
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(
        replies=(Reply(ctx._(CHOOSE, village=role.village_name)),),
        choices=tuple(choices),
        data={**_village(data), "page": page},
    )


async def _chose(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Another page, an export (then its format), or back to the officer menu."""
    if choice is None:
        return Step(reprompt=True)
    page = int(data.get("page", 0) or 0)
    if choice.id in ("next", "previous"):
        turn = 1 if choice.id == "next" else -1
        return Step(goto="choose", data={**_village(data), "page": page + turn})
    if not choice.id.startswith("x:"):
        return Step(goto=OFFICER_MENU, data=_village(data))
    return Step(goto="format", data={**_village(data), "what": choice.id.removeprefix("x:")})


async def _format(ctx: Context, data: Data) -> Prompt:
    """CSV or Excel, for the export chosen (still allowed?)."""
    allowed = await _allowed(ctx, data)
    kind = _chosen_kind(allowed[1], data) if allowed is not None else None
    if kind is None:
        return _refused(ctx, data)
    choices = [Choice(f"f:{fmt}", ctx._(label)) for fmt, label in FORMATS.items()]
    return Prompt(
        replies=(Reply(ctx._(FORMAT, what=ctx._(kind.label))),),
        choices=(*choices, Choice("cancel", ctx._(CANCEL))),
    )


async def _formatted(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the format and ask to confirm, or cancel."""
    if choice is None:
        return Step(reprompt=True)
    fmt = choice.id.removeprefix("f:")
    if fmt not in FORMATS:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto=OFFICER_MENU, data=_village(data))
    return Step(goto="confirm", data={**_village(data), "what": data.get("what"), "fmt": fmt})


async def _confirm(ctx: Context, data: Data) -> Prompt:
    """What will be exported, for which village, in which format; a warning for names."""
    allowed = await _allowed(ctx, data)
    kind = _chosen_kind(allowed[1], data) if allowed is not None else None
    fmt = str(data.get("fmt", ""))
    if allowed is None or kind is None or fmt not in FORMATS:
        return _refused(ctx, data)
    message = CONFIRM_PERSONAL if kind.permission == "exports.personal" else CONFIRM
    text = ctx._(
        message, what=ctx._(kind.label), village=allowed[0].village_name, format=ctx._(FORMATS[fmt])
    )
    return Prompt(
        replies=(Reply(text),), choices=(Choice("yes", ctx._(YES)), Choice("cancel", ctx._(CANCEL)))
    )


async def _confirmed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Ask for the file (the right checked once more) and say it is on its way."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id != "yes":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto=OFFICER_MENU, data=_village(data))
    allowed = await _allowed(ctx, data)
    kind = _chosen_kind(allowed[1], data) if allowed is not None else None
    fmt = str(data.get("fmt", ""))
    if allowed is None or kind is None or fmt not in FORMATS:
        return Step(replies=(Reply(ctx._(NONE)),), goto=OFFICER_MENU, data=_village(data))
    requested = ExportRequested(
        ctx.person.external_id, allowed[0].village_code, kind.name, fmt, ctx.locale
    )
    return Step(
        replies=(Reply(ctx._(PREPARING)),),
        effects=(requested,),  # storage records and audits it; the job sends the file
        goto=OFFICER_MENU,
        data=_village(data),
    )


FLOW = make_flow(
    "officeexport",
    "choose",
    Ask(
        "choose",
        _choose,
        _chose,
        exits={
            "export": "format",
            "page": "choose",
            "back / refused": OFFICER_MENU,
        },
    ),
    Ask(
        "format",
        _format,
        _formatted,
        exits={"csv / xlsx": "confirm", "cancel / refused": OFFICER_MENU},
    ),
    Ask(
        "confirm",
        _confirm,
        _confirmed,
        exits={"export / cancel / refused": OFFICER_MENU},
    ),
    summary="Village data as a CSV or Excel file, sent to the officer's chat",
)
