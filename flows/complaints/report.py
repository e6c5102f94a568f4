"""Reporting a problem (lapor): a short guided report that becomes a tracked case.

The journey: the kind of problem (urgent kinds show the emergency help first) → who is
affected (me, or a family member abroad: name, relation) → where (country, city, employer or
agency) → what happened (any number of messages) → evidence (photos, documents, voice notes,
any number) → how to reach them → whether officers may give their name to the agency or the
authorities → a summary to confirm → a reference and what happens next.

Every step saves the draft, so someone who leaves (or whose phone dies) finds their report
where they left it for 7 days; a person who is not registered with a village is asked to
register first, because the case goes to their village's desk.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.complaints.categories import Categories, Category
from flows.complaints.drafting import next_step, translated
from flows.complaints.effects import (
    CaseEvidence,
    ComplaintDraftDiscarded,
    ComplaintSubmitted,
)
from flows.complaints.ports import complaint_queries
from flows.complaints.report_details import NODES as DETAILS
from flows.complaints.report_details import RELATIONS
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.information import emergency_help

__all__ = ["FLOW", "reference_for"]

HOME = "main:menu"

NEEDS_VILLAGE = N_(
    "Reports go to the desk of your village. Please register your village first; it takes "
    "a minute. Then type /lapor again."
)
REGISTER = N_("🏠 Register my village")
DRAFT_FOUND = N_("You have a report you did not send yet ({category}). Go on with it?")
GO_ON = N_("▶️ Go on")
START_AGAIN = N_("🗑 Start again")
MY_CASES = N_("📋 My reports")
CANCEL = N_("❌ Cancel")
BACK_HOME = N_("🏠 Main menu")
KIND = N_(
    "Report a problem to your village desk. What is it about?\n"
    "(Type batal at any time to stop; your report is kept for 7 days.)"
)
AFTER_HELP = N_("When you are safe, you can go on with the report for the village desk.")
CONTINUE = N_("▶️ Go on with the report")
SUMMARY = N_(
    "Please check your report:\n\n"
    "Problem: {category}\n"
    "About: {about}\n"
    "Where: {where}\n"
    "Employer / agency: {employer}\n"
    "What happened: {description}\n"
    "Evidence: {evidence} file(s)\n"
    "Reach me: {contact}\n"
    "My name: {disclosure}\n\n"
    "Send it to the desk of {village}?"
)
SEND = N_("📤 Send the report")
EDIT = N_("✏️ Write what happened again")
UNKNOWN = N_("not known")
YOURSELF = N_("you")
NAME_SHARED = N_("may be given")
NAME_HIDDEN = N_("hidden")
VIA_CHAT = N_("this chat")
SENT = N_(
    "Your report is sent. Your reference is {reference}.\n\n"
    "An officer of {village} will answer by {due}. You will get their answer here. "
    "See your reports at any time with /status; you can add information there too."
)
DROPPED = N_("Your report was not sent and is deleted.")
STOPPED = N_("Stopped. Your report is kept for 7 days: type /lapor to go on.")


def reference_for(ctx: Context, village_code: str) -> str:
    """A case reference people can read aloud: ADU-<province and kabupaten>-<random>."""
    random_part = ctx.new_reference("ADU").rpartition("-")[2]
    return f"ADU-{village_code[:4]}-{random_part}"


def _categories(ctx: Context) -> Categories:
    return ctx.content.of(Categories)


def _category(ctx: Context, data: Data) -> Category | None:
    return _categories(ctx).get(str(data.get("category", "")))


# --- start -------------------------------------------------------------------------------------


async def _start(ctx: Context, data: Data) -> Prompt:
    """Registered people start (or resume) a report; others register first."""
    if ctx.person.village is None:
        choices = translated(ctx, Choice("register", REGISTER), Choice("home", BACK_HOME))
        return Prompt(replies=(Reply(ctx._(NEEDS_VILLAGE)),), choices=choices)
    draft = await complaint_queries(ctx).draft(ctx.person.id)
    if draft and draft.get("step"):
        category = _categories(ctx).get(str(draft.get("category", "")))
        label = category.label(ctx.locale) if category else "-"
        choices = translated(
            ctx,
            Choice("resume", GO_ON),
            Choice("again", START_AGAIN),
            Choice("cases", MY_CASES),
            Choice("home", BACK_HOME),
        )
        return Prompt(
            replies=(Reply(ctx._(DRAFT_FOUND, category=label)),), choices=choices, data=draft
        )
    return Prompt(replies=(), then="kind", data={})


async def _started(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Register, resume the draft, start afresh, or leave."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "register":
        return Step(goto="village:ask")
    if choice.id == "resume":
        step = str(data.get("step", "kind"))
        return Step(goto=step if step in RESUMABLE else "kind", data=dict(data))
    if choice.id == "again":
        return Step(goto="kind", data={}, effects=(ComplaintDraftDiscarded(),))
    if choice.id == "cases":
        return Step(goto="cases:list")
    return Step(goto=HOME)


# --- what kind --------------------------------------------------------------------------------


async def _ask_kind(ctx: Context, data: Data) -> Prompt:
    """The categories, from content, in the person's language."""
    choices = tuple(Choice(c.id, c.label(ctx.locale)) for c in _categories(ctx).items)
    return Prompt(replies=(Reply(ctx._(KIND)),), choices=choices)


