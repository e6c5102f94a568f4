"""A reporter's own cases (/status): state, latest answer, adding information, withdrawing.

Every step reads the case again as *this person's* case: a case id from an old button, a
forged button or a typed reference of someone else's case shows nothing. A family member who
reported for a worker sees that case, because they reported it, and nothing else of theirs.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.complaints.categories import Categories
from flows.complaints.drafting import evidence_in
from flows.complaints.effects import ComplaintAdded, ComplaintWithdrawn
from flows.complaints.ports import OPEN_STATUSES, CaseRow, complaint_queries
from flows.complaints.states import status_label
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow

__all__ = ["FLOW"]

HOME = "main:menu"
LIST_LIMIT = 6

NONE_YET = N_("You have not reported anything yet. Report a problem with /lapor.")
HEADER = N_("Your reports (newest first). Choose one to see it or add to it:")
LINE = N_("{reference} · {category} · {status}")
NEW_REPORT = N_("📝 Report a problem")
BACK_HOME = N_("🏠 Main menu")
NOT_FOUND = N_("That report is not among yours.")
DETAIL = N_(
    "{reference} · {category}\nStatus: {status}\nSent: {sent}\n\nWhat you reported:\n{description}"
)
LATEST = N_("Latest answer from the village desk:\n{text}")
QUESTION_WAITING = N_("The desk is waiting for your answer to their question above.")
ADD = N_("➕ Add information or evidence")
ANSWER = N_("✍️ Answer the question")
WITHDRAW = N_("↩️ Withdraw the report")
BACK = N_("⬅ My reports")
ASK_ADD = N_(
    "Write what you want to add, or send photos, documents or voice notes. Tap Done when finished."
)
DONE = N_("✅ Done")
ADDED = N_("Added to {reference}. The village desk will see it.")
NOTHING = N_("Please write something or send a file, or tap Done.")
SURE = N_("Withdraw {reference}? The village desk will stop working on it.")
YES_WITHDRAW = N_("Yes, withdraw it")
KEEP = N_("No, keep it")
WITHDRAWN = N_("Report {reference} is withdrawn. You can report again at any time with /lapor.")


def _label(ctx: Context, case: CaseRow) -> str:
    category = ctx.content.of(Categories).get(case.category)
    return category.label(ctx.locale) if category else case.category


async def _mine(ctx: Context, data: Data) -> CaseRow | None:
    case_id = data.get("case")
    if not isinstance(case_id, int):
        return None
    return await complaint_queries(ctx).own_case(ctx.person.id, case_id)


async def _list(ctx: Context, data: Data) -> Prompt:
    """The person's cases, newest first, as buttons."""
    cases = (await complaint_queries(ctx).own_cases(ctx.person.id))[:LIST_LIMIT]
    if not cases:
        empty = (Choice("new", ctx._(NEW_REPORT)), Choice("home", ctx._(BACK_HOME)))
        return Prompt(replies=(Reply(ctx._(NONE_YET)),), choices=empty)
    choices = tuple(
        Choice(
            f"case:{c.id}",
            ctx._(
                LINE,
                reference=c.reference,
                category=_label(ctx, c),
                status=status_label(ctx, c.status),
            ),
        )
        for c in cases
    )
    extra = (Choice("new", ctx._(NEW_REPORT)), Choice("home", ctx._(BACK_HOME)))
    return Prompt(replies=(Reply(ctx._(HEADER)),), choices=(*choices, *extra))


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open one of their cases (a typed reference works too, for their own cases only)."""
    if choice is None:
        typed = inbound.text.strip().upper()
        cases = await complaint_queries(ctx).own_cases(ctx.person.id)
        found = next((c for c in cases if typed and c.reference == typed), None)
        if found is None:
            return Step(replies=(Reply(ctx._(NOT_FOUND)),), reprompt=True)
        return Step(goto="case", data={"case": found.id})
    if choice.id == "new":
        return Step(goto="report:start")
    if choice.id.startswith("case:") and choice.id[5:].isdigit():
        return Step(goto="case", data={"case": int(choice.id[5:])})
    return Step(goto=HOME)


async def _case(ctx: Context, data: Data) -> Prompt:
    """One case: state, what they reported, the desk's latest public answer, what they can do."""
    case = await _mine(ctx, data)
    if case is None:
        return Prompt(replies=(Reply(ctx._(NOT_FOUND)),), then="list", data={})
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    story = case.description if len(case.description) <= 800 else f"{case.description[:800]}…"
    replies = [
        Reply(
            ctx._(
                DETAIL,
                reference=case.reference,
                category=_label(ctx, case),
                status=status_label(ctx, case.status),
                sent=case.created_at.astimezone(zone).strftime("%d-%m-%Y %H:%M"),
                description=story,
            )
        )
    ]
    if case.latest_public:
        replies.append(Reply(ctx._(LATEST, text=case.latest_public)))
    choices: list[Choice] = []
    if case.status in OPEN_STATUSES:
        if case.status == "waiting_reporter":
            replies.append(Reply(ctx._(QUESTION_WAITING)))
            choices.append(Choice("add", ctx._(ANSWER)))
        else:
            choices.append(Choice("add", ctx._(ADD)))
        choices.append(Choice("withdraw", ctx._(WITHDRAW)))
    choices += [Choice("back", ctx._(BACK)), Choice("home", ctx._(BACK_HOME))]
    return Prompt(replies=tuple(replies), choices=tuple(choices))


