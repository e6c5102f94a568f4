"""The village desk's document queue: check residents' documents, oldest first.

Only desk officers and coordinators of the keeper's village (and the district admin) open
it; village staff and parenting facilitators are refused. The right is checked again at
every step through ``acting_role`` and storage scopes every read and write to residents of
the village acted for, so an item id from a forged button or another village shows nothing.
The officer sees the file in their own chat (sent through the delivery engine), verifies the
document or sends it back with a reason, and the keeper is told at once in their language.
A per-person view lists every checklist, each item's state and who verified what, when.
"""

from __future__ import annotations

import gettext
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flows.checklists.catalog import ChecklistContent
from flows.checklists.effects import (
    ChecklistExpirySet,
    ChecklistFileRequested,
    ChecklistItemReturned,
    ChecklistItemVerified,
    ChecklistPersonViewed,
)
from flows.checklists.notices import RETURNED, VERIFIED, render
from flows.checklists.ports import ItemDetail, checklist_queries
from flows.checklists.states import (
    ICONS,
    REASON_LABELS,
    STATUS_LABELS,
    checklist_title,
    progress,
)
from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.officers import OfficerRole, access, acting_role, officer_queries

__all__ = ["FLOW", "HANDLE"]

HANDLE = "checklists.handle"
OFFICER_MENU = "officer:menu"
PAGE = 5
PERSON_CHECKLISTS = 3

REFUSED = N_("Only desk officers and coordinators of this village can check residents' documents.")
QUEUE = N_("{village}: {count} document(s) waiting to be checked, oldest first.")
EMPTY = N_("{village}: no documents are waiting to be checked.")
QUEUE_LINE = N_("{name} · {item} · {age}")
FOR_NAME = N_("{name} for {relative}")
AGE_DAYS = N_("{days} d")
AGE_HOURS = N_("{hours} h")
MORE = N_("➡️ More")
PEOPLE = N_("👥 By resident")
BACK_MENU = N_("⬅ Officer menu")
GONE = N_("That document is not in this village's list.")
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
BACK = N_("⬅ Back")
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
PEOPLE_TITLE = N_("{village}: residents with document checklists (those waiting first).")
PEOPLE_EMPTY = N_("{village}: no resident has a document checklist yet.")
PERSON_LINE = N_("{name} · {ready} ready, {verified} checked · {waiting} waiting")
PERSON_TITLE = N_("{name}: {count} checklist(s).")
PERSON_CHECKLIST = N_("{title} · {reference} ({status})\n{progress}")
ITEM_LINE = N_("{icon} {item}: {state}{by}{expiry}")
BY = N_(" ({who}, {date})")
EXPIRES = N_(" · until {date}")
CHECKLIST_STATUS = {
    "active": N_("active"),
    "departed": N_("departed"),
    "cancelled": N_("cancelled"),
}
ACTORS = {"resident": N_("resident"), "officer": N_("officer"), "system": N_("bot")}


async def _role(ctx: Context, data: Data) -> OfficerRole | None:
    return await acting_role(ctx, data, HANDLE)


def _village(data: Data) -> dict[str, object]:
    return {"village": data.get("village", "")}


def _zone(ctx: Context) -> ZoneInfo:
    return ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")


def _when(ctx: Context, at: datetime) -> str:
    return at.astimezone(_zone(ctx)).strftime("%d-%m-%Y %H:%M")


def _item_title(ctx: Context, item: str, locale: str | None = None) -> str:
    found = ctx.content.of(ChecklistContent).item(item)
    return found.title(locale or ctx.locale) if found else item


async def _detail(ctx: Context, data: Data) -> tuple[OfficerRole, ItemDetail] | None:
    """The item in data, read again among residents of the village this officer handles."""
    role = await _role(ctx, data)
    item_id = data.get("item")
    if role is None or not isinstance(item_id, int):
        return None
    found = await checklist_queries(ctx).item(role.village_code, item_id)
    return (role, found) if found is not None else None


# --- queue --------------------------------------------------------------------------------------


