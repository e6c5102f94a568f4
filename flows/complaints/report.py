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

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from flows.complaints.categories import Categories, Category
from flows.complaints.effects import (
    CaseEvidence,
    ComplaintDraftDiscarded,
    ComplaintDraftSaved,
    ComplaintSubmitted,
)
from flows.complaints.ports import complaint_queries
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.information import emergency_help, sounds_like_danger

__all__ = ["EVIDENCE_KINDS", "FLOW", "evidence_in", "reference_for"]

HOME = "main:menu"
#: Attachments kept as evidence (a location or a contact card is not a file).
EVIDENCE_KINDS = ("photo", "document", "voice", "audio", "video", "video_note")
MAX_EVIDENCE = 30
MAX_DESCRIPTION = 8000
MAX_FIELD = 200
COUNTRIES = ("Hong Kong", "Taiwan", "Malaysia", "Singapura", "Arab Saudi", "Korea Selatan")

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
WHO = N_("Who is it about?")
ME = N_("Myself")
FAMILY = N_("A family member abroad")
NAME = N_("What is their name? (as in the passport, if you know it)")
RELATION = N_("How are you related?")
RELATIONS = {
    "spouse": N_("Husband / wife"),
    "child": N_("Child"),
    "parent": N_("Parent"),
    "sibling": N_("Brother / sister"),
    "relative": N_("Other relative"),
}
WHERE = N_("Which country is it happening in? Choose, or type the country.")
IN_INDONESIA = N_("In Indonesia")
CITY = N_("Which city or area? (tap Skip if you do not know)")
EMPLOYER = N_(
    "The employer's or agency's name, if you know it (the placement company, sponsor or "
    "employer). Tap Skip if not."
)
SKIP = N_("⏭ Skip")
DESCRIBE = N_(
    "What happened? Write it in your own words: when it started, what was done, what you "
    "need. You can send several messages. Tap Done when you have finished."
)
DESCRIBE_MORE = N_("Noted. Write more, or tap Done.")
DONE = N_("✅ Done")
EMPTY = N_("Please write at least a few words about what happened.")
TOO_LONG = N_("That is a lot of text; I kept the first part. Tap Done, or add evidence next.")
EVIDENCE = N_(
    "Do you have evidence? Send photos, documents (a contract, a payslip) or voice notes, as "
    "many as you like. Tap Done when finished, or Skip."
)
EVIDENCE_GOT = N_("Received ({count} in total). Send more, or tap Done.")
EVIDENCE_FULL = N_("That is the most one report can take ({count}). Tap Done.")
NOT_A_FILE = N_("Please send a photo, a document or a voice note, or tap Done.")
CONTACT = N_("How can the village desk reach you?")
THIS_CHAT = N_("💬 Here in this chat")
OTHER_NUMBER = N_("📞 Another phone number")
ASK_NUMBER = N_("Type the phone number (with the country code if it is not Indonesian).")
BAD_NUMBER = N_("That does not look like a phone number. Example: 0812 3456 7890.")
DISCLOSE = N_(
    "May the village officers give your name to the agency or the authorities (Disnaker, "
    "BP3MI, the embassy, the police) when they follow up?\n"
    "If not, they pass on the problem without your name. Some problems are harder to solve "
    "without a name."
)
NAMED = N_("Yes, they may use my name")
ANONYMOUS = N_("No, keep my name hidden")
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


def evidence_in(inbound: Inbound) -> tuple[CaseEvidence, ...]:
    """The files in a message that can be kept as evidence."""
    return tuple(
        CaseEvidence(a.kind, a.file_id, a.mime_type, a.size)
        for a in inbound.attachments
        if a.kind in EVIDENCE_KINDS and a.file_id
    )


def _categories(ctx: Context) -> Categories:
    return ctx.content.of(Categories)


def _category(ctx: Context, data: Data) -> Category | None:
    return _categories(ctx).get(str(data.get("category", "")))


def _translated(ctx: Context, *choices: Choice) -> tuple[Choice, ...]:
    return tuple(Choice(c.id, ctx._(c.label)) for c in choices)


def _saved(data: Mapping[str, Any], step: str) -> ComplaintDraftSaved:
    return ComplaintDraftSaved({**data, "step": step})


def _next(data: Data, step: str, **changes: Any) -> Step:
    """Move on to ``step`` with ``changes``, saving the draft where it will resume."""
    new = {**data, **changes}
    return Step(goto=step, data=new, effects=(_saved(new, step),))


# --- start -------------------------------------------------------------------------------------


