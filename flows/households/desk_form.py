"""Entering a household or one of its records, one question at a time, then a review.

The questions come from ``records.FIELDS``: free text, a number (RT/RW), a date or month, or
a fixed list shown as buttons. Each answer is checked at once with the rules the import and
storage use, and kept as its canonical text. When editing, every question shows what is
stored and a "Keep" button. A keyboard never has more than eight buttons: where a list fills
them, "keep", "skip" and "cancel" are typed instead (the question says so).
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.households.desk_common import (
    CANCEL,
    MANAGE,
    by_officer,
    gone_prompt,
    gone_step,
    household_data,
    opened,
    village_data,
)
from flows.households.desk_done import done
from flows.households.effects import HouseholdRecordSaved, HouseholdSaved
from flows.households.labels import CHOICE_LABELS, KIND_TITLES, record_line
from flows.households.records import (
    FIELDS,
    FieldError,
    FieldSpec,
    as_text,
    clean_fields,
    parse_value,
)
from flows.officers import OfficerRole, acting_role

__all__ = ["NODES"]

PROMPTS: Mapping[str, str] = {
    "head_name": N_("Name of the household head:"),
    "dusun": N_("Dusun (hamlet):"),
    "rt": N_("RT number (for example 3):"),
    "rw": N_("RW number (for example 1):"),
    "address": N_("Address line (street, house number), if any:"),
    "name": N_("Their name:"),
    "business.name": N_("Name or kind of business (for example: Warung sembako):"),
    "relation": N_("How are they related to the household head?"),
    "country": N_("Country where they work:"),
    "returned.country": N_("Country they came back from:"),
    "sector": N_("Sector of their work:"),
    "business.sector": N_("Sector of the business:"),
    "since": N_("Abroad since when? Month and year as MM-YYYY, for example 03-2023:"),
    "agency": N_("Name of the placement agency (P3MI), if known:"),
    "documented": N_("Did they leave through the official procedure?"),
    "returned_on": N_("When did they come back? Date as DD-MM-YYYY:"),
    "skills": N_("Skills gained abroad (for example: cooking, Mandarin), if any:"),
    "started_on": N_("When did it start? Date as DD-MM-YYYY:"),
    "status": N_("Status of the business:"),
    "cooperative_member": N_("Is it a member of the village cooperative?"),
    "training_name": N_("Name of the training:"),
    "held_on": N_("Date of the training, as DD-MM-YYYY:"),
    "participant_name": N_("Who took part? Their name:"),
}
PROBLEMS: Mapping[str, str] = {
    "missing": N_("This one is needed. Please type it."),
    "not a number": N_("Please type the number only, for example 3."),
    "bad date": N_(
        "Please write the date as DD-MM-YYYY (a month as MM-YYYY), for example 14-02-2024."
    ),
}
CHOOSE = N_("Please choose one of the buttons.")
NOW = N_("Now: {value}")
TYPED_WORDS = N_("(Type “keep”, “skip” or “cancel” if you need to.)")
KEEP = N_("↩ Keep")
SKIP = N_("⏭ Skip")
REVIEW = N_("{title} — please check:\n\n{line}\n\nSave?")
SAVE = N_("✅ Save")
SAVED = N_("Saved.")
CANCELLED = N_("Cancelled; nothing was saved.")
MAX_BUTTONS = 8
_WORDS = {"keep": ("keep", "tetap"), "skip": ("skip", "lewati", "-"), "cancel": ("cancel", "batal")}


def _spec(data: Data) -> FieldSpec | None:
    specs = FIELDS.get(str(data.get("kind", "")), ())
    step = data.get("step")
    return specs[step] if isinstance(step, int) and 0 <= step < len(specs) else None


async def _allowed(ctx: Context, data: Data) -> OfficerRole | None:
    """The officer's managing role, and the household still theirs when one is involved."""
    if data.get("kind") == "household" and not data.get("editing"):
        return await acting_role(ctx, data, MANAGE)
    found = await opened(ctx, data, MANAGE)
    return found[0] if found is not None else None


def _values(data: Data) -> dict[str, str]:
    raw = data.get("values")
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, Mapping) else {}


def _shown(ctx: Context, spec: FieldSpec, text: str) -> str:
    if spec.type == "choice" or spec.type == "yes_no":
        labels = CHOICE_LABELS[spec.choices or "yes_no"]
        return ctx._(labels[text]) if text in labels else text or "-"
    return text or "-"


