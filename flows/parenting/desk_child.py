"""The parenting desk's steps on one child: updates, link codes, consent, restrictions, removal.

Every step reads the child again within the village acted for (``managed_child``). An update
goes to the linked parents through the delivery engine, in each parent's own time zone and
waking hours; photos go only with the caregiver's consent, and only to the linked parents.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.parenting.common import RELATION_NAMES
from flows.parenting.desk_common import by_officer, gone_prompt, gone_step, managed_child
from flows.parenting.effects import (
    ChildLinkCodeCreated,
    ChildRemoved,
    ChildRestrictionRecorded,
    ChildUpdatePosted,
    PhotoConsentGiven,
)
from flows.parenting.notices import UPDATE
from flows.parenting.ports import ChildRow
from flows.parenting.templates import Templates

__all__ = ["CODE_VALID_FOR", "MAX_PHOTOS", "NODES", "child_action", "child_choices"]

#: How long a link code works (and it works once).
CODE_VALID_FOR = timedelta(hours=72)
MAX_PHOTOS = 3
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud

WRITE = N_("✍️ Write an update")
CODE = N_("🔗 Link code")
CONSENT_ON = N_("📷 Caregiver agreed to photos")
CONSENT_OFF = N_("📷 Caregiver withdrew photo consent")
RESTRICT = N_("⛔ Record a restriction")
REVOKE = N_("🚫 Revoke a link code")
LIFT = N_("✅ Lift a restriction")
REMOVE = N_("🗑 Remove the child")
BACK = N_("⬅ Back")
CANCEL = N_("❌ Cancel")
CONSENT_SAVED = N_("Saved (recorded at the desk on the caregiver's behalf).")
ASK_TOPIC = N_("What is the update about?")
ASK_TEXT = N_(
    "Write the update for {name}'s parents. You can start from this:\n\n{start}\n\n"
    "Write only what the family may read; no other child's name."
)
ASK_PHOTOS = N_("Send up to {limit} photos, then tap Done (or Done without photos).")
NO_PHOTOS = N_("The caregiver has not agreed to photos: this update is text only.")
PHOTO_KEPT = N_("Photo {count} of {limit} kept.")
PHOTO_LIMIT = N_("That is the most photos an update can have.")
DONE = N_("✅ Done")
PREVIEW = N_("The parents of {name} will read:\n\n{text}\n\n{photos} photo(s). Send it?")
SEND = N_("📤 Send")
POSTED = N_(
    "Sent to {count} linked parent(s). Each gets it in their own daytime (never 21:00–06:00 "
    "their time)."
)
CANCELLED = N_("Cancelled; nothing was sent.")
TOO_SHORT = N_("Please write a little more.")
ASK_RELATION = N_("Who is the code for?")
CODE_MADE = N_(
    "One-time code for the {relation} of {name}: {code}\nIt works once, until {until} "
    "(village time). Give it only to that person, in person or by phone.{link}"
)
LINK = N_("\nOr they open: {url}")
BLOCKED = N_("A restriction blocks links as {relation}: no code was made.")
ASK_RESTRICT = N_("Which link does the restriction block?")
ASK_KIND = N_("What kind of restriction?")
COURT = N_("Court order")
FAMILY = N_("Family agreement")
ASK_NOTE = N_("A short note (the document's number or who agreed), for the record:")
RESTRICTED = N_("Recorded. Nobody can be linked as {relation}; any such link has ended.")
SURE_REMOVE = N_(
    "Remove {name} from the programme? Their record, updates and photos are deleted and the "
    "parents are unlinked. This cannot be undone."
)
YES_REMOVE = N_("Yes, remove")
REMOVED = N_("Removed. {name}'s record, updates and photos are deleted.")


def child_choices(ctx: Context, child: ChildRow) -> tuple[Choice, ...]:
    """What a facilitator can do with one child."""
    consent = CONSENT_OFF if child.photo_consent else CONSENT_ON
    lift = (Choice("lift", ctx._(LIFT)),) if child.restricted else ()
    return (
        Choice("update", ctx._(WRITE)),
        Choice("code", ctx._(CODE)),
        Choice("revoke", ctx._(REVOKE)),
        Choice("consent", ctx._(consent)),
        Choice("restrict", ctx._(RESTRICT)),
        *lift,
        Choice("remove", ctx._(REMOVE)),
        Choice("back", ctx._(BACK)),
    )


def _child_data(data: Data) -> dict[str, object]:
    return {"village": data.get("village", ""), "child": data.get("child")}


async def child_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go to the chosen action; consent is recorded at once."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child = found
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "consent":
        effect = PhotoConsentGiven(child.id, not child.photo_consent, **by_officer(ctx, role))
        return Step(replies=(Reply(ctx._(CONSENT_SAVED)),), effects=(effect,), reprompt=True)
    targets = {"update": "topic", "code": "code", "revoke": "codes", "restrict": "restrict",
               "lift": "lifts", "remove": "remove"}  # fmt: skip
    target = targets.get(choice.id)
    if target is None:
        return Step(goto="home", data={"village": data.get("village", "")})
    return Step(goto=target, data=_child_data(data))


async def _ask_topic(ctx: Context, data: Data) -> Prompt:
    """The templates, as buttons."""
    if await managed_child(ctx, data) is None:
        return gone_prompt(ctx, data)
    templates = ctx.content.of(Templates).items
    choices = tuple(Choice(f"t:{t.id}", t.label(ctx.locale)) for t in templates)
    return Prompt(
        replies=(Reply(ctx._(ASK_TOPIC)),), choices=(*choices, Choice("cancel", ctx._(CANCEL)))
    )


async def _topic(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the topic."""
    if choice is None or not choice.id.startswith("t:"):
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="child", data=_child_data(data))
    return Step(goto="text", data={**_child_data(data), "topic": choice.id[2:]})


