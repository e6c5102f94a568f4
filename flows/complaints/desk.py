"""The village desk's case queue: take a case, answer, ask, refer, resolve.

Only desk officers and coordinators of the case's village (and the district admin) see a
case; village staff see how many cases there are, not what is in them; parenting
facilitators see nothing of it. The right is checked again at every step through
``acting_role`` and storage scopes every read and write to the village acted for, so a case
id from a forged button or another village shows nothing. Every action is audited by storage,
and the reporter is told of each public change in their own language.
"""

from __future__ import annotations

import gettext
from zoneinfo import ZoneInfo

from flows.complaints.categories import Categories
from flows.complaints.effects import (
    AnswerKind,
    EvidenceRequested,
    OfficerAnswered,
    OfficerChangedStatus,
    OfficerTookCase,
)
from flows.complaints.notices import CHANGED, QUESTION, REPLY, render
from flows.complaints.ports import OPEN_STATUSES, CaseRow, complaint_queries
from flows.complaints.states import STATUS_LABELS
from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.officers import OfficerRole, acting_role

__all__ = ["COUNT", "FLOW", "HANDLE"]

HANDLE = "complaints.handle"
COUNT = "complaints.count"
OFFICER_MENU = "officer:menu"
QUEUE_LIMIT = 6
TEXT_LIMIT = 3000

REFUSED = N_("Only desk officers and coordinators of this village can open reports.")
COUNTS = N_("Reports in {village}: {counts}. Desk officers handle their content.")
NO_CASES = N_("{village}: no reports in this list.")
QUEUE = N_("{village}: {title}. Urgent first, then oldest first.")
TITLES = {
    "open": N_("open reports"),
    "new": N_("new reports"),
    "waiting": N_("waiting for the reporter"),
    "referred": N_("referred reports"),
    "done": N_("resolved and closed reports"),
}
FILTERS = {
    "open": ("new", "in_progress", "waiting_reporter"),
    "new": ("new",),
    "waiting": ("waiting_reporter",),
    "referred": ("referred",),
    "done": ("resolved", "closed", "withdrawn"),
}
FILTER_LABELS = {
    "open": N_("📂 Open"),
    "new": N_("🆕 New"),
    "waiting": N_("⏳ Waiting"),
    "referred": N_("➡️ Referred"),
    "done": N_("✅ Done"),
}
LINE = N_("{urgent}{reference} · {category} · {age}")
OVERDUE = N_("⏰ ")
URGENT = N_("⚠️ ")
AGE_DAYS = N_("{days} d")
AGE_HOURS = N_("{hours} h")
BACK_MENU = N_("⬅ Officer menu")
OTHER_LISTS = N_("🔎 Other lists")
WHICH_LIST = N_("Which list?")
DETAIL = N_(
    "{reference} · {category}{urgent}\n"
    "Status: {status} · owner: {owner}\n"
    "Received: {created} · answer due: {due}\n"
    "About: {about}\n"
    "Where: {where} · employer/agency: {employer}\n"
    "Reporter: {reporter} · reach: {contact}\n"
    "Evidence: {evidence} file(s)\n\n"
    "{conversation}"
)
URGENT_MARK = N_(" (urgent)")
NOBODY = N_("nobody yet")
HIDDEN_NAME = N_("name hidden (do not pass on)")
VIA_CHAT = N_("through the bot")
UNKNOWN = N_("not known")
ONESELF = N_("the reporter")
TAKE = N_("🙋 Take this case")
REPLY_BUTTON = N_("💬 Reply to reporter")
NOTE = N_("📝 Internal note")
ASK = N_("❓ Ask the reporter")
REFER = N_("➡️ Refer")
RESOLVE = N_("✅ Resolve")
SHOW_EVIDENCE = N_("📎 Evidence ({count})")
BACK = N_("⬅ Back to the list")
TAKEN = N_("You now own {reference}.")
WRITE = {
    "public": N_("Write the reply the reporter will receive (in their chat)."),
    "note": N_("Write the internal note (never sent to the reporter)."),
    "question": N_("Write your question for the reporter."),
}
SAVED = {
    "public": N_("Sent to the reporter and added to {reference}."),
    "note": N_("Note added to {reference}."),
    "question": N_("Question sent; {reference} waits for the reporter's answer."),
}
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was changed.")
TOO_SHORT = N_("Please write a little more.")
REFER_TO = N_("Refer {reference} to whom?")
AUTHORITIES = {
    "disnaker": "Disnaker",
    "bp3mi": "BP3MI / KP2MI",
    "embassy": N_("The representation abroad (KBRI/KJRI/KDEI)"),
    "police": N_("The police"),
}
THEIR_REFERENCE = N_("Their reference number, if they gave one (or tap Skip).")
SKIP = N_("⏭ Skip")
REFERRED = N_("{reference} is referred to {to}. The reporter is told.")
OUTCOME = N_("What was the outcome? The reporter will read it.")
RESOLVED = N_("{reference} is resolved. The reporter is told.")
EVIDENCE_SENT = N_("The {count} file(s) of {reference} are being sent to this chat.")
NO_EVIDENCE = N_("This report has no evidence files.")
GONE = N_("That report is not in this village's list.")
REFERRED_DETAIL = N_(" Passed on to {to}{their}.")
THEIR = N_(" (their reference {reference})")
RESOLVED_DETAIL = N_(" Outcome: {outcome}")