async def _ask(ctx: Context, data: Data) -> Prompt:
    """The next question, with the list's buttons and what can be kept or skipped."""
    spec = _spec(data)
    if spec is None or await _allowed(ctx, data) is None:
        return gone_prompt(ctx, data)
    kind = str(data.get("kind"))
    lines = [ctx._(PROMPTS.get(f"{kind}.{spec.key}", PROMPTS[spec.key]))]
    current = _values(data).get(spec.key, "")
    if data.get("editing"):
        lines.append(ctx._(NOW, value=_shown(ctx, spec, current)))
    choices: list[Choice] = []
    if spec.type in ("choice", "yes_no"):
        labels = CHOICE_LABELS[spec.choices or "yes_no"]
        choices = [Choice(f"c:{code}", ctx._(label)) for code, label in labels.items()]
    extras = [("keep", KEEP)] if data.get("editing") else []
    extras += [("skip", SKIP)] if not spec.required else []
    extras.append(("cancel", CANCEL))
    if len(choices) + len(extras) > MAX_BUTTONS:
        lines.append(ctx._(TYPED_WORDS))
    for cid, label in extras:
        if len(choices) < MAX_BUTTONS:
            choices.append(Choice(cid, ctx._(label)))
    return Prompt(replies=(Reply("\n".join(lines)),), choices=tuple(choices))


def _cancelled(data: Data) -> Step:
    if isinstance(data.get("household"), int):
        return Step(goto="household", data=household_data(data))
    return Step(goto="home", data=village_data(data))


async def _answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Check the answer; keep it and ask the next question (or review at the end)."""
    spec = _spec(data)
    if spec is None:
        return gone_step(ctx, data)
    typed = inbound.text.strip()
    if spec.type == "number" and typed.isdigit() and inbound.choice_id is None:
        choice = None  # "1" typed for RW is the number 1, not the first button
    word = choice.id if choice is not None else next(
        (w for w, said in _WORDS.items() if typed.casefold() in said), None)  # fmt: skip
    values = _values(data)
    if word == "cancel":
        back = _cancelled(data)
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto=back.goto, data=back.data)
    if word == "keep" and data.get("editing"):
        raw = values.get(spec.key, "")
    elif word == "skip" and not spec.required:
        raw = ""
    elif choice is not None and choice.id.startswith("c:"):
        raw = choice.id[2:]
    elif spec.type in ("choice", "yes_no"):
        raw = typed  # a code or a name typed instead of tapped
    else:
        raw = typed
    try:
        value = parse_value(spec, raw)
    except FieldError as exc:
        problem = PROBLEMS.get(exc.problem, CHOOSE)
        return Step(replies=(Reply(ctx._(problem)),), reprompt=True)
    values[spec.key] = as_text(spec, value)
    after = int(data.get("step", 0)) + 1
    done = after >= len(FIELDS[str(data.get("kind"))])
    return Step(goto="review" if done else "field", data={**data, "values": values, "step": after})


async def _review(ctx: Context, data: Data) -> Prompt:
    """Everything entered, as it will read, to save or cancel."""
    kind = str(data.get("kind", ""))
    if kind not in FIELDS or await _allowed(ctx, data) is None:
        return gone_prompt(ctx, data)
    try:
        typed = clean_fields(kind, _values(data))
    except FieldError:
        return gone_prompt(ctx, data)
    text = ctx._(REVIEW, title=ctx._(KIND_TITLES[kind]), line=record_line(ctx, kind, typed))
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("save", ctx._(SAVE)), Choice("cancel", ctx._(CANCEL))),
    )


async def _save(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Save (the officer's right and the household are checked again), or cancel."""
    if choice is None or choice.id != "save":
        step = _cancelled(data)
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto=step.goto, data=step.data)
    role = await _allowed(ctx, data)
    if role is None:
        return gone_step(ctx, data)
    kind, values = str(data.get("kind")), _values(data)
    household = data.get("household")
    if kind == "household":
        editing = bool(data.get("editing")) and isinstance(household, int)
        effect: HouseholdSaved | HouseholdRecordSaved = HouseholdSaved(
            **by_officer(ctx, role), household_id=household if editing else None, fields=values
        )
        after = "household_edited" if editing else "household_new"
        return Step(replies=(Reply(ctx._(SAVED)),), effects=(effect,), goto="done",
                    data=done(after, data))  # fmt: skip
    if not isinstance(household, int):
        return gone_step(ctx, data)
    record = data.get("record")
    effect = HouseholdRecordSaved(
        **by_officer(ctx, role), household_id=household, kind=kind,
        record_id=record if isinstance(record, int) else None, fields=values,
    )  # fmt: skip
    return Step(replies=(Reply(ctx._(SAVED)),), effects=(effect,), goto="done",
                data=done("record", data, kind=kind))  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("field", _ask, _answer,
        exits={"next question": "field", "last answer": "review", "cancel": "household",
               "cancel new": "home", "gone": "home"}, takes_any_text=True),
    Ask("review", _review, _save,
        exits={"saved": "done", "cancel": "household", "gone": "home"}),
)  # fmt: skip
