"""Cek loker (``/cekloker``): a resident sends a job offer they received to be checked.

They paste it, forward it, or send a flyer photo with a caption (the information capability
also hands over forwarded adverts and links it receives). At once the bot lists the red flags
it can see, each with its reason and source, and it never says that an offer is safe: finding
no flag is not a verdict. The offer goes to the village desk's queue; the officer's verdict
comes back to this chat through the delivery engine, in the resident's language.
"""

from __future__ import annotations

import re

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Say, Step, make_flow
from flows.jobs.content import JobContent
from flows.jobs.effects import OfferSubmitted
from flows.jobs.ports import job_queries
from flows.jobs.redflags import agency_names, destinations_in, red_flags
from flows.jobs.render import local_date

__all__ = ["FLOW", "VERDICT_LABELS", "contacts_in"]

TEXT_LIMIT = 4000
ASK = N_(
    "Send me the job offer you received: paste its text, forward the message here, or send a "
    "photo of the flyer with what it says typed as the caption. I will point out the red flags "
    "I can see and pass it to your village desk to check."
)
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was sent.")
EMPTY = N_("Please paste the offer's text, forward it, or send a photo of it.")
PHOTO_ONLY = N_(
    "I cannot read what is in a photo. Please type the main points (country, job, pay, costs, "
    "agency, contact) as the caption, or the desk will look at the photo."
)
FLAGS_HEAD = N_("🚩 Red flags I can see in this offer:")
FLAG_LINE = N_("🚩 {label}: {reason}")
NO_FLAGS = N_(
    "I do not see the red flags I know in this text. That does NOT mean the offer is safe: many "
    "illegal offers look normal. Wait for the village desk's check."
)
NEVER_SAFE = N_(
    "I never say that an offer is safe. Do not pay anything, do not hand over your passport or "
    "ID card, and do not leave before the village desk has checked it."
)
SENT = N_(
    "I sent it to the {village} desk to check ({reference}). Their answer will come to this chat."
)
NOT_SENT = N_(
    "To have the village desk check it, register your village first (main menu, then "
    '"Register my village") and send the offer again.'
)
ANOTHER = N_("🔍 Check another offer")
MINE = N_("📋 My checked offers")
HOME = N_("🏠 Main menu")
NEXT = N_("What next?")
NO_CHECKS = N_("You have not sent any offer to check yet.")
CHECKS = N_("Offers you sent to check (newest first):")
CHECK_LINE = N_("{reference} · {date} · {state}")
WAITING = N_("waiting for the desk")
VERDICT_LABELS = {
    "legitimate": N_("looks legitimate per the agency check"),
    "suspicious": N_("suspicious"),
    "illegal": N_("illegal"),
}
_CONTACT = re.compile(
    r"(?<!\d)(?:\+62|62|0)8\d{1,3}[ .-]?\d{3,4}[ .-]?\d{2,5}(?!\d)|wa\.me/\S+|t\.me/\S+"
)


def contacts_in(text: str) -> tuple[str, ...]:
    """The recruiter's phone numbers and chat links in an offer (for the office's view)."""
    found = []
    for match in _CONTACT.finditer(text):
        raw = match.group(0)
        found.append(re.sub(r"[ .-]", "", raw) if raw[0] in "+60" else raw)
    return tuple(dict.fromkeys(found))


async def _ask(ctx: Context, data: Data) -> Prompt:
    """Ask for the offer, unless it was handed over already (a forwarded advert)."""
    if data.get("offer") or data.get("photo"):
        return Prompt(replies=(), then="check")
    return Prompt(replies=(Reply(ctx._(ASK)),), choices=(Choice("cancel", ctx._(CANCEL)),), data={})