async def _start(ctx: Context, data: Data) -> Prompt:
    """Registered people start (or resume) a report; others register first."""
    if ctx.person.village is None:
        choices = _translated(ctx, Choice("register", REGISTER), Choice("home", BACK_HOME))
        return Prompt(replies=(Reply(ctx._(NEEDS_VILLAGE)),), choices=choices)
    draft = await complaint_queries(ctx).draft(ctx.person.id)
    if draft and draft.get("step"):
        category = _categories(ctx).get(str(draft.get("category", "")))
        label = category.label(ctx.locale) if category else "-"
        choices = _translated(
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
    return _next(data, step, category=category.id)


async def _help(ctx: Context, data: Data) -> Prompt:
    """The official emergency contacts before anything else, then the report goes on."""
    replies = (*emergency_help(ctx), Reply(ctx._(AFTER_HELP)))
    choices = _translated(ctx, Choice("go", CONTINUE), Choice("home", BACK_HOME))
    return Prompt(replies=replies, choices=choices)


async def _after_help(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go on with the report, or stop (the draft is kept)."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "home":
        return Step(replies=(Reply(ctx._(STOPPED)),), goto=HOME)
    return _next(data, "who")


# --- who and where ----------------------------------------------------------------------------


async def _ask_who(ctx: Context, data: Data) -> Prompt:
    """Me, or a family member abroad."""
    choices = _translated(ctx, Choice("self", ME), Choice("family", FAMILY))
    return Prompt(replies=(Reply(ctx._(WHO)),), choices=choices)


async def _who(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Family members need a name and relation; for oneself, on to where."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "family":
        return _next(data, "name", who="family")
    return _next(data, "country", who="self", name="", relation="")


async def _ask_name(ctx: Context, data: Data) -> Prompt:
    """The family member's name."""
    return Prompt(replies=(Reply(ctx._(NAME)),))


async def _name(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep a name of sensible length."""
    name = " ".join(inbound.text.split())[:MAX_FIELD]
    if len(name) < 2:
        return Step(reprompt=True)
    return _next(data, "relation", name=name)


async def _ask_relation(ctx: Context, data: Data) -> Prompt:
    """How the reporter is related."""
    choices = tuple(Choice(key, ctx._(label)) for key, label in RELATIONS.items())
    return Prompt(replies=(Reply(ctx._(RELATION)),), choices=choices)


async def _relation(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the relation."""
    if choice is None:
        return Step(reprompt=True)
    return _next(data, "country", relation=choice.id)


async def _ask_country(ctx: Context, data: Data) -> Prompt:
    """The usual destinations as buttons; any other can be typed."""
    choices = (
        *(Choice(f"c:{name}", name) for name in COUNTRIES),
        Choice("c:Indonesia", ctx._(IN_INDONESIA)),
    )
    return Prompt(replies=(Reply(ctx._(WHERE)),), choices=choices)


async def _country(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A button, or a typed country name."""
    country = choice.id[2:] if choice is not None else " ".join(inbound.text.split())[:80]
    if len(country) < 2:
        return Step(reprompt=True)
    return _next(data, "city", country=country)


async def _ask_city(ctx: Context, data: Data) -> Prompt:
    """The city, or skip."""
    return Prompt(replies=(Reply(ctx._(CITY)),), choices=_translated(ctx, Choice("skip", SKIP)))


async def _city(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the city (or nothing)."""
    city = "" if choice is not None else " ".join(inbound.text.split())[:MAX_FIELD]
    return _next(data, "employer", city=city)


async def _ask_employer(ctx: Context, data: Data) -> Prompt:
    """The employer or agency, or skip."""
    return Prompt(replies=(Reply(ctx._(EMPLOYER)),), choices=_translated(ctx, Choice("skip", SKIP)))


async def _employer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the employer or agency (or nothing)."""
    employer = "" if choice is not None else " ".join(inbound.text.split())[:MAX_FIELD]
    return _next(data, "describe", employer=employer, description="")


# --- what happened and evidence ---------------------------------------------------------------


async def _ask_description(ctx: Context, data: Data) -> Prompt:
    """Their own words, in as many messages as they need."""
    return Prompt(replies=(Reply(ctx._(DESCRIBE)),), choices=_translated(ctx, Choice("done", DONE)))


def _with_evidence(data: Data, inbound: Inbound) -> list[dict[str, Any]]:
    kept = [dict(e) for e in data.get("evidence", []) if isinstance(e, dict)]
    for item in evidence_in(inbound):
        if len(kept) < MAX_EVIDENCE:
            kept.append(
                {
                    "kind": item.kind,
                    "file_id": item.file_id,
                    "mime_type": item.mime_type,
                    "size": item.size,
                }
            )
    return kept


async def _description(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Add each message to the story; Done moves on once there is one.

    Someone describing danger is shown the emergency contacts at once, and the report goes on.
    """
    story = str(data.get("description", ""))
    if choice is not None:
        if len(story.strip()) < 5:
            return Step(replies=(Reply(ctx._(EMPTY)),))
        return _next(data, "evidence")
    text = inbound.text.strip()
    evidence = _with_evidence(data, inbound)
    if not text and len(evidence) == len(data.get("evidence", [])):
        return Step(replies=(Reply(ctx._(EMPTY)),))
    story = f"{story}\n{text}".strip() if text else story
    replies: list[Reply] = []
    if text and sounds_like_danger(ctx, text):
        replies.extend(emergency_help(ctx))
    if len(story) > MAX_DESCRIPTION:
        story = story[:MAX_DESCRIPTION]
        replies.append(Reply(ctx._(TOO_LONG)))
    else:
        replies.append(Reply(ctx._(DESCRIBE_MORE)))
    done = _translated(ctx, Choice("done", DONE))
    replies[-1] = Reply(replies[-1].text, choices=done)  # the keyboard stays with the last one
    new = {**data, "description": story, "evidence": evidence}
    return Step(replies=tuple(replies), data=new, effects=(_saved(new, "describe"),))


async def _ask_evidence(ctx: Context, data: Data) -> Prompt:
    """Files, as many as they have."""
    choices = _translated(ctx, Choice("done", DONE), Choice("skip", SKIP))
    return Prompt(replies=(Reply(ctx._(EVIDENCE)),), choices=choices)


async def _evidence(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep each file (its Telegram id; storage fetches a copy); Done or Skip moves on."""
    if choice is not None:
        return _next(data, "contact")
    before = len(data.get("evidence", []))
    if before >= MAX_EVIDENCE:
        return Step(replies=(Reply(ctx._(EVIDENCE_FULL, count=MAX_EVIDENCE)),))
    evidence = _with_evidence(data, inbound)
    if len(evidence) == before:
        return Step(replies=(Reply(ctx._(NOT_A_FILE)),))
    new = {**data, "evidence": evidence}
    return Step(
        replies=(
            Reply(
                ctx._(EVIDENCE_GOT, count=len(evidence)),
                choices=_translated(ctx, Choice("done", DONE), Choice("skip", SKIP)),
            ),
        ),
        data=new,
        effects=(_saved(new, "evidence"),),
    )


# --- contact and disclosure -------------------------------------------------------------------


async def _ask_contact(ctx: Context, data: Data) -> Prompt:
    """This chat, or another number."""
    choices = _translated(ctx, Choice("chat", THIS_CHAT), Choice("number", OTHER_NUMBER))
    return Prompt(replies=(Reply(ctx._(CONTACT)),), choices=choices)


async def _contact(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """This chat goes on; another number is asked for."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "number":
        return _next(data, "number")
    return _next(data, "disclose", contact="")


async def _ask_number(ctx: Context, data: Data) -> Prompt:
    """The other phone number."""
    return Prompt(replies=(Reply(ctx._(ASK_NUMBER)),))


async def _number(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep a number that looks like one."""
    typed = inbound.text.strip()
    digits = [c for c in typed if c.isdigit()]
    if not 7 <= len(digits) <= 16 or any(c.isalpha() for c in typed):
        return Step(replies=(Reply(ctx._(BAD_NUMBER)),))
    return _next(data, "disclose", contact=typed[:40])


async def _ask_disclosure(ctx: Context, data: Data) -> Prompt:
    """Whether their name may be passed on."""
    choices = _translated(ctx, Choice("named", NAMED), Choice("anonymous", ANONYMOUS))
    return Prompt(replies=(Reply(ctx._(DISCLOSE)),), choices=choices)


async def _disclosure(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the choice."""
    if choice is None:
        return Step(reprompt=True)
    return _next(data, "confirm", disclosure=choice.id)


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
    choices = _translated(ctx, Choice("send", SEND), Choice("edit", EDIT), Choice("drop", CANCEL))
    return Prompt(replies=(Reply(_summary(ctx, data, category)),), choices=choices)


async def _confirm(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send it as a case with a reference and a deadline, rewrite the story, or drop it."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "edit":
        return _next(data, "describe", description="")
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
    Ask("who", _ask_who, _who, exits={"family": "name", "self": "country"}),
    Ask("name", _ask_name, _name, exits={"named": "relation"}, takes_any_text=True),
    Ask("relation", _ask_relation, _relation, exits={"chosen": "country"}),
    Ask("country", _ask_country, _country, exits={"chosen": "city"}, takes_any_text=True),
    Ask("city", _ask_city, _city, exits={"typed": "employer"}, takes_any_text=True),
    Ask("employer", _ask_employer, _employer, exits={"typed": "describe"}, takes_any_text=True),
    Ask(
        "describe", _ask_description, _description, exits={"done": "evidence"}, takes_any_text=True
    ),
    Ask("evidence", _ask_evidence, _evidence, exits={"done": "contact"}, takes_any_text=True),
    Ask("contact", _ask_contact, _contact, exits={"chat": "disclose", "number": "number"}),
    Ask("number", _ask_number, _number, exits={"typed": "disclose"}, takes_any_text=True),
    Ask("disclose", _ask_disclosure, _disclosure, exits={"chosen": "confirm"}),
    Ask(
        "confirm",
        _ask_confirm,
        _confirm,
        exits={"send": HOME, "edit": "describe", "drop": HOME, "incomplete": "kind"},
    ),
    summary="Reporting a problem to the village desk",
)
