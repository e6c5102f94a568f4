"""The middle of a report: who is affected and where, what happened, evidence, contact, name.

Each answer is kept in the draft (``next_step``), so a report left here resumes here. The
story and the evidence take any number of messages; someone who describes danger while
writing is shown the emergency contacts at once, and the report goes on.
"""

from __future__ import annotations

from typing import Any

from flows.complaints.drafting import (
    MAX_EVIDENCE,
    evidence_in,
    next_step,
    saved,
    translated,
)
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.information import emergency_help, sounds_like_danger

__all__ = ["NODES", "RELATIONS"]

MAX_DESCRIPTION = 8000
MAX_FIELD = 200
COUNTRIES = ("Hong Kong", "Taiwan", "Malaysia", "Singapura", "Arab Saudi", "Korea Selatan")
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


# --- who and where ----------------------------------------------------------------------------


async def _ask_who(ctx: Context, data: Data) -> Prompt:
    """Me, or a family member abroad."""
    choices = translated(ctx, Choice("self", ME), Choice("family", FAMILY))
    return Prompt(replies=(Reply(ctx._(WHO)),), choices=choices)


async def _who(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Family members need a name and relation; for oneself, on to where."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "family":
        return next_step(data, "name", who="family")
    return next_step(data, "country", who="self", name="", relation="")


async def _ask_name(ctx: Context, data: Data) -> Prompt:
    """The family member's name."""
    return Prompt(replies=(Reply(ctx._(NAME)),))


async def _name(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep a name of sensible length."""
    name = " ".join(inbound.text.split())[:MAX_FIELD]
    if len(name) < 2:
        return Step(reprompt=True)
    return next_step(data, "relation", name=name)


async def _ask_relation(ctx: Context, data: Data) -> Prompt:
    """How the reporter is related."""
    choices = tuple(Choice(key, ctx._(label)) for key, label in RELATIONS.items())
    return Prompt(replies=(Reply(ctx._(RELATION)),), choices=choices)


async def _relation(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the relation."""
    if choice is None:
        return Step(reprompt=True)
    return next_step(data, "country", relation=choice.id)


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
    return next_step(data, "city", country=country)


async def _ask_city(ctx: Context, data: Data) -> Prompt:
    """The city, or skip."""
    return Prompt(replies=(Reply(ctx._(CITY)),), choices=translated(ctx, Choice("skip", SKIP)))


async def _city(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the city (or nothing)."""
    city = "" if choice is not None else " ".join(inbound.text.split())[:MAX_FIELD]
    return next_step(data, "employer", city=city)


async def _ask_employer(ctx: Context, data: Data) -> Prompt:
    """The employer or agency, or skip."""
    return Prompt(replies=(Reply(ctx._(EMPLOYER)),), choices=translated(ctx, Choice("skip", SKIP)))


async def _employer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the employer or agency (or nothing)."""
    employer = "" if choice is not None else " ".join(inbound.text.split())[:MAX_FIELD]
    return next_step(data, "describe", employer=employer, description="")


# --- what happened and evidence ---------------------------------------------------------------


async def _ask_description(ctx: Context, data: Data) -> Prompt:
    """Their own words, in as many messages as they need."""
    return Prompt(replies=(Reply(ctx._(DESCRIBE)),), choices=translated(ctx, Choice("done", DONE)))


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
        return next_step(data, "evidence")
    text = inbound.text.strip()
    evidence = _with_evidence(data, inbound)
    if not text and len(evidence) == len(data.get("evidence", [])):
        return Step(replies=(Reply(ctx._(EMPTY)),))
    story = f"{story}\n{text}".strip() if text else story
    replies: list[Reply] = []
    helped = bool(data.get("helped"))
    if text and not helped and sounds_like_danger(ctx, text):  # once per report is enough
        replies.extend(emergency_help(ctx))
        helped = True
    if len(story) > MAX_DESCRIPTION:
        story = story[:MAX_DESCRIPTION]
        replies.append(Reply(ctx._(TOO_LONG)))
    else:
        replies.append(Reply(ctx._(DESCRIBE_MORE)))
    done = translated(ctx, Choice("done", DONE))
    replies[-1] = Reply(replies[-1].text, choices=done)  # the keyboard stays with the last one
    new = {**data, "description": story, "evidence": evidence, "helped": helped}
    return Step(replies=tuple(replies), data=new, effects=(saved(new, "describe"),))


async def _ask_evidence(ctx: Context, data: Data) -> Prompt:
    """Files, as many as they have."""
    choices = translated(ctx, Choice("done", DONE), Choice("skip", SKIP))
    return Prompt(replies=(Reply(ctx._(EVIDENCE)),), choices=choices)


async def _evidence(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep each file (its Telegram id; storage fetches a copy); Done or Skip moves on."""
    if choice is not None:
        return next_step(data, "contact")
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
                choices=translated(ctx, Choice("done", DONE), Choice("skip", SKIP)),
            ),
        ),
        data=new,
        effects=(saved(new, "evidence"),),
    )


# --- contact and disclosure -------------------------------------------------------------------


async def _ask_contact(ctx: Context, data: Data) -> Prompt:
    """This chat, or another number."""
    choices = translated(ctx, Choice("chat", THIS_CHAT), Choice("number", OTHER_NUMBER))
    return Prompt(replies=(Reply(ctx._(CONTACT)),), choices=choices)


async def _contact(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """This chat goes on; another number is asked for."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "number":
        return next_step(data, "number")
    return next_step(data, "disclose", contact="")


async def _ask_number(ctx: Context, data: Data) -> Prompt:
    """The other phone number."""
    return Prompt(replies=(Reply(ctx._(ASK_NUMBER)),))


async def _number(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep a number that looks like one."""
    typed = inbound.text.strip()
    digits = [c for c in typed if c.isdigit()]
    if not 7 <= len(digits) <= 16 or any(c.isalpha() for c in typed):
        return Step(replies=(Reply(ctx._(BAD_NUMBER)),))
    return next_step(data, "disclose", contact=typed[:40])


async def _ask_disclosure(ctx: Context, data: Data) -> Prompt:
    """Whether their name may be passed on."""
    choices = translated(ctx, Choice("named", NAMED), Choice("anonymous", ANONYMOUS))
    return Prompt(replies=(Reply(ctx._(DISCLOSE)),), choices=choices)


async def _disclosure(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the choice."""
    if choice is None:
        return Step(reprompt=True)
    return next_step(data, "confirm", disclosure=choice.id)


NODES: tuple[Node, ...] = (
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
)
