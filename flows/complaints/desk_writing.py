"""The desk's writing steps: a reply, a note or a question; a referral; a resolution.

Each typed step reads the case again (``handled_case``) before it writes anything, cancels
cleanly, and refuses a text too short to mean something. A reply, a question, a referral and
a resolution are also queued to the reporter, in the reporter's language.
"""

from __future__ import annotations

from flows.complaints.desk_case import (
    gone_prompt,
    gone_step,
    handled_case,
    notice_for_reporter,
    reporter_status,
    reporter_translations,
    village_data,
)
from flows.complaints.effects import AnswerKind, OfficerAnswered, OfficerChangedStatus
from flows.complaints.notices import CHANGED, QUESTION, REPLY, render
from flows.complaints.ports import CaseRow
from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers import OfficerRole

__all__ = ["NODES", "WRITE"]

TEXT_LIMIT = 3000
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
REFERRED_DETAIL = N_(" Passed on to {to}{their}.")
THEIR = N_(" (their reference {reference})")
RESOLVED_DETAIL = N_(" Outcome: {outcome}")


async def _typed(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> tuple[OfficerRole, CaseRow, str] | Step:
    """The case and the typed text, or the step that ends here (cancelled, gone, too short)."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="case")
    found = await handled_case(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    text = inbound.text.strip()[:TEXT_LIMIT]
    if len(text) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    return (*found, text)


def _done(ctx: Context, data: Data, reply: str, effect: Effect) -> Step:
    return Step(replies=(Reply(reply),), effects=(effect,), goto="queue", data=village_data(data))


async def _ask_write(ctx: Context, data: Data) -> Prompt:
    """Ask for the reply, note or question."""
    if await handled_case(ctx, data) is None:
        return gone_prompt(ctx, data)
    kind = str(data.get("kind", "note"))
    return Prompt(
        replies=(Reply(ctx._(WRITE.get(kind, WRITE["note"]))),),
        choices=(Choice("cancel", ctx._(CANCEL)),),
    )


async def _write(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Save the text; a reply or a question also goes to the reporter."""
    typed = await _typed(ctx, data, inbound, choice)
    if isinstance(typed, Step):
        return typed
    role, case, text = typed
    kind: AnswerKind = "note"
    notice = ""
    if data.get("kind") == "public":
        kind, notice = "public", notice_for_reporter(ctx, case, REPLY, text=text)
    elif data.get("kind") == "question":
        kind, notice = "question", notice_for_reporter(ctx, case, QUESTION, text=text)
    effect = OfficerAnswered(
        ctx.person.channel, ctx.person.external_id, role.village_code, case.id, kind, text, notice
    )
    return _done(ctx, data, ctx._(SAVED[kind], reference=case.reference), effect)


async def _ask_refer(ctx: Context, data: Data) -> Prompt:
    """To whom."""
    found = await handled_case(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
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
    found = await handled_case(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, case = found
    theirs = "" if choice is not None else inbound.text.strip()[:80]
    to = str(data.get("to", ""))
    reporter = reporter_translations(ctx, case)
    their = render(reporter, THEIR, reference=theirs) if theirs else ""
    details = render(reporter, REFERRED_DETAIL, to=to, their=their)
    status = reporter_status(ctx, case, "referred")
    effect = OfficerChangedStatus(
        ctx.person.channel, ctx.person.external_id, role.village_code, case.id, "referred",
        referred_to=to, their_reference=theirs,
        notice=notice_for_reporter(ctx, case, CHANGED, status=status, details=details),
    )  # fmt: skip
    return _done(ctx, data, ctx._(REFERRED, reference=case.reference, to=to), effect)


async def _ask_outcome(ctx: Context, data: Data) -> Prompt:
    """The outcome, for the reporter."""
    if await handled_case(ctx, data) is None:
        return gone_prompt(ctx, data)
    return Prompt(replies=(Reply(ctx._(OUTCOME)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _outcome(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Resolve the case with its outcome and tell the reporter."""
    typed = await _typed(ctx, data, inbound, choice)
    if isinstance(typed, Step):
        return typed
    role, case, outcome = typed
    details = render(reporter_translations(ctx, case), RESOLVED_DETAIL, outcome=outcome)
    status = reporter_status(ctx, case, "resolved")
    effect = OfficerChangedStatus(
        ctx.person.channel, ctx.person.external_id, role.village_code, case.id, "resolved",
        outcome=outcome,
        notice=notice_for_reporter(ctx, case, CHANGED, status=status, details=details),
    )  # fmt: skip
    return _done(ctx, data, ctx._(RESOLVED, reference=case.reference), effect)


_GONE = {"gone": "queue"}

NODES: tuple[Node, ...] = (
    Ask("write", _ask_write, _write, exits={"saved": "queue", "cancel": "case", **_GONE},
        takes_any_text=True),
    Ask("refer", _ask_refer, _refer, exits={"chosen": "their_reference", "cancel": "case"},
        takes_any_text=True),
    Ask("their_reference", _ask_their_reference, _their_reference,
        exits={"referred": "queue", **_GONE}, takes_any_text=True),
    Ask("resolve", _ask_outcome, _outcome,
        exits={"resolved": "queue", "cancel": "case", **_GONE}, takes_any_text=True),
)  # fmt: skip
