"""The desk's verdicts on offers residents sent to check ("cek loker"; nodes of ``jobdesk``).

The village's queue of offers waiting for a check, oldest first; each as it was sent, with
the red flags the bot saw and the agencies it names; then the verdict (legitimate, suspicious,
illegal) with a note, which the resident is told in their own language. Every step reads the
offer again within the village this officer may publish for.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.jobs.cekloker import VERDICT_LABELS
from flows.jobs.content import JobContent
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
from flows.jobs.effects import OfferAnswered, Verdict
from flows.jobs.ports import OfferRow, job_queries
from flows.jobs.render import local_date, translations_for
from flows.officers import OfficerRole

__all__ = ["NODES"]

NO_OFFERS = N_("No offers are waiting for a check in {village}.")
OFFER_LIST = N_("Offers residents sent to check, oldest first ({count} waiting):")
OFFER_ITEM = N_("{reference} · {date} · {flags} flag(s)")
OFFER_DETAIL = N_(
    "{reference} · sent {date}{forwarded}{photo}\n"
    "Red flags seen: {flags}\n"
    "Agencies named: {agencies}\n\n"
    "{text}"
)
FORWARDED = N_(" · forwarded")
PHOTO = N_(" · with a photo")
NONE = N_("none")
LEGIT = N_("✅ Looks legitimate (agency checked)")
SUSPICIOUS = N_("⚠️ Suspicious")
ILLEGAL = N_("⛔ Illegal")
ASK_NOTE = N_("Write a note for the resident: what you checked and what they should do.")
ANSWERED = N_("Verdict on {reference} sent to the resident.")
VERDICT_NOTICE = N_(
    "The village desk checked the job offer you sent ({reference}): {verdict}.\n\n{note}\n\n"
    "In every case: never pay outside the official rules and never hand over your passport."
)
OFFER_GONE = N_("That offer is not in this village's queue.")


async def _offers(ctx: Context, data: Data) -> Prompt:
    """The offers waiting for a verdict, oldest first."""
    role = await desk_role(ctx, data)
    if role is None:
        return refused(ctx, data)
    rows, total = await job_queries(ctx).offer_queue(role.village_code, LIMIT)
    if not rows:
        return Prompt(replies=(Reply(ctx._(NO_OFFERS, village=role.village_name)),), then="menu")
    choices = [
        Choice(f"o:{o.id}", ctx._(OFFER_ITEM, reference=o.reference,
                                  date=local_date(ctx, o.created_at), flags=len(o.flags)))
        for o in rows
    ]  # fmt: skip
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(replies=(Reply(ctx._(OFFER_LIST, count=total)),), choices=tuple(choices))


async def _offers_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open an offer, or go back."""
    if choice is not None and choice.id.startswith("o:") and choice.id[2:].isdigit():
        return Step(goto="offer", data={**village_data(data), "offer": int(choice.id[2:])})
    return Step(goto="menu", data=village_data(data))


async def _offer_of(ctx: Context, data: Data) -> tuple[OfficerRole, OfferRow] | None:
    role = await desk_role(ctx, data)
    offer_id = data.get("offer")
    if role is None or not isinstance(offer_id, int):
        return None
    offer = await job_queries(ctx).offer(role.village_code, offer_id)
    return (role, offer) if offer is not None else None


async def _offer(ctx: Context, data: Data) -> Prompt:
    """The offer as sent, the flags the bot saw, and the verdicts."""
    found = await _offer_of(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(OFFER_GONE)),), then="offers", data=village_data(data))
    _, offer = found
    content = ctx.content.of(JobContent)
    flags = [content.flag(f) for f in offer.flags]
    text = ctx._(
        OFFER_DETAIL,
        reference=offer.reference,
        date=local_date(ctx, offer.created_at),
        forwarded=ctx._(FORWARDED) if offer.forwarded else "",
        photo=ctx._(PHOTO) if offer.has_photo else "",
        flags=", ".join(f.label(ctx.locale) for f in flags if f) or ctx._(NONE),
        agencies=", ".join(offer.agencies) or ctx._(NONE),
        text=offer.text[:2500],
    )
    choices = (
        Choice("legitimate", ctx._(LEGIT)),
        Choice("suspicious", ctx._(SUSPICIOUS)),
        Choice("illegal", ctx._(ILLEGAL)),
        Choice("back", ctx._(BACK)),
    )
    return Prompt(replies=(Reply(text),), choices=choices)


async def _offer_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A verdict leads to its note; back to the queue."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id in VERDICT_LABELS:
        return Step(goto="verdict", data={**data, "verdict": choice.id})
    return Step(goto="offers", data=village_data(data))


async def _ask_note(ctx: Context, data: Data) -> Prompt:
    """The note for the resident."""
    if await _offer_of(ctx, data) is None:
        return Prompt(replies=(Reply(ctx._(OFFER_GONE)),), then="offers", data=village_data(data))
    return Prompt(replies=(Reply(ctx._(ASK_NOTE)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _note(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Record the verdict and tell the resident in their language."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="offer")
    found = await _offer_of(ctx, data)
    verdict = str(data.get("verdict", ""))
    if found is None or verdict not in VERDICT_LABELS:
        return Step(replies=(Reply(ctx._(OFFER_GONE)),), goto="offers", data=village_data(data))
    role, offer = found
    note = inbound.text.strip()[:2000]
    if len(note) < 3:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    theirs = translations_for(ctx, offer.resident_locale)
    notice = (
        theirs.gettext(VERDICT_NOTICE)
        .format(reference=offer.reference, verdict=theirs.gettext(VERDICT_LABELS[verdict]),
                note=note)
    )  # fmt: skip
    kind: Verdict = (
        "legitimate"
        if verdict == "legitimate"
        else "illegal"
        if verdict == "illegal"
        else "suspicious"
    )
    effect: Effect = OfferAnswered(
        ctx.person.channel, ctx.person.external_id, role.village_code, offer.id, kind, note, notice
    )
    said = ctx._(ANSWERED, reference=offer.reference)
    return Step(replies=(Reply(said),), effects=(effect,), goto="offers", data=village_data(data))


NODES: tuple[Node, ...] = (
    Ask("offers", _offers, _offers_chosen, exits={"offer": "offer", "back / none": "menu"}),
    Ask("offer", _offer, _offer_chosen, exits={"verdict": "verdict", "back / gone": "offers"}),
    Ask(
        "verdict",
        _ask_note,
        _note,
        exits={"answered / gone": "offers", "cancel": "offer"},
        takes_any_text=True,
    ),
)