async def _ask_text(ctx: Context, data: Data) -> Prompt:
    """The template's start, for the facilitator to complete."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    template = ctx.content.of(Templates).get(str(data.get("topic", "")))
    start = template.text(ctx.locale, found[1].name) if template else ""
    text = ctx._(ASK_TEXT, name=found[1].name, start=start)
    return Prompt(replies=(Reply(text),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _text(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the text; photos next when the caregiver agreed to them."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="child", data=_child_data(data))
    text = inbound.text.strip()[:3000]
    if len(text) < 5:
        return Step(replies=(Reply(ctx._(TOO_SHORT)),))
    kept = {**data, "text": text, "photos": []}
    if not found[1].photo_consent:
        return Step(replies=(Reply(ctx._(NO_PHOTOS)),), goto="preview", data=kept)
    return Step(goto="photos", data=kept)


async def _ask_photos(ctx: Context, data: Data) -> Prompt:
    """Up to a few photos."""
    if await managed_child(ctx, data) is None:
        return gone_prompt(ctx, data)
    text = ctx._(ASK_PHOTOS, limit=str(MAX_PHOTOS))
    return Prompt(replies=(Reply(text),), choices=(Choice("done", ctx._(DONE)),))


async def _photo(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep each photo's file id (only photos; at most MAX_PHOTOS)."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    photos = [str(p) for p in data.get("photos", [])]
    if choice is not None:
        return Step(goto="preview")
    new = [a.file_id for a in inbound.attachments if a.kind == "photo" and a.file_id]
    if not new:
        return Step(reprompt=True)
    if len(photos) + len(new) > MAX_PHOTOS:
        return Step(replies=(Reply(ctx._(PHOTO_LIMIT)),), goto="preview")
    photos += new
    kept = ctx._(PHOTO_KEPT, count=str(len(photos)), limit=str(MAX_PHOTOS))
    done = (Choice("done", ctx._(DONE)),)
    return Step(replies=(Reply(kept, choices=done),), data={**data, "photos": photos})


async def _preview(ctx: Context, data: Data) -> Prompt:
    """What the parents will read."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    written = str(data.get("text", ""))
    text = ctx._(PREVIEW, name=found[1].name, text=written,
                 photos=str(len(data.get("photos", []))))  # fmt: skip
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("send", ctx._(SEND)), Choice("cancel", ctx._(CANCEL))),
    )


async def _send(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Post the update (photos dropped if consent was withdrawn meanwhile)."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child = found
    if choice is None or choice.id != "send":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="child", data=_child_data(data))
    text = str(data.get("text", ""))
    photos = tuple(str(p) for p in data.get("photos", [])) if child.photo_consent else ()
    effect = ChildUpdatePosted(
        **by_officer(ctx, role), child_id=child.id, topic=str(data.get("topic", "other")),
        text=text, photos=photos, written_at=ctx.now,
        notices=ctx.in_every_locale(UPDATE, name=child.name, text=text),
    )  # fmt: skip
    parents = sum(
        1 for link in child.links if link.status == "active" and link.relation != "caregiver"
    )
    reply = Reply(ctx._(POSTED, count=str(parents)))
    return Step(replies=(reply,), effects=(effect,), goto="child", data=_child_data(data))


def _relation_choices(ctx: Context) -> tuple[Choice, ...]:
    relations = ("mother", "father", "guardian", "caregiver")
    return tuple(Choice(f"r:{r}", ctx._(RELATION_NAMES[r])) for r in relations)


async def _ask_code(ctx: Context, data: Data) -> Prompt:
    """Whom the code is for."""
    if await managed_child(ctx, data) is None:
        return gone_prompt(ctx, data)
    choices = (*_relation_choices(ctx), Choice("cancel", ctx._(CANCEL)))
    return Prompt(replies=(Reply(ctx._(ASK_RELATION)),), choices=choices)


