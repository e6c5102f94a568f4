"""The desk's management of published job notices (nodes of ``jobdesk``).

The village's notices, open first; each with its counts, the residents interested in it (and
a message to them through the bot), edits of the fields that may change while it is open, and
closing (filled) or withdrawing it with a reason, which the interested residents are told in
their own language. Every step reads the notice again within the village this officer may
publish for, so a forged button or a guessed id shows nothing.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.jobs.desk_common import (
    BACK,
    CANCEL,
    CANCELLED,
    LIMIT,
    TOO_SHORT,
    desk_role,
    refused,
    village_data,
)
from flows.jobs.effects import EDITABLE, InterestedMessaged, NoticeClosed, NoticeEdited
from flows.jobs.ports import NoticeRow, job_queries
from flows.jobs.publish import parse_deadline, parse_salary
from flows.jobs.render import STATUS_LABELS, local_date, notice_text, translations_for
from flows.officers import OfficerRole

__all__ = ["NODES"]

NO_NOTICES = N_("{village} has not published any job notice yet.")
LIST = N_("Notices of {village}, open first:")
ITEM = N_("{reference} · {job} · {status} · {interested} interested")
GONE = N_("That notice is not in this village's list.")
COUNTS = N_("\n\nInterested: {interested} · subscribers told: {notified}{reason}")
REASON = N_(" · reason: {reason}")
SHOW_INTERESTED = N_("👥 Interested ({count})")
WRITE = N_("✉️ Write to the interested")
EDIT = N_("✏️ Edit")
CLOSE = N_("🔒 Close (filled)")
WITHDRAW = N_("🚫 Withdraw")
NOBODY = N_("Nobody is interested in {reference} yet.")
INTERESTED_LIST = N_("Interested in {reference}:")
INTERESTED_LINE = N_("{n}. {name} ({village}) since {date}")
ASK_MESSAGE = N_(
    "Write the message the interested residents will get from the village desk (for example, "
    "when to come to the desk)."
)
MESSAGED = N_("Your message to the people interested in {reference} is being sent.")
WHICH_FIELD = N_("Which part of {reference} do you want to change?")
FIELD_LABELS = {
    "requirements": N_("Requirements"),
    "salary": N_("Pay"),
    "openings": N_("Openings"),
    "cost": N_("Cost to the worker"),
    "deadline": N_("Deadline"),
    "apply_details": N_("Where and when to apply"),
}
ASK_VALUE = N_("Type the new value for {field}.")
EDITED = N_("{reference} is updated.")
BAD_VALUE = N_("That value does not fit. Please try again.")
ASK_REASON = {
    "closed": N_("Why is {reference} closed (for example: all openings filled)?"),
    "withdrawn": N_(
        "Why is {reference} withdrawn (for example: the agency's licence is not valid)?"
    ),
}
DONE = {
    "closed": N_("{reference} is closed. The interested residents are told."),
    "withdrawn": N_("{reference} is withdrawn. The interested residents are told."),
}
TOLD = {
    "closed": N_("The job notice {reference} ({job}) is closed: {reason}"),
    "withdrawn": N_(
        "The job notice {reference} ({job}) was withdrawn by the village desk: {reason}. Do not "
        "pay anyone for it."
    ),
}


async def _list(ctx: Context, data: Data) -> Prompt:
    """The village's notices, open first."""
    role = await desk_role(ctx, data)
    if role is None:
        return refused(ctx, data)
    notices = await job_queries(ctx).village_notices(role.village_code, ctx.now)
    if not notices:
        return Prompt(replies=(Reply(ctx._(NO_NOTICES, village=role.village_name)),), then="menu")
    choices = [
        Choice(
            f"n:{n.id}",
            ctx._(
                ITEM,
                reference=n.reference,
                job=n.job_title[:30],
                status=ctx._(STATUS_LABELS.get(n.status, n.status)),
                interested=n.interested,
            ),
        )
        for n in notices[: LIMIT + 1]
    ]
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(replies=(Reply(ctx._(LIST, village=role.village_name)),), choices=tuple(choices))


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a notice, or go back."""
    if choice is not None and choice.id.startswith("n:") and choice.id[2:].isdigit():
        return Step(goto="notice", data={**village_data(data), "notice": int(choice.id[2:])})
    return Step(goto="menu", data=village_data(data))


async def _notice_of(ctx: Context, data: Data) -> tuple[OfficerRole, NoticeRow] | None:
    """The notice in data, read again within the village this officer may publish for."""
    role = await desk_role(ctx, data)
    notice_id = data.get("notice")
    if role is None or not isinstance(notice_id, int):
        return None
    for notice in await job_queries(ctx).village_notices(role.village_code, ctx.now):
        if notice.id == notice_id:
            return role, notice
    return None


async def _notice(ctx: Context, data: Data) -> Prompt:
    """One notice with its counts and what the officer can do."""
    found = await _notice_of(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data=village_data(data))
    _, notice = found
    reason = ctx._(REASON, reason=notice.status_reason) if notice.status_reason else ""
    counts = ctx._(COUNTS, interested=notice.interested, notified=notice.notified, reason=reason)
    choices = [Choice("interested", ctx._(SHOW_INTERESTED, count=notice.interested))]
    if notice.status == "open":
        choices += [
            Choice("write", ctx._(WRITE)),
            Choice("edit", ctx._(EDIT)),
            Choice("closed", ctx._(CLOSE)),
            Choice("withdrawn", ctx._(WITHDRAW)),
        ]
    choices.append(Choice("back", ctx._(BACK)))
    text = notice_text(ctx, notice, safety=False) + counts
    return Prompt(replies=(Reply(text),), choices=tuple(choices))


async def _noticed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go to what was chosen for this notice."""
    if choice is None:
        return Step(reprompt=True)
    targets = {
        "interested": "interested",
        "write": "write",
        "edit": "edit",
        "closed": "close",
        "withdrawn": "close",
    }
    target = targets.get(choice.id)
    if target is None:
        return Step(goto="list", data=village_data(data))
    return Step(goto=target, data={**data, "status": choice.id})