async def _case_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Add, withdraw, back to the list, or home."""
    if choice is None:
        return Step(reprompt=True)
    targets = {"add": "add", "withdraw": "withdraw", "back": "list"}
    return Step(goto=targets.get(choice.id, HOME))


async def _ask_add(ctx: Context, data: Data) -> Prompt:
    """Text and files, as many messages as they like."""
    if await _mine(ctx, data) is None:
        return Prompt(replies=(Reply(ctx._(NOT_FOUND)),), then="list", data={})
    return Prompt(replies=(Reply(ctx._(ASK_ADD)),), choices=(Choice("done", ctx._(DONE)),))


async def _add(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Each message is added to the case at once (nothing waits in a draft)."""
    case = await _mine(ctx, data)
    if case is None or case.status not in OPEN_STATUSES:
        return Step(replies=(Reply(ctx._(NOT_FOUND)),), goto="list", data={})
    if choice is not None:
        return Step(goto="case")
    text = inbound.text.strip()[:4000]
    files = evidence_in(inbound)
    if not text and not files:
        return Step(replies=(Reply(ctx._(NOTHING)),))
    added = ComplaintAdded(case.id, text, files)
    shown = Reply(ctx._(ADDED, reference=case.reference), choices=(Choice("done", ctx._(DONE)),))
    return Step(replies=(shown,), effects=(added,))


async def _ask_withdraw(ctx: Context, data: Data) -> Prompt:
    """Make sure."""
    case = await _mine(ctx, data)
    if case is None:
        return Prompt(replies=(Reply(ctx._(NOT_FOUND)),), then="list", data={})
    choices = (Choice("yes", ctx._(YES_WITHDRAW)), Choice("no", ctx._(KEEP)))
    return Prompt(replies=(Reply(ctx._(SURE, reference=case.reference)),), choices=choices)


async def _withdraw(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Withdraw their own open case, or keep it."""
    if choice is None:
        return Step(reprompt=True)
    case = await _mine(ctx, data)
    if case is None or case.status not in OPEN_STATUSES:
        return Step(replies=(Reply(ctx._(NOT_FOUND)),), goto="list", data={})
    if choice.id != "yes":
        return Step(goto="case")
    return Step(
        replies=(Reply(ctx._(WITHDRAWN, reference=case.reference)),),
        effects=(ComplaintWithdrawn(case.id),),
        goto=HOME,
        data={},
    )


FLOW = make_flow(
    "cases",
    "list",
    Ask("list", _list, _listed, exits={"case": "case", "new": "report:start", "home": HOME}),
    Ask(
        "case",
        _case,
        _case_action,
        exits={"add": "add", "withdraw": "withdraw", "back": "list", "home": HOME},
    ),
    Ask("add", _ask_add, _add, exits={"done": "case", "gone": "list"}, takes_any_text=True),
    Ask("withdraw", _ask_withdraw, _withdraw, exits={"yes": HOME, "no": "case", "gone": "list"}),
    summary="A reporter's own cases",
)