async def _role(ctx: Context, data: Data) -> OfficerRole | None:
    return await acting_role(ctx, data, HANDLE)


def _category(ctx: Context, case: CaseRow) -> str:
    category = ctx.content.of(Categories).get(case.category)
    return category.label(ctx.locale) if category else case.category


async def _case(ctx: Context, data: Data) -> tuple[OfficerRole, CaseRow] | None:
    """The case in data, read again within the village this officer may handle reports in."""
    role = await _role(ctx, data)
    case_id = data.get("case")
    if role is None or not isinstance(case_id, int):
        return None
    case = await complaint_queries(ctx).case(role.village_code, case_id)
    return (role, case) if case is not None else None


def _village(data: Data) -> dict[str, object]:
    return {"village": data.get("village", "")}


# --- queue ------------------------------------------------------------------------------------


async def _queue(ctx: Context, data: Data) -> Prompt:
    """The village's cases in the chosen list; village staff get counts only."""
    role = await _role(ctx, data)
    if role is None:
        counter = await acting_role(ctx, data, COUNT)
        if counter is None:
            return Prompt(replies=(Reply(ctx._(REFUSED)),), then=OFFICER_MENU)
        counts = await complaint_queries(ctx).counts(counter.village_code)
        shown = ", ".join(f"{ctx._(STATUS_LABELS[s])} {counts.get(s, 0)}" for s in STATUS_LABELS)
        return Prompt(
            replies=(Reply(ctx._(COUNTS, village=counter.village_name, counts=shown)),),
            then=OFFICER_MENU,
        )
    chosen = str(data.get("filter", "open"))
    chosen = chosen if chosen in FILTERS else "open"
    cases = await complaint_queries(ctx).queue(
        role.village_code, statuses=FILTERS[chosen], category=None, limit=QUEUE_LIMIT
    )
    title = ctx._(TITLES[chosen])
    text = ctx._(QUEUE if cases else NO_CASES, village=role.village_name, title=title)
    choices = [Choice(f"case:{c.id}", _line(ctx, c)) for c in cases]
    others = [k for k in FILTERS if k != chosen][: 1 if cases else 4]
    choices += [Choice(f"filter:{k}", ctx._(FILTER_LABELS[k])) for k in others]
    if cases:
        choices.append(Choice("filters", ctx._(OTHER_LISTS)))
    choices.append(Choice("menu", ctx._(BACK_MENU)))
    return Prompt(
        replies=(Reply(text),),
        choices=tuple(choices),
        data={**_village(data), "filter": chosen},
    )