async def _interested(ctx: Context, data: Data) -> Prompt:
    """Who is interested (names as they show them in Telegram, their village, since when)."""
    found = await _notice_of(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data=village_data(data))
    role, notice = found
    people = await job_queries(ctx).interested(role.village_code, notice.id)
    if not people:
        return Prompt(replies=(Reply(ctx._(NOBODY, reference=notice.reference)),), then="notice")
    lines = [ctx._(INTERESTED_LIST, reference=notice.reference)]
    lines += [
        ctx._(INTERESTED_LINE, n=i, name=p.name, village=p.village_name,
              date=local_date(ctx, p.since))
        for i, p in enumerate(people[:50], start=1)
    ]  # fmt: skip
    return Prompt(replies=(Reply("\n".join(lines)),), then="notice")


async def _ask_text(ctx: Context, data: Data) -> Prompt:
    """Ask for the message to the interested."""
    if await _notice_of(ctx, data) is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data=village_data(data))
    return Prompt(replies=(Reply(ctx._(ASK_MESSAGE)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _write(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send the message to everyone still interested (through the delivery engine)."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="notice")
    found = await _notice_of(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data=village_data(data))
    role, notice = found
    text = inbound.text.strip()[:3000]
    if len(text) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    effect = InterestedMessaged(
        ctx.person.channel, ctx.person.external_id, role.village_code, notice.id, text
    )
    said = ctx._(MESSAGED, reference=notice.reference)
    return Step(replies=(Reply(said),), effects=(effect,), goto="notice")


async def _edit(ctx: Context, data: Data) -> Prompt:
    """Which field to change."""
    found = await _notice_of(ctx, data)
    if found is None or found[1].status != "open":
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data=village_data(data))
    choices = tuple(Choice(k, ctx._(FIELD_LABELS[k])) for k in EDITABLE)
    text = ctx._(WHICH_FIELD, reference=found[1].reference)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("cancel", ctx._(CANCEL))))


async def _edit_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Ask for the new value of the chosen field."""
    if choice is None or choice.id not in EDITABLE:
        return Step(goto="notice")
    return Step(goto="edit_value", data={**data, "field": choice.id})


async def _ask_value(ctx: Context, data: Data) -> Prompt:
    """Ask for the new value."""
    label = FIELD_LABELS.get(str(data.get("field")), FIELD_LABELS["requirements"])
    return Prompt(
        replies=(Reply(ctx._(ASK_VALUE, field=ctx._(label))),),
        choices=(Choice("cancel", ctx._(CANCEL)),),
    )


def _checked_value(ctx: Context, field: str, text: str) -> str | None:
    """The value as storage keeps it, or None when it does not fit the field."""
    if field == "openings":
        return text if text.isdecimal() and 1 <= int(text) <= 10000 else None
    if field == "salary":
        parsed = parse_salary(text)
        return f"{parsed[0]} {parsed[1]}" if parsed else None
    if field == "deadline":
        at = parse_deadline(ctx, text)
        return at.isoformat() if at else None
    return text if len(text) >= 3 else None


async def _value(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Change the field."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="notice")
    found = await _notice_of(ctx, data)
    field = str(data.get("field", ""))
    if found is None or field not in EDITABLE:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data=village_data(data))
    role, notice = found
    value = _checked_value(ctx, field, " ".join(inbound.text.split())[:1500])
    if value is None:
        return Step(replies=(Reply(ctx._(BAD_VALUE)),))
    effect = NoticeEdited(
        ctx.person.channel, ctx.person.external_id, role.village_code, notice.id, field, value
    )
    return Step(
        replies=(Reply(ctx._(EDITED, reference=notice.reference)),),
        effects=(effect,),
        goto="notice",
    )


async def _ask_reason(ctx: Context, data: Data) -> Prompt:
    """Why it is closed or withdrawn."""
    found = await _notice_of(ctx, data)
    if found is None or found[1].status != "open":
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data=village_data(data))
    status = "withdrawn" if data.get("status") == "withdrawn" else "closed"
    text = ctx._(ASK_REASON[status], reference=found[1].reference)
    return Prompt(replies=(Reply(text),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _reason(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Close or withdraw, and tell the interested in their language."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="notice")
    found = await _notice_of(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data=village_data(data))
    role, notice = found
    reason = " ".join(inbound.text.split())[:500]
    if len(reason) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    status = "withdrawn" if data.get("status") == "withdrawn" else "closed"
    texts = {
        locale: translations_for(ctx, locale)
        .gettext(TOLD[status])
        .format(reference=notice.reference, job=notice.job_title, reason=reason)
        for locale in ctx.available_locales
    }
    effect = NoticeClosed(
        ctx.person.channel,
        ctx.person.external_id,
        role.village_code,
        notice.id,
        "withdrawn" if status == "withdrawn" else "closed",
        reason,
        texts,
    )
    said = ctx._(DONE[status], reference=notice.reference)
    return Step(replies=(Reply(said),), effects=(effect,), goto="list", data=village_data(data))


_GONE = {"gone": "list"}

NODES: tuple[Node, ...] = (
    Ask("list", _list, _listed, exits={"notice": "notice", "back / none": "menu"}),
    Ask(
        "notice",
        _notice,
        _noticed,
        exits={
            "interested": "interested",
            "write": "write",
            "edit": "edit",
            "close / withdraw": "close",
            "back / gone": "list",
        },
    ),
    Ask("interested", _interested, _noticed, exits={"": "notice", **_GONE}),
    Ask(
        "write",
        _ask_text,
        _write,
        exits={"sent / cancel": "notice", **_GONE},
        takes_any_text=True,
    ),
    Ask("edit", _edit, _edit_chosen, exits={"field": "edit_value", "cancel": "notice", **_GONE}),
    Ask(
        "edit_value",
        _ask_value,
        _value,
        exits={"saved / cancel": "notice", **_GONE},
        takes_any_text=True,
    ),
    Ask(
        "close",
        _ask_reason,
        _reason,
        exits={"closed": "list", "cancel": "notice"},
        takes_any_text=True,
    ),
)
