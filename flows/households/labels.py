"""How the registry's values read in the chat: names of the fixed lists and one-line records.

Stored codes (``domestic_care``, ``running``) are shown in the reader's language; a record is
shown as one line, the same in the officer's household view, their review before saving and
the resident's own view.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flows.engine.context import Context
from flows.engine.i18n import N_

__all__ = ["CHOICE_LABELS", "KIND_TITLES", "household_line", "record_line"]

KIND_TITLES = {
    "household": N_("🏠 Household"),
    "abroad": N_("✈️ Workers abroad"),
    "returned": N_("🏡 Returned workers"),
    "business": N_("🏪 Businesses"),
    "training": N_("🎓 Training"),
}
OTHER = N_("Other")
#: Each fixed list's codes in the reader's language (the lists of ``records.CHOICES``).
CHOICE_LABELS: Mapping[str, Mapping[str, str]] = {
    "sector_abroad": {
        "domestic_care": N_("Domestic work / caregiving"),
        "manufacturing": N_("Manufacturing"),
        "plantation_agriculture": N_("Plantation / agriculture"),
        "construction": N_("Construction"),
        "fishing_crew": N_("Fishing / ship crew"),
        "services_hospitality": N_("Services / hospitality"),
        "health_care": N_("Health care"),
        "other": OTHER,
    },
    "sector_business": {
        "food_drink": N_("Food & drink"),
        "retail": N_("Retail / shop"),
        "agriculture": N_("Agriculture"),
        "livestock": N_("Livestock"),
        "fishery": N_("Fishery"),
        "crafts": N_("Crafts"),
        "services": N_("Services"),
        "other": OTHER,
    },
    "status": {
        "planned": N_("Planned"),
        "running": N_("Running"),
        "paused": N_("Paused"),
        "closed": N_("Closed"),
    },
    "documented": {
        "yes": N_("Documented (official procedure)"),
        "no": N_("Not documented"),
        "unknown": N_("Not known"),
    },
    "relation": {
        "spouse": N_("Spouse"),
        "child": N_("Child"),
        "parent": N_("Parent"),
        "sibling": N_("Sibling"),
        "in_law": N_("In-law"),
        "grandchild": N_("Grandchild"),
        "head": N_("Household head"),
        "other": OTHER,
    },
    "yes_no": {"yes": N_("Yes"), "no": N_("No")},
}
HOUSEHOLD_LINE = N_("{head} · Dusun {dusun}, RT {rt} / RW {rw} · {address}")
LINES = {
    "abroad": N_(
        "{name} ({relation}), {country}, {sector}, since {since}; {documented}; agency: {agency}"
    ),
    "returned": N_("{name}, came back from {country} on {date}; skills: {skills}"),
    "business": N_("{name}: {sector}, {status}, started {date}; cooperative member: {coop}"),
    "training": N_("{participant}: {training} on {date}"),
}


def _label(ctx: Context, choices: str, code: object) -> str:
    label = CHOICE_LABELS[choices].get(str(code))
    return ctx._(label) if label else str(code or "-")


def _date(value: object, *, month: bool = False) -> str:
    if not isinstance(value, date):
        return "-"
    return value.strftime("%m-%Y" if month else "%d-%m-%Y")


def household_line(ctx: Context, values: Mapping[str, object]) -> str:
    """A household's head and address on one line."""
    return ctx._(
        HOUSEHOLD_LINE,
        head=str(values.get("head_name") or "-"),
        dusun=str(values.get("dusun") or "-"),
        rt=f"{values['rt']:03d}" if isinstance(values.get("rt"), int) else "-",
        rw=f"{values['rw']:03d}" if isinstance(values.get("rw"), int) else "-",
        address=str(values.get("address") or "-"),
    )


def record_line(ctx: Context, kind: str, values: Mapping[str, object]) -> str:
    """One record on one line, in the reader's language (stored values, typed)."""
    if kind == "household":
        return household_line(ctx, values)
    text = {k: str(v) if v not in (None, "") else "-" for k, v in values.items()}
    if kind == "abroad":
        return ctx._(
            LINES[kind], name=text["name"], country=text["country"],
            relation=_label(ctx, "relation", values.get("relation")),
            sector=_label(ctx, "sector_abroad", values.get("sector")),
            since=_date(values.get("since"), month=True),
            documented=_label(ctx, "documented", values.get("documented")), agency=text["agency"],
        )  # fmt: skip
    if kind == "returned":
        return ctx._(LINES[kind], name=text["name"], country=text["country"],
                     date=_date(values.get("returned_on")), skills=text["skills"])  # fmt: skip
    if kind == "business":
        coop = "yes" if values.get("cooperative_member") else "no"
        return ctx._(
            LINES[kind], name=text["name"],
            sector=_label(ctx, "sector_business", values.get("sector")),
            status=_label(ctx, "status", values.get("status")),
            date=_date(values.get("started_on")), coop=_label(ctx, "yes_no", coop),
        )  # fmt: skip
    return ctx._(LINES["training"], participant=text["participant_name"],
                 training=text["training_name"], date=_date(values.get("held_on")))  # fmt: skip