async def _offered(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the offer (text, caption, photo) and check it."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="main:menu")
    photo = next((a.file_id for a in inbound.attachments if a.kind == "photo" and a.file_id), "")
    text = inbound.text.strip()[:TEXT_LIMIT]
    if not text and not photo:
        return Step(replies=(Reply(ctx._(EMPTY)),))
    return Step(
        goto="check",
        data={"offer": text, "photo": photo or "", "forwarded": bool(inbound.forwarded)},
    )


async def _check(ctx: Context, data: Data) -> Prompt:
    """The red flags at once, the standing warning, and the offer to the desk's queue."""
    text = str(data.get("offer", ""))[:TEXT_LIMIT]
    photo = str(data.get("photo", ""))
    content = ctx.content.of(JobContent)
    village = ctx.person.village
    known = await job_queries(ctx).known_agencies(village.code[:4]) if village else []
    findings = red_flags(content, text, known, ctx.locale) if text else ()
    replies = []
    if findings:
        lines = [ctx._(FLAGS_HEAD)]
        lines += [ctx._(FLAG_LINE, label=f.label, reason=f.reason) for f in findings]
        replies.append(Reply("\n\n".join(lines)))
    elif text:
        replies.append(Reply(ctx._(NO_FLAGS)))
    else:
        replies.append(Reply(ctx._(PHOTO_ONLY)))
    replies.append(Reply(ctx._(NEVER_SAFE)))
    effects = []
    if village is not None:
        reference = ctx.new_reference("CEK")
        effects.append(
            OfferSubmitted(
                reference=reference,
                village_code=village.code,
                text=text,
                photo_file_id=photo,
                forwarded=bool(data.get("forwarded")),
                flags=tuple(f.flag for f in findings),
                agencies=agency_names(text),
                countries=tuple(c.id for c in destinations_in(content, text)),
                contacts=contacts_in(text),
            )
        )
        replies.append(Reply(ctx._(SENT, village=village.name, reference=reference)))
    else:
        replies.append(Reply(ctx._(NOT_SENT)))
    return Prompt(replies=tuple(replies), effects=tuple(effects), data={})


async def _next(ctx: Context, data: Data) -> Prompt:
    """Another check, the person's checks, or home."""
    return Prompt(
        replies=(Reply(ctx._(NEXT)),),
        choices=(
            Choice("again", ctx._(ANOTHER)),
            Choice("mine", ctx._(MINE)),
            Choice("home", ctx._(HOME)),
        ),
    )


async def _next_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go where chosen; a new offer pasted here is checked too."""
    if choice is None:
        if inbound.text.strip() or inbound.attachments:
            return await _offered(ctx, {}, inbound, None)
        return Step(reprompt=True)
    targets = {"again": "start", "mine": "mine"}
    return Step(goto=targets.get(choice.id, "main:menu"), data={})


async def _mine(ctx: Context, data: Data) -> Prompt:
    """The offers this person sent and the desk's verdicts."""
    rows = await job_queries(ctx).my_offers(ctx.person.id, 8)
    if not rows:
        return Prompt(replies=(Reply(ctx._(NO_CHECKS)),), then="next")
    lines = [ctx._(CHECKS)]
    for row in rows:
        label = VERDICT_LABELS.get(row.verdict, WAITING)
        when = local_date(ctx, row.created_at)
        line = ctx._(CHECK_LINE, reference=row.reference, date=when, state=ctx._(label))
        if row.verdict_note:
            line = f"{line}\n   {row.verdict_note[:300]}"
        lines.append(line)
    return Prompt(replies=(Reply("\n".join(lines)),), then="next")


FLOW = make_flow(
    "cekloker",
    "start",
    Ask(
        "start",
        _ask,
        _offered,
        exits={"offer": "check", "handed over": "check", "cancel": "main:menu"},
        takes_any_text=True,
    ),
    Say("check", _check, next="next"),
    Ask(
        "next",
        _next,
        _next_chosen,
        exits={"again": "start", "mine": "mine", "pasted": "check", "home": "main:menu"},
    ),
    Say("mine", _mine, next="next"),
    summary="Cek loker: check a job offer someone received",
)