async def _kind(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Urgent kinds get the emergency help first; the others go straight on."""
    category = _categories(ctx).get(choice.id) if choice is not None else None
    if category is None:
        return Step(reprompt=True)
    step = "help" if category.urgent else "who"
    return next_step(data, step, category=category.id, helped=category.urgent)


async def _help(ctx: Context, data: Data) -> Prompt:
    """The official emergency contacts before anything else, then the report goes on."""
    replies = (*emergency_help(ctx), Reply(ctx._(AFTER_HELP)))
    choices = translated(ctx, Choice("go", CONTINUE), Choice("home", BACK_HOME))
    return Prompt(replies=replies, choices=choices)


async def _after_help(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go on with the report, or stop (the draft is kept)."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "home":
        return Step(replies=(Reply(ctx._(STOPPED)),), goto=HOME)
    return next_step(data, "who")


# --- confirm ----------------------------------------------------------------------------------


def _summary(ctx: Context, data: Data, category: Category) -> str:
    who = ctx._(YOURSELF)
    if data.get("who") == "family":
        relation = RELATIONS.get(str(data.get("relation", "")))
        who = f"{data.get('name', '')} ({ctx._(relation) if relation else '-'})"
    where = ", ".join(p for p in (str(data.get("city", "")), str(data.get("country", ""))) if p)
    story = str(data.get("description", ""))
    village = ctx.person.village
    shared = NAME_SHARED if data.get("disclosure") == "named" else NAME_HIDDEN
    return ctx._(
        SUMMARY,
        category=category.label(ctx.locale),
        about=who,
        where=where or ctx._(UNKNOWN),
        employer=str(data.get("employer", "")) or ctx._(UNKNOWN),
        description=story if len(story) <= 600 else f"{story[:600]}…",
        evidence=len(data.get("evidence", [])),
        contact=str(data.get("contact", "")) or ctx._(VIA_CHAT),
        disclosure=ctx._(shared),
        village=village.name if village else "-",
    )


async def _ask_confirm(ctx: Context, data: Data) -> Prompt:
    """The whole report, to check before it goes."""
    category = _category(ctx, data)
    if category is None or not str(data.get("description", "")).strip():
        return Prompt(replies=(), then="kind", data={})
    choices = translated(ctx, Choice("send", SEND), Choice("edit", EDIT), Choice("drop", CANCEL))
    return Prompt(replies=(Reply(_summary(ctx, data, category)),), choices=choices)


async def _confirm(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send it as a case with a reference and a deadline, rewrite the story, or drop it."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "edit":
        return next_step(data, "describe", description="")
    if choice.id == "drop":
        return Step(
            replies=(Reply(ctx._(DROPPED)),), goto=HOME, effects=(ComplaintDraftDiscarded(),)
        )
    category = _category(ctx, data)
    village = ctx.person.village
    if category is None or village is None:
        return Step(goto="start")
    due = ctx.now + category.due
    reference = reference_for(ctx, village.code)
    submitted = ComplaintSubmitted(
        reference=reference,
        village_code=village.code,
        category=category.id,
        urgent=category.urgent,
        due_at=due,
        affected={
            "who": str(data.get("who", "self")),
            "name": str(data.get("name", "")),
            "relation": str(data.get("relation", "")),
            "country": str(data.get("country", "")),
            "city": str(data.get("city", "")),
            "employer": str(data.get("employer", "")),
        },
        description=str(data.get("description", "")),
        contact=str(data.get("contact", "")),
        disclosure="named" if data.get("disclosure") == "named" else "anonymous",
        evidence=tuple(
            CaseEvidence(str(e["kind"]), str(e["file_id"]), e.get("mime_type"), e.get("size"))
            for e in data.get("evidence", [])
            if isinstance(e, dict) and e.get("file_id")
        ),
    )
    local = due.astimezone(ZoneInfo(village.timezone or "Asia/Jakarta"))
    sent = ctx._(
        SENT, reference=reference, village=village.name, due=local.strftime("%d-%m-%Y %H:%M")
    )
    return Step(
        replies=(Reply(sent),), effects=(submitted, ComplaintDraftDiscarded()), goto=HOME, data={}
    )


#: Steps a saved draft may resume at.
RESUMABLE = frozenset(
    {
        "kind",
        "help",
        "who",
        "name",
        "relation",
        "country",
        "city",
        "employer",
        "describe",
        "evidence",
        "contact",
        "number",
        "disclose",
        "confirm",
    }
)
_STOP = {"stop": HOME}

FLOW = make_flow(
    "report",
    "start",
    Ask(
        "start",
        _start,
        _started,
        exits={
            "register": "village:ask",
            "resume": "confirm",
            "again": "kind",
            "cases": "cases:list",
            "home": HOME,
            "new": "kind",
        },
    ),
    Ask("kind", _ask_kind, _kind, exits={"urgent": "help", "other": "who"}),
    Ask("help", _help, _after_help, exits={"go on": "who", **_STOP}),
    *DETAILS,
    Ask(
        "confirm",
        _ask_confirm,
        _confirm,
        exits={"send": HOME, "edit": "describe", "drop": HOME, "incomplete": "kind"},
    ),
    summary="Reporting a problem to the village desk",
)