async def _code(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A fresh one-time code, unless a restriction blocks that relation."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child = found
    if choice is None or not choice.id.startswith("r:"):
        return Step(goto="child", data=_child_data(data))
    relation = choice.id[2:]
    named = ctx._(RELATION_NAMES.get(relation, relation))
    if relation in child.restricted:
        return Step(replies=(Reply(ctx._(BLOCKED, relation=named)),), goto="child",
                    data=_child_data(data))  # fmt: skip
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    until = ctx.now + CODE_VALID_FOR
    url = ctx.link_for(f"anak-{code}")
    from zoneinfo import ZoneInfo

    text = ctx._(
        CODE_MADE, relation=named, name=child.name, code=code,
        until=until.astimezone(ZoneInfo(child.timezone)).strftime("%d-%m-%Y %H:%M"),
        link=ctx._(LINK, url=url) if url else "",
    )  # fmt: skip
    effect = ChildLinkCodeCreated(**by_officer(ctx, role), child_id=child.id, code=code,
                                  relation=relation, expires_at=until)  # type: ignore[arg-type]  # fmt: skip
    return Step(replies=(Reply(text),), effects=(effect,), goto="child", data=_child_data(data))


async def _ask_restrict(ctx: Context, data: Data) -> Prompt:
    """Which relation the restriction blocks."""
    if await managed_child(ctx, data) is None:
        return gone_prompt(ctx, data)
    choices = (*_relation_choices(ctx)[:3], Choice("cancel", ctx._(CANCEL)))
    return Prompt(replies=(Reply(ctx._(ASK_RESTRICT)),), choices=choices)


async def _restrict(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the relation."""
    if choice is None or not choice.id.startswith("r:"):
        return Step(goto="child", data=_child_data(data))
    return Step(goto="kind", data={**_child_data(data), "relation": choice.id[2:]})


async def _ask_kind(ctx: Context, data: Data) -> Prompt:
    """Court order or family agreement."""
    if await managed_child(ctx, data) is None:
        return gone_prompt(ctx, data)
    choices = (Choice("court_order", ctx._(COURT)), Choice("family_agreement", ctx._(FAMILY)),
               Choice("cancel", ctx._(CANCEL)))  # fmt: skip
    return Prompt(replies=(Reply(ctx._(ASK_KIND)),), choices=choices)


async def _kind(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the kind."""
    if choice is None or choice.id not in ("court_order", "family_agreement"):
        return Step(goto="child", data=_child_data(data))
    return Step(goto="note", data={**data, "kind": choice.id})


async def _ask_note(ctx: Context, data: Data) -> Prompt:
    """A note for the record."""
    if await managed_child(ctx, data) is None:
        return gone_prompt(ctx, data)
    return Prompt(replies=(Reply(ctx._(ASK_NOTE)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _note(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Record the restriction (links of that relation end at once)."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child = found
    relation = str(data.get("relation", ""))
    if choice is not None or relation not in RELATION_NAMES:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="child", data=_child_data(data))
    effect = ChildRestrictionRecorded(
        **by_officer(ctx, role), child_id=child.id, relation=relation,  # type: ignore[arg-type]
        kind=str(data.get("kind")), note=inbound.text.strip()[:500],  # type: ignore[arg-type]
    )  # fmt: skip
    named = ctx._(RELATION_NAMES[relation])
    return Step(replies=(Reply(ctx._(RESTRICTED, relation=named)),), effects=(effect,),
                goto="child", data=_child_data(data))  # fmt: skip


async def _ask_remove(ctx: Context, data: Data) -> Prompt:
    """Make sure."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    choices = (Choice("yes", ctx._(YES_REMOVE)), Choice("cancel", ctx._(CANCEL)))
    return Prompt(replies=(Reply(ctx._(SURE_REMOVE, name=found[1].name)),), choices=choices)


async def _remove(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Remove the child and everything about them."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    role, child = found
    if choice is None or choice.id != "yes":
        return Step(goto="child", data=_child_data(data))
    effect = ChildRemoved(**by_officer(ctx, role), child_id=child.id)
    return Step(replies=(Reply(ctx._(REMOVED, name=child.name)),), effects=(effect,),
                goto="home", data={"village": data.get("village", "")})  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("topic", _ask_topic, _topic, exits={"": "text", "cancel": "child", "gone": "home"}),
    Ask("text", _ask_text, _text, exits={"photos": "photos", "no consent": "preview",
                                         "cancel": "child", "gone": "home"}, takes_any_text=True),
    Ask("photos", _ask_photos, _photo, exits={"done": "preview", "gone": "home"},
        takes_any_text=True),
    Ask("preview", _preview, _send, exits={"sent / cancel": "child", "gone": "home"}),
    Ask("code", _ask_code, _code, exits={"made / blocked / back": "child", "gone": "home"}),
    Ask("restrict", _ask_restrict, _restrict, exits={"": "kind", "cancel": "child"}),
    Ask("kind", _ask_kind, _kind, exits={"": "note", "cancel": "child"}),
    Ask("note", _ask_note, _note, exits={"recorded / cancel": "child", "gone": "home"},
        takes_any_text=True),
    Ask("remove", _ask_remove, _remove, exits={"removed": "home", "cancel": "child"}),
)  # fmt: skip