def _line(ctx: Context, case: CaseRow) -> str:
    hours = int((ctx.now - case.created_at).total_seconds() // 3600)
    age = ctx._(AGE_DAYS, days=hours // 24) if hours >= 48 else ctx._(AGE_HOURS, hours=hours)
    mark = ""
    if case.urgent:
        mark += ctx._(URGENT)
    if case.status in OPEN_STATUSES and case.due_at < ctx.now:
        mark += ctx._(OVERDUE)
    return ctx._(
        LINE, urgent=mark, reference=case.reference, category=_category(ctx, case), age=age
    )


async def _queued(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a case, switch list, or go back to the officer menu."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("case:") and choice.id[5:].isdigit():
        return Step(
            goto="case",
            data={
                **_village(data),
                "case": int(choice.id[5:]),
                "filter": data.get("filter", "open"),
            },
        )
    if choice.id.startswith("filter:"):
        return Step(goto="queue", data={**_village(data), "filter": choice.id[7:]})
    if choice.id == "filters":
        return Step(goto="filters", data={**_village(data), "filter": data.get("filter")})
    return Step(goto=OFFICER_MENU, data=_village(data))


async def _filters(ctx: Context, data: Data) -> Prompt:
    """Every list, to switch to."""
    choices = tuple(Choice(f"filter:{k}", ctx._(label)) for k, label in FILTER_LABELS.items())
    return Prompt(replies=(Reply(ctx._(WHICH_LIST)),), choices=choices)


async def _filtered(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Show the chosen list."""
    if choice is None or not choice.id.startswith("filter:"):
        return Step(reprompt=True)
    return Step(goto="queue", data={**_village(data), "filter": choice.id[7:]})


# --- one case ---------------------------------------------------------------------------------


def _conversation(ctx: Context, case: CaseRow) -> str:
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    lines = []
    for message in case.messages[-8:]:
        at = message.at.astimezone(zone).strftime("%d-%m %H:%M")
        who = message.officer_name or message.author
        text = message.text if len(message.text) <= 700 else f"{message.text[:700]}…"
        lines.append(f"[{at}] {who} ({message.kind}): {text}")
    return "\n".join(lines)


async def _show(ctx: Context, data: Data) -> Prompt:
    """The case with its conversation and what the officer can do."""
    found = await _case(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    _, case = found
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    affected = case.affected
    about = ctx._(ONESELF)
    if affected.get("who") == "family":
        about = f"{affected.get('name', '')} ({affected.get('relation', '')})"
    where = ", ".join(p for p in (affected.get("city", ""), affected.get("country", "")) if p)
    text = ctx._(
        DETAIL,
        reference=case.reference,
        category=_category(ctx, case),
        urgent=ctx._(URGENT_MARK) if case.urgent else "",
        status=ctx._(STATUS_LABELS.get(case.status, case.status)),
        owner=case.owner_name or ctx._(NOBODY),
        created=case.created_at.astimezone(zone).strftime("%d-%m-%Y %H:%M"),
        due=case.due_at.astimezone(zone).strftime("%d-%m-%Y %H:%M"),
        about=about,
        where=where or ctx._(UNKNOWN),
        employer=affected.get("employer", "") or ctx._(UNKNOWN),
        reporter=case.reporter_name or ctx._(HIDDEN_NAME),
        contact=case.contact or ctx._(VIA_CHAT),
        evidence=case.evidence_count,
        conversation=_conversation(ctx, case),
    )
    choices: list[Choice] = []
    if case.status in OPEN_STATUSES:
        if not case.owner_name:
            choices.append(Choice("take", ctx._(TAKE)))
        choices += [
            Choice("public", ctx._(REPLY_BUTTON)),
            Choice("question", ctx._(ASK)),
            Choice("refer", ctx._(REFER)),
            Choice("resolve", ctx._(RESOLVE)),
        ]
    choices.append(Choice("note", ctx._(NOTE)))
    if case.evidence_count:
        choices.append(Choice("evidence", ctx._(SHOW_EVIDENCE, count=case.evidence_count)))
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(replies=(Reply(text),), choices=tuple(choices[:8]))


async def _action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Take, write (reply, note, question), refer, resolve, evidence, or back."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "back":
        return Step(goto="queue", data={**_village(data), "filter": data.get("filter")})
    found = await _case(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, case = found
    officer = (ctx.person.channel, ctx.person.external_id, role.village_code, case.id)
    if choice.id == "take":
        taken = OfficerTookCase(*officer)
        return Step(
            replies=(Reply(ctx._(TAKEN, reference=case.reference)),),
            effects=(taken,),
            goto="queue",
            data={**_village(data)},
        )
    if choice.id in WRITE:
        return Step(goto="write", data={**data, "kind": choice.id})
    if choice.id == "refer":
        return Step(goto="refer")
    if choice.id == "resolve":
        return Step(goto="resolve")
    if choice.id == "evidence":
        if not case.evidence_count:
            return Step(replies=(Reply(ctx._(NO_EVIDENCE)),), reprompt=True)
        sent = ctx._(EVIDENCE_SENT, count=case.evidence_count, reference=case.reference)
        return Step(replies=(Reply(sent),), effects=(EvidenceRequested(*officer),), reprompt=True)
    return Step(reprompt=True)


def _notice(ctx: Context, case: CaseRow, message: str, **values: str) -> str:
    """A message for the reporter, in the reporter's language."""
    return render(_for_reporter(ctx, case), message, reference=case.reference, **values)


def _for_reporter(ctx: Context, case: CaseRow) -> gettext.NullTranslations:
    """The reporter's language, for what they will read."""
    return ctx.catalogs.get(case.reporter_locale) if ctx.catalogs else ctx.translations


def _reporter_status(ctx: Context, case: CaseRow, status: str) -> str:
    return _for_reporter(ctx, case).gettext(STATUS_LABELS[status])


async def _ask_write(ctx: Context, data: Data) -> Prompt:
    """Ask for the reply, note or question."""
    if await _case(ctx, data) is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    kind = str(data.get("kind", "note"))
    return Prompt(
        replies=(Reply(ctx._(WRITE.get(kind, WRITE["note"]))),),
        choices=(Choice("cancel", ctx._(CANCEL)),),
    )


async def _write(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Save the text; a reply or a question also goes to the reporter."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="case")
    found = await _case(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, case = found
    text = inbound.text.strip()[:TEXT_LIMIT]
    if len(text) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    kind: AnswerKind = "note"
    notice = ""
    if data.get("kind") == "public":
        kind, notice = "public", _notice(ctx, case, REPLY, text=text)
    elif data.get("kind") == "question":
        kind, notice = "question", _notice(ctx, case, QUESTION, text=text)
    effect: Effect = OfficerAnswered(
        ctx.person.channel, ctx.person.external_id, role.village_code, case.id, kind, text, notice
    )
    saved = ctx._(SAVED[kind], reference=case.reference)
    return Step(replies=(Reply(saved),), effects=(effect,), goto="queue", data=_village(data))


async def _ask_refer(ctx: Context, data: Data) -> Prompt:
    """To whom."""
    found = await _case(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    choices = tuple(Choice(k, ctx._(label)) for k, label in AUTHORITIES.items())
    return Prompt(
        replies=(Reply(ctx._(REFER_TO, reference=found[1].reference)),),
        choices=(*choices, Choice("cancel", ctx._(CANCEL))),
    )


async def _refer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep whom (a button, or a typed name), then ask for their reference."""
    if choice is not None and choice.id == "cancel":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="case")
    to = choice.label if choice is not None else " ".join(inbound.text.split())[:120]
    if len(to) < 2:
        return Step(reprompt=True)
    return Step(goto="their_reference", data={**data, "to": to})


async def _ask_their_reference(ctx: Context, data: Data) -> Prompt:
    """Their reference, or skip."""
    return Prompt(replies=(Reply(ctx._(THEIR_REFERENCE)),), choices=(Choice("skip", ctx._(SKIP)),))


async def _their_reference(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Refer the case and tell the reporter."""
    found = await _case(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, case = found
    theirs = "" if choice is not None else inbound.text.strip()[:80]
    to = str(data.get("to", ""))
    reporter = _for_reporter(ctx, case)
    their = render(reporter, THEIR, reference=theirs) if theirs else ""
    details = render(reporter, REFERRED_DETAIL, to=to, their=their)
    notice = _notice(
        ctx, case, CHANGED, status=_reporter_status(ctx, case, "referred"), details=details
    )
    effect = OfficerChangedStatus(
        ctx.person.channel,
        ctx.person.external_id,
        role.village_code,
        case.id,
        "referred",
        referred_to=to,
        their_reference=theirs,
        notice=notice,
    )
    return Step(
        replies=(Reply(ctx._(REFERRED, reference=case.reference, to=to)),),
        effects=(effect,),
        goto="queue",
        data=_village(data),
    )


async def _ask_outcome(ctx: Context, data: Data) -> Prompt:
    """The outcome, for the reporter."""
    if await _case(ctx, data) is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    return Prompt(replies=(Reply(ctx._(OUTCOME)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _outcome(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Resolve the case with its outcome and tell the reporter."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="case")
    found = await _case(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, case = found
    outcome = inbound.text.strip()[:TEXT_LIMIT]
    if len(outcome) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    details = render(_for_reporter(ctx, case), RESOLVED_DETAIL, outcome=outcome)
    notice = _notice(
        ctx, case, CHANGED, status=_reporter_status(ctx, case, "resolved"), details=details
    )
    effect = OfficerChangedStatus(
        ctx.person.channel,
        ctx.person.external_id,
        role.village_code,
        case.id,
        "resolved",
        outcome=outcome,
        notice=notice,
    )
    return Step(
        replies=(Reply(ctx._(RESOLVED, reference=case.reference)),),
        effects=(effect,),
        goto="queue",
        data=_village(data),
    )


_GONE = {"gone": "queue"}

FLOW = make_flow(
    "desk",
    "queue",
    Ask(
        "queue",
        _queue,
        _queued,
        exits={"case": "case", "list": "queue", "other lists": "filters", "menu": OFFICER_MENU},
    ),
    Ask("filters", _filters, _filtered, exits={"chosen": "queue"}),
    Ask(
        "case",
        _show,
        _action,
        exits={
            "take": "queue",
            "write": "write",
            "refer": "refer",
            "resolve": "resolve",
            "back": "queue",
        },
    ),
    Ask(
        "write",
        _ask_write,
        _write,
        exits={"saved": "queue", "cancel": "case", **_GONE},
        takes_any_text=True,
    ),
    Ask(
        "refer",
        _ask_refer,
        _refer,
        exits={"chosen": "their_reference", "cancel": "case"},
        takes_any_text=True,
    ),
    Ask(
        "their_reference",
        _ask_their_reference,
        _their_reference,
        exits={"referred": "queue", **_GONE},
        takes_any_text=True,
    ),
    Ask(
        "resolve",
        _ask_outcome,
        _outcome,
        exits={"resolved": "queue", "cancel": "case", **_GONE},
        takes_any_text=True,
    ),
    summary="The village desk's report queue",
)
