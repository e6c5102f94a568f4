"""One document at the village desk: see its files, verify it, send it back, note its expiry.

Every step reads the item again among residents of the village acted for (``_detail``). The
officer sees the file in their own chat (sent through the delivery engine), verifies the
document or sends it back with a reason and a note, or types the last day it is valid; the
keeper is told at once in their own language. Afterwards the officer is back where they came
from: the queue or the resident's view.
"""

from __future__ import annotations

import gettext
import re
from datetime import date

from flows.checklists.catalog import ChecklistContent
from flows.checklists.desk_common import (
    BACK,
    FOR_NAME,
    GONE,
    GONE_EXIT,
    desk_role,
    item_title,
    village_data,
    when,
)
from flows.checklists.effects import (
    ChecklistExpirySet,
    ChecklistFileRequested,
    ChecklistItemReturned,
    ChecklistItemVerified,
)
from flows.checklists.notices import RETURNED, VERIFIED, render
from flows.checklists.ports import ItemDetail, checklist_queries
from flows.checklists.states import REASON_LABELS, STATUS_LABELS, checklist_title
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers import OfficerRole

__all__ = ["NODES", "parse_date"]

DETAIL = N_(
    "{owner} · {checklist} · {reference}\n{item}: {state}{expiry}\n"
    "Files: {files}{withdrawn}\n\nHistory:\n{history}"
)
NO_FILES = N_("none")
WITHDRAWN = N_("\n{count} file(s) withdrawn by the resident (last {date}).")
EXPIRY = N_("\nValid until: {date}")
SHOW_FILES = N_("📎 See the file(s) ({count})")
VERIFY = N_("✅ Verified")
RETURN = N_("↩️ Send back")
SET_EXPIRY = N_("📅 Valid until…")
PERSON = N_("👤 All of this resident's documents")
FILES_SENT = N_("The {count} file(s) are being sent to this chat.")
VERIFIED_DONE = N_("{item} is verified; {owner} is told.")
WHY = N_("Why is {item} sent back? The resident reads your reason.")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was changed.")
ASK_NOTE = N_("Add a few words for the resident (what to do), or tap Skip.")
SKIP = N_("⏭ Skip")
RETURNED_DONE = N_("{item} is sent back; {owner} is told.")
ASK_DATE = N_("Type the last day {item} is valid, e.g. 31-12-2030.")
BAD_DATE = N_("Please type a date like 31-12-2030.")
EXPIRY_DONE = N_(
    "Noted: {item} is valid until {date}. The resident and the desk are warned 30 and 7 days "
    "before."
)
ACTORS = {"resident": N_("resident"), "officer": N_("officer"), "system": N_("bot")}


async def _detail(ctx: Context, data: Data) -> tuple[OfficerRole, ItemDetail] | None:
    """The item in data, read again among residents of the village this officer handles."""
    role = await desk_role(ctx, data)
    item_id = data.get("item")
    if role is None or not isinstance(item_id, int):
        return None
    found = await checklist_queries(ctx).item(role.village_code, item_id)
    return (role, found) if found is not None else None


def _history(ctx: Context, found: ItemDetail) -> str:
    lines = []
    for event in found.item.history[-6:]:
        who = event.officer_name or ctx._(ACTORS.get(event.actor, event.actor))
        state = ctx._(STATUS_LABELS.get(event.to_status, event.to_status))
        detail = f" · {event.detail}" if event.detail else ""
        lines.append(f"[{when(ctx, event.at)}] {who}: {state}{detail}")
    return "\n".join(lines) or "-"


async def _show(ctx: Context, data: Data) -> Prompt:
    """Whose document, its state, files (withdrawn ones named), history, and the actions."""
    found = await _detail(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=village_data(data))
    _, detail = found
    item = detail.item
    content_item = ctx.content.of(ChecklistContent).item(item.item)
    withdrawn = [f for f in item.files if f.withdrawn_at is not None]
    owner = detail.owner_name
    if detail.checklist.for_whom == "relative":
        owner = ctx._(FOR_NAME, name=detail.owner_name, relative=detail.checklist.relative_name)
    text = ctx._(
        DETAIL, owner=owner, checklist=checklist_title(ctx, detail.checklist),
        reference=detail.checklist.reference, item=item_title(ctx, item.item),
        state=ctx._(STATUS_LABELS[item.status]),
        expiry=ctx._(EXPIRY, date=item.expires_on.strftime("%d-%m-%Y")) if item.expires_on else "",
        files=len(item.active_files) or ctx._(NO_FILES),
        withdrawn=ctx._(WITHDRAWN, count=len(withdrawn),
                        date=when(ctx, max(f.withdrawn_at for f in withdrawn if f.withdrawn_at)))
        if withdrawn else "",
        history=_history(ctx, detail),
    )  # fmt: skip
    choices = []
    if item.active_files:
        choices.append(Choice("files", ctx._(SHOW_FILES, count=len(item.active_files))))
    if item.status in ("have", "submitted", "returned"):
        choices.append(Choice("verify", ctx._(VERIFY)))
    if item.status in ("have", "submitted", "verified"):
        choices.append(Choice("return", ctx._(RETURN)))
    if content_item is not None and content_item.expires:
        choices.append(Choice("expiry", ctx._(SET_EXPIRY)))
    choices += [Choice("person", ctx._(PERSON)), Choice("back", ctx._(BACK))]
    return Prompt(replies=(Reply(text),), choices=tuple(choices))


