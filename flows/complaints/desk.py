"""The village desk's case queue: take a case, answer, ask, refer, resolve.

Only desk officers and coordinators of the case's village (and the district admin) see a
case; village staff see how many cases there are, not what is in them; parenting
facilitators see nothing of it. The right is checked again at every step through
``acting_role`` and storage scopes every read and write to the village acted for, so a case
id from a forged button or another village shows nothing. Every action is audited by storage,
and the reporter is told of each public change in their own language.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.complaints.desk_case import (
    COUNT,
    HANDLE,
    category_label,
    gone_prompt,
    gone_step,
    handled_case,
    village_data,
)
from flows.complaints.desk_writing import NODES as WRITING
from flows.complaints.desk_writing import WRITE
from flows.complaints.effects import (
    EvidenceRequested,
    OfficerTookCase,
)
from flows.complaints.ports import OPEN_STATUSES, CaseRow, complaint_queries
from flows.complaints.states import STATUS_LABELS
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.officers import acting_role

__all__ = ["FLOW"]

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
EVIDENCE_SENT = N_("The {count} file(s) of {reference} are being sent to this chat.")
NO_EVIDENCE = N_("This report has no evidence files.")


# --- queue ------------------------------------------------------------------------------------


async def _queue(ctx: Context, data: Data) -> Prompt:
    """The village's cases in the chosen list; village staff get counts only."""
    role = await acting_role(ctx, data, HANDLE)
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
        data={**village_data(data), "filter": chosen},
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
        LINE, urgent=mark, reference=case.reference, category=category_label(ctx, case), age=age
    )


async def _queued(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a case, switch list, or go back to the officer menu."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("case:") and choice.id[5:].isdigit():
        return Step(
            goto="case",
            data={
                **village_data(data),
                "case": int(choice.id[5:]),
                "filter": data.get("filter", "open"),
            },
        )
    if choice.id.startswith("filter:"):
        return Step(goto="queue", data={**village_data(data), "filter": choice.id[7:]})
    if choice.id == "filters":
        return Step(goto="filters", data={**village_data(data), "filter": data.get("filter")})
    return Step(goto=OFFICER_MENU, data=village_data(data))


async def _filters(ctx: Context, data: Data) -> Prompt:
    """Every list, to switch to."""
    choices = tuple(Choice(f"filter:{k}", ctx._(label)) for k, label in FILTER_LABELS.items())
    return Prompt(replies=(Reply(ctx._(WHICH_LIST)),), choices=choices)


async def _filtered(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Show the chosen list."""
    if choice is None or not choice.id.startswith("filter:"):
        return Step(reprompt=True)
    return Step(goto="queue", data={**village_data(data), "filter": choice.id[7:]})


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
    found = await handled_case(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
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
        category=category_label(ctx, case),
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
        return Step(goto="queue", data={**village_data(data), "filter": data.get("filter")})
    found = await handled_case(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, case = found
    officer = (ctx.person.channel, ctx.person.external_id, role.village_code, case.id)
    if choice.id == "take":
        taken = OfficerTookCase(*officer)
        return Step(
            replies=(Reply(ctx._(TAKEN, reference=case.reference)),),
            effects=(taken,),
            goto="queue",
            data={**village_data(data)},
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
    *WRITING,
    summary="The village desk's report queue",
)