async def _queue(ctx: Context, data: Data) -> Prompt:
    """Items waiting for the desk in the village acted for, oldest first."""
    role = await _role(ctx, data)
    if role is None:
        if not data.get("village"):  # several villages: choose the one acted for first
            person = ctx.person
            roles = await officer_queries(ctx).officer_roles(person.channel, person.external_id)
            if len(access.villages_where(roles, HANDLE)) > 1:
                return Prompt(replies=(), then="officer:choose_village")
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then=OFFICER_MENU)
    queries = checklist_queries(ctx)
    offset = max(0, int(data.get("offset", 0)))
    rows = await queries.queue(role.village_code, limit=PAGE + 1, offset=offset)
    if not rows and offset:
        offset, rows = 0, await queries.queue(role.village_code, limit=PAGE + 1)
    handled = data.get("handled")
    was_waiting = any(r.item_id == handled for r in rows)
    rows = [r for r in rows if r.item_id != handled]
    count = await queries.waiting_count(role.village_code) - int(was_waiting)
    text = ctx._(QUEUE if count else EMPTY, village=role.village_name, count=count)
    choices = []
    for row in rows[:PAGE]:
        hours = int((ctx.now - row.submitted_at).total_seconds() // 3600)
        age = ctx._(AGE_DAYS, days=hours // 24) if hours >= 48 else ctx._(AGE_HOURS, hours=hours)
        name = row.owner_name
        if row.relative_name:
            name = ctx._(FOR_NAME, name=row.owner_name, relative=row.relative_name)
        label = ctx._(QUEUE_LINE, name=name, item=_item_title(ctx, row.item), age=age)
        choices.append(Choice(f"item:{row.item_id}", label))
    if len(rows) > PAGE:
        choices.append(Choice("more", ctx._(MORE)))
    choices += [Choice("people", ctx._(PEOPLE)), Choice("menu", ctx._(BACK_MENU))]
    return Prompt(
        replies=(Reply(text),), choices=tuple(choices), data={**_village(data), "offset": offset}
    )


async def _queued(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("item:") and choice.id[5:].isdigit():
        return Step(goto="item", data={**_village(data), "item": int(choice.id[5:]),
                                       "back": "queue"})  # fmt: skip
    if choice.id == "more":
        return Step(goto="queue", data={**_village(data),
                                        "offset": int(data.get("offset", 0)) + PAGE})  # fmt: skip
    if choice.id == "people":
        return Step(goto="people", data={**_village(data), "offset": 0})
    return Step(goto=OFFICER_MENU, data=_village(data))


# --- one item -----------------------------------------------------------------------------------


def _history(ctx: Context, found: ItemDetail) -> str:
    lines = []
    for event in found.item.history[-6:]:
        who = event.officer_name or ctx._(ACTORS.get(event.actor, event.actor))
        state = ctx._(STATUS_LABELS.get(event.to_status, event.to_status))
        detail = f" · {event.detail}" if event.detail else ""
        lines.append(f"[{_when(ctx, event.at)}] {who}: {state}{detail}")
    return "\n".join(lines) or "-"


async def _show(ctx: Context, data: Data) -> Prompt:
    """Whose document, its state, files (withdrawn ones named), history, and the actions."""
    found = await _detail(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    _, detail = found
    item = detail.item
    content_item = ctx.content.of(ChecklistContent).item(item.item)
    withdrawn = [f for f in item.files if f.withdrawn_at is not None]
    owner = detail.owner_name
    if detail.checklist.for_whom == "relative":
        owner = ctx._(FOR_NAME, name=detail.owner_name, relative=detail.checklist.relative_name)
    text = ctx._(
        DETAIL, owner=owner, checklist=checklist_title(ctx, detail.checklist),
        reference=detail.checklist.reference, item=_item_title(ctx, item.item),
        state=ctx._(STATUS_LABELS[item.status]),
        expiry=ctx._(EXPIRY, date=item.expires_on.strftime("%d-%m-%Y")) if item.expires_on else "",
        files=len(item.active_files) or ctx._(NO_FILES),
        withdrawn=ctx._(WITHDRAWN, count=len(withdrawn),
                        date=_when(ctx, max(f.withdrawn_at for f in withdrawn if f.withdrawn_at)))
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
    kept = {**_village(data), "person": data.get("person"), "offset": 0,
            "handled": data.get("item")}  # fmt: skip
    return Step(goto=target, data=kept, **step)  # type: ignore[arg-type]


async def _action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "back":
        return _back(data)
    found = await _detail(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, detail = found
    officer = (ctx.person.channel, ctx.person.external_id, role.village_code, detail.item.id)
    title = _item_title(ctx, detail.item.item)
    if choice.id == "files" and detail.item.active_files:
        sent = ctx._(FILES_SENT, count=len(detail.item.active_files))
        return Step(replies=(Reply(sent),), effects=(ChecklistFileRequested(*officer),),
                    reprompt=True)  # fmt: skip
    if choice.id == "verify" and detail.item.status in ("have", "submitted", "returned"):
        notice = render(
            _owner_translations(ctx, detail), VERIFIED,
            item=_item_title(ctx, detail.item.item, detail.owner_locale),
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
        return Step(goto="person", data={**_village(data), "person": detail.resident_id,
                                         "page": 0})  # fmt: skip
    return Step(reprompt=True)


async def _ask_reason(ctx: Context, data: Data) -> Prompt:
    found = await _detail(ctx, data)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    choices = tuple(Choice(k, ctx._(label)) for k, label in REASON_LABELS.items())
    text = ctx._(WHY, item=_item_title(ctx, found[1].item.item))
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
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, detail = found
    note = "" if choice is not None else " ".join(inbound.text.split())[:1000]
    owner = _owner_translations(ctx, detail)
    notice = render(
        owner, RETURNED, item=_item_title(ctx, detail.item.item, detail.owner_locale),
        reference=detail.checklist.reference, reason=owner.gettext(REASON_LABELS[reason]),
        note=f" {note}" if note else "",
    )  # fmt: skip
    effect = ChecklistItemReturned(
        ctx.person.channel, ctx.person.external_id, role.village_code, detail.item.id,
        reason, note, notice,
    )  # fmt: skip
    said = ctx._(RETURNED_DONE, item=_item_title(ctx, detail.item.item), owner=detail.owner_name)
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
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    text = ctx._(ASK_DATE, item=_item_title(ctx, found[1].item.item))
    return Prompt(replies=(Reply(text),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _date(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="item")
    day = parse_date(inbound.text)
    if day is None:
        return Step(replies=(Reply(ctx._(BAD_DATE)),))
    found = await _detail(ctx, data)
    if found is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=_village(data))
    role, detail = found
    effect = ChecklistExpirySet(
        ctx.person.channel, ctx.person.external_id, role.village_code, detail.item.id, day
    )
    said = ctx._(EXPIRY_DONE, item=_item_title(ctx, detail.item.item),
                 date=day.strftime("%d-%m-%Y"))  # fmt: skip
    return Step(replies=(Reply(said),), effects=(effect,), goto="item", data=data)


# --- residents ----------------------------------------------------------------------------------


async def _people(ctx: Context, data: Data) -> Prompt:
    role = await _role(ctx, data)
    if role is None:
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then=OFFICER_MENU)
    offset = max(0, int(data.get("offset", 0)))
    rows = await checklist_queries(ctx).people(role.village_code, limit=PAGE + 1, offset=offset)
    text = ctx._(PEOPLE_TITLE if rows else PEOPLE_EMPTY, village=role.village_name)
    choices = [
        Choice(f"p:{r.resident_id}", ctx._(PERSON_LINE, name=r.name, ready=r.ready,
                                           verified=r.verified, waiting=r.waiting))
        for r in rows[:PAGE]
    ]  # fmt: skip
    if len(rows) > PAGE:
        choices.append(Choice("more", ctx._(MORE)))
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(
        replies=(Reply(text),), choices=tuple(choices), data={**_village(data), "offset": offset}
    )


async def _person_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("p:") and choice.id[2:].isdigit():
        return Step(goto="person", data={**_village(data), "person": int(choice.id[2:]),
                                         "page": 0})  # fmt: skip
    if choice.id == "more":
        return Step(goto="people", data={**_village(data),
                                         "offset": int(data.get("offset", 0)) + PAGE})  # fmt: skip
    return Step(goto="queue", data={**_village(data), "offset": 0})


async def _person(ctx: Context, data: Data) -> Prompt:
    """Every checklist of one resident, each item's state, who verified it and when."""
    role = await _role(ctx, data)
    person_id = data.get("person")
    if role is None or not isinstance(person_id, int):
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    queries = checklist_queries(ctx)
    page = max(0, int(data.get("page", 0)))
    found = await queries.person(
        role.village_code, person_id, limit=PERSON_CHECKLISTS, offset=page * PERSON_CHECKLISTS
    )
    if found is not None and not found[2] and page:  # past the last page: back to the first
        page = 0
        found = await queries.person(role.village_code, person_id, limit=PERSON_CHECKLISTS)
    if found is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=_village(data))
    name, count, checklists = found
    pages = max(1, -(-count // PERSON_CHECKLISTS))
    parts = [ctx._(PERSON_TITLE, name=name, count=count)]
    for checklist in checklists:
        lines = [ctx._(PERSON_CHECKLIST, title=checklist_title(ctx, checklist),
                       reference=checklist.reference,
                       status=ctx._(CHECKLIST_STATUS.get(checklist.status, checklist.status)),
                       progress=progress(ctx, checklist))]  # fmt: skip
        for item in checklist.items:
            by = ""
            if item.status == "verified" and item.verified_at is not None:
                by = ctx._(BY, who=item.verified_by or "-", date=_when(ctx, item.verified_at))
            until = (
                ctx._(EXPIRES, date=item.expires_on.strftime("%d-%m-%Y")) if item.expires_on else ""
            )
            lines.append(ctx._(ITEM_LINE, icon=ICONS.get(item.status, "•"),
                               item=_item_title(ctx, item.item),
                               state=ctx._(STATUS_LABELS[item.status]), by=by,
                               expiry=until))  # fmt: skip
        parts.append("\n".join(lines))
    handled = data.get("handled")
    waiting = [
        (c, i) for c in checklists for i in c.items
        if i.status in ("submitted", "have", "returned") and i.id != handled
    ]  # fmt: skip
    choices = [
        Choice(f"item:{i.id}", f"{ICONS[i.status]} {_item_title(ctx, i.item)} · {c.reference}")
        for c, i in waiting[:4]
    ]
    if pages > 1:
        choices.append(Choice("more", ctx._(MORE)))
    choices += [Choice("people", ctx._(PEOPLE)), Choice("back", ctx._(BACK))]
    effects: tuple[Effect, ...] = ()
    if page == 0:
        effects = (ChecklistPersonViewed(ctx.person.channel, ctx.person.external_id,
                                         role.village_code, person_id),)  # fmt: skip
    return Prompt(
        replies=(Reply("\n\n".join(parts)),),
        choices=tuple(choices),
        effects=effects,
        data={**_village(data), "person": person_id, "page": page},
    )


async def _person_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("item:") and choice.id[5:].isdigit():
        return Step(goto="item", data={**_village(data), "item": int(choice.id[5:]),
                                       "back": "person", "person": data.get("person")})  # fmt: skip
    if choice.id == "more":
        return Step(goto="person", data={**data, "page": int(data.get("page", 0)) + 1})
    if choice.id == "people":
        return Step(goto="people", data={**_village(data), "offset": 0})
    return Step(goto="queue", data={**_village(data), "offset": 0})


_GONE = {"gone": "queue"}

FLOW = make_flow(
    "docdesk",
    "queue",
    Ask("queue", _queue, _queued,
        exits={"item": "item", "more": "queue", "people": "people", "menu": OFFICER_MENU,
               "several villages": "officer:choose_village"}),
    Ask("item", _show, _action,
        exits={"return": "reason", "expiry": "expiry", "person": "person", "back": "queue",
               "back to person": "person", "verified": "queue"}),
    Ask("reason", _ask_reason, _reason, exits={"chosen": "note", "cancel": "item", **_GONE}),
    Ask("note", _ask_note, _note,
        exits={"sent back": "queue", "back to person": "person", **_GONE},
        takes_any_text=True),
    Ask("expiry", _ask_date, _date, exits={"saved": "item", "cancel": "item", **_GONE},
        takes_any_text=True),
    Ask("people", _people, _person_chosen,
        exits={"person": "person", "more": "people", "back": "queue", "refused": OFFICER_MENU}),
    Ask("person", _person, _person_action,
        exits={"item": "item", "more": "person", "people": "people", **_GONE}),
    summary="The village desk's document checks",
)  # fmt: skip