def _owner_translations(ctx: Context, found: ItemDetail) -> gettext.NullTranslations:
    return ctx.catalogs.get(found.owner_locale) if ctx.catalogs else ctx.translations


def _back(data: Data, **step: object) -> Step:
    """Back where the officer came from; ``handled`` leaves out an item just acted on (storage
    applies the change after this step, so the list read now would still show it)."""
    target = "person" if data.get("back") == "person" else "queue"
    kept = {**village_data(data), "person": data.get("person"), "offset": 0,
            "handled": data.get("item")}  # fmt: skip
    return Step(goto=target, data=kept, **step)  # type: ignore[arg-type]


async def _action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "back":
        return _back(data)
    found = await _detail(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=village_data(data))
    role, detail = found
    officer = (ctx.person.channel, ctx.person.external_id, role.village_code, detail.item.id)
    title = item_title(ctx, detail.item.item)
    if choice.id == "files" and detail.item.active_files:
        sent = ctx._(FILES_SENT, count=len(detail.item.active_files))
        return Step(replies=(Reply(sent),), effects=(ChecklistFileRequested(*officer),),
                    reprompt=True)  # fmt: skip
    if choice.id == "verify" and detail.item.status in ("have", "submitted", "returned"):
        notice = render(
            _owner_translations(ctx, detail), VERIFIED,
            item=item_title(ctx, detail.item.item, detail.owner_locale),
            reference=detail.checklist.reference,
        )  # fmt: skip
        said = ctx._(VERIFIED_DONE, item=title, owner=detail.owner_name)
        return _back(
            data, replies=(Reply(said),), effects=(ChecklistItemVerified(*officer, notice),)
        )
    if choice.id == "return":
        return Step(goto="reason", data=data)
    if choice.id == "expiry":
        return Step(goto="expiry", data=data)
    if choice.id == "person":
        return Step(goto="person", data={**village_data(data), "person": detail.resident_id,
                                         "page": 0})  # fmt: skip
    return Step(reprompt=True)


async def _ask_reason(ctx: Context, data: Data) -> Prompt:
    found = await _detail(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=village_data(data))
    choices = tuple(Choice(k, ctx._(label)) for k, label in REASON_LABELS.items())
    text = ctx._(WHY, item=item_title(ctx, found[1].item.item))
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("cancel", ctx._(CANCEL))))


async def _reason(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None or choice.id not in REASON_LABELS:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="item")
    return Step(goto="note", data={**data, "reason": choice.id})


async def _ask_note(ctx: Context, data: Data) -> Prompt:
    return Prompt(replies=(Reply(ctx._(ASK_NOTE)),), choices=(Choice("skip", ctx._(SKIP)),))


async def _note(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Send the document back with the reason and note; the keeper is told in their language."""
    found = await _detail(ctx, data)
    reason = str(data.get("reason", "other"))
    if found is None or reason not in REASON_LABELS:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=village_data(data))
    role, detail = found
    note = "" if choice is not None else " ".join(inbound.text.split())[:1000]
    owner = _owner_translations(ctx, detail)
    notice = render(
        owner, RETURNED, item=item_title(ctx, detail.item.item, detail.owner_locale),
        reference=detail.checklist.reference, reason=owner.gettext(REASON_LABELS[reason]),
        note=f" {note}" if note else "",
    )  # fmt: skip
    effect = ChecklistItemReturned(
        ctx.person.channel, ctx.person.external_id, role.village_code, detail.item.id,
        reason, note, notice,
    )  # fmt: skip
    said = ctx._(RETURNED_DONE, item=item_title(ctx, detail.item.item), owner=detail.owner_name)
    return _back(data, replies=(Reply(said),), effects=(effect,))


_DATE = re.compile(r"^\s*(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> date | None:
    """31-12-2030, 31/12/2030 or 2030-12-31 as a date between 2000 and 2100, else None."""
    found = _DATE.match(text)
    parts = (found.group(3), found.group(2), found.group(1)) if found else None
    if parts is None and (iso := _ISO.match(text)):
        parts = (iso.group(1), iso.group(2), iso.group(3))
    if parts is None:
        return None
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None


async def _ask_date(ctx: Context, data: Data) -> Prompt:
    found = await _detail(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=village_data(data))
    text = ctx._(ASK_DATE, item=item_title(ctx, found[1].item.item))
    return Prompt(replies=(Reply(text),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _date(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="item")
    day = parse_date(inbound.text)
    if day is None:
        return Step(replies=(Reply(ctx._(BAD_DATE)),))
    found = await _detail(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=village_data(data))
    role, detail = found
    effect = ChecklistExpirySet(
        ctx.person.channel, ctx.person.external_id, role.village_code, detail.item.id, day
    )
    said = ctx._(EXPIRY_DONE, item=item_title(ctx, detail.item.item),
                 date=day.strftime("%d-%m-%Y"))  # fmt: skip
    return Step(replies=(Reply(said),), effects=(effect,), goto="item", data=data)


NODES: tuple[Node, ...] = (
    Ask("item", _show, _action,
        exits={"return": "reason", "expiry": "expiry", "person": "person", "back": "queue",
               "back to person": "person", "verified": "queue"}),
    Ask("reason", _ask_reason, _reason, exits={"chosen": "note", "cancel": "item", **GONE_EXIT}),
    Ask("note", _ask_note, _note,
        exits={"sent back": "queue", "back to person": "person", **GONE_EXIT},
        takes_any_text=True),
    Ask("expiry", _ask_date, _date, exits={"saved": "item", "cancel": "item", **GONE_EXIT},
        takes_any_text=True),
)  # fmt: skip
