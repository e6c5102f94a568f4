"""My documents (``/dokumen``): a prospective worker's checklists, one per planned departure.

Start a checklist for a destination and job (for oneself, or kept for a relative), see the
progress and the next step, open a document to read what it is, where to get it, what it
costs where the facts say so and what to bring; mark it "sudah punya", send a photo or PDF of
it (told who can see it), delete a file sent, turn the two-weekly reminder off, or close the
checklist. Every read is scoped to the person's own checklists in storage, so an id from a
forged button or another person's state shows nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flows.checklists.catalog import ChecklistContent
from flows.checklists.effects import (
    ChecklistClosed,
    ChecklistFileSent,
    ChecklistFileWithdrawn,
    ChecklistItemMarked,
    ChecklistRemindersSet,
    ChecklistStarted,
    DocumentFile,
)
from flows.checklists.ports import READY_STATUSES, ChecklistRow, ItemRow, checklist_queries
from flows.checklists.states import (
    REASON_LABELS,
    STATUS_LABELS,
    checklist_title,
    item_line,
    next_step,
    progress,
)
from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow

__all__ = ["FLOW", "RELATIONS", "who_sees"]

PAGE = 5
SHOWN_CHECKLISTS = 5
INTRO = N_(
    "My documents: a checklist of the documents you need before working abroad, one for each "
    "planned departure. You can keep one for a family member too."
)
LIST = N_("Your checklists:")
LINE = N_("{n}. {title} ({reference}): {progress}")
CLOSED_COUNT = N_("{count} closed checklist(s) are kept but not shown.")
NEW = N_("➕ New checklist")
MENU = N_("⬅ Menu")
FOR_WHOM = N_("Who is this checklist for?")
SELF = N_("For me")
RELATIVE = N_("For a family member")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was changed.")
ASK_NAME = N_("What is your family member's name?")
NAME_TOO_SHORT = N_("Please type their name (at least 2 letters).")
ASK_RELATION = N_("How is {name} related to you?")
RELATIONS = {
    "child": N_("My child"),
    "spouse": N_("My husband or wife"),
    "sibling": N_("My brother or sister"),
    "parent": N_("My parent"),
    "other": N_("Other family"),
}
ASK_TEMPLATE = N_("Where to, and for which job? The list follows the law and that destination.")
STARTED = N_(
    "Checklist {reference} is ready: {title}.\n{progress}\n\n{note}\n\n{disclaimer}\n\n{who}"
)
OPEN = N_("📋 Open the checklist")
GONE = N_("That checklist is not among yours.")
CHECKLIST = N_("{title} · {reference}\n{progress}\n{next}\n\n{note}\n\nPage {page} of {pages}.")
MORE = N_("➡️ More documents")
OPTIONS = N_("⚙️ Reminder, close…")
BACK_LIST = N_("⬅ My checklists")
ITEM = N_(
    "{title}\nState: {state}{expiry}{returned}{files}\n\n"
    "What it is: {what}\nWhere to get it: {where}\nWhat to bring: {bring}{cost}\n\nSource: {source}"
)
COST = N_("\nCost: {cost}")
EXPIRY = N_("\nValid until: {date}")
HAS_EXPIRY = N_("\nThis document expires: the desk notes the date and reminds you before.")
RETURNED_WHY = N_("\nSent back: {reason}. {note}")
FILES = N_("\nFiles sent: {count}")
HAVE = N_("✅ I have it")
SEND = N_("📎 Send a photo or PDF")
SEND_ANOTHER = N_("📎 Send another file")
NOT_YET = N_("↩️ I do not have it yet")
DELETE_FILE = N_("🗑 Delete a file I sent")
BACK_CHECKLIST = N_("⬅ Back to the checklist")
MARKED = N_("Noted: you have {item}.\n{progress}")
UNMARKED = N_("Noted: {item} is not ready yet.\n{progress}")
ASK_FILE = N_(
    "Send a photo or a PDF of {item} (as a photo, or as a file). Make sure every corner "
    "and all writing can be read.\n\n{who}"
)
ONLY_FILES = N_("Please send a photo or a PDF file, or tap Cancel.")
TOO_BIG = N_("That file is too big (over 20 MB). Please send a photo instead.")
RECEIVED = N_("Received: {item} waits for the village desk to check it.\n{progress}\n\n{who}")
WHO_SEES = N_(
    "Who can see your files: you, the desk officers and the coordinator of {village}, and the "
    "district admin. No other resident, and no other officer, can see them."
)
WHO_SEES_NO_VILLAGE = N_(
    "Only you can see your files for now: register your village (main menu) so its desk "
    "officers can check them."
)
WHICH_FILE = N_("Which file should be deleted? The desk will see that you withdrew it.")
FILE_LABEL = N_("🗑 {kind} of {date}")
KINDS = {"photo": N_("Photo"), "document": N_("File")}
WITHDRAWN = N_("The file is deleted. The desk sees that you withdrew it.")
NO_FILES = N_("You have not sent a file for this document.")
AFTER = N_("What next?")
MENU_OPTIONS = N_("{title} · {reference}\nReminder after two weeks untouched: {reminder}.")
ON = N_("on")
OFF = N_("off")
REMINDER_OFF = N_("🔕 Turn the reminder off")
REMINDER_ON = N_("🔔 Turn the reminder on")
WHO_BUTTON = N_("👁 Who can see my files?")
DEPARTED = N_("✈️ I have left (close it)")
DROP = N_("🗑 I dropped this plan (close it)")
REMINDERS_SET = N_("Reminder {state} for {reference}.")
CLOSED = N_("{reference} is closed and kept; the desk can still see it.")
ALL_TEMPLATES = "templates"


def _village_name(ctx: Context) -> str | None:
    return ctx.person.village.name if ctx.person.village else None


def who_sees(ctx: Context) -> str:
    """Who may see this person's files, in their language."""
    village = _village_name(ctx)
    return ctx._(WHO_SEES, village=village) if village else ctx._(WHO_SEES_NO_VILLAGE)


def _content(ctx: Context) -> ChecklistContent:
    return ctx.content.of(ChecklistContent)


async def _checklist(ctx: Context, data: Data) -> ChecklistRow | None:
    """The checklist in data, read again among this person's own."""
    checklist_id = data.get("checklist")
    if not isinstance(checklist_id, int):
        return None
    return await checklist_queries(ctx).own_checklist(ctx.person.id, checklist_id)


def _item(checklist: ChecklistRow, data: Data) -> ItemRow | None:
    item_id = data.get("item")
    return next((i for i in checklist.items if i.id == item_id), None)


def _title(ctx: Context, item: ItemRow) -> str:
    found = _content(ctx).item(item.item)
    return found.title(ctx.locale) if found else item.item


def _after_change(checklist: ChecklistRow, item: ItemRow, status: str) -> ChecklistRow:
    """The checklist's counts as they will be once this change is stored."""
    before = item.status in READY_STATUSES
    after = status in READY_STATUSES
    return replace(checklist, ready=checklist.ready + int(after) - int(before))


# --- the list -----------------------------------------------------------------------------------


async def _list(ctx: Context, data: Data) -> Prompt:
    """Every checklist of this person with its progress; start a new one."""
    rows = await checklist_queries(ctx).own_checklists(ctx.person.id)
    active = [r for r in rows if r.status == "active"]
    if not active:
        text = f"{ctx._(INTRO)}\n\n{_content(ctx).disclaimer_text(ctx.locale)}"
        if rows:
            text += "\n\n" + ctx._(CLOSED_COUNT, count=len(rows))
    else:
        lines = [ctx._(LIST)]
        for n, row in enumerate(active, start=1):
            lines.append(
                ctx._(LINE, n=n, title=checklist_title(ctx, row), reference=row.reference,
                      progress=progress(ctx, row))
            )  # fmt: skip
        if len(rows) > len(active):
            lines.append(ctx._(CLOSED_COUNT, count=len(rows) - len(active)))
        text = "\n".join(lines)
    choices = [
        Choice(f"cl:{r.id}", f"{n}. {checklist_title(ctx, r)}")
        for n, r in enumerate(active[:SHOWN_CHECKLISTS], start=1)
    ]
    choices += [Choice("new", ctx._(NEW)), Choice("menu", ctx._(MENU))]
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data={})


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a checklist, start one, or go back to the menu."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("cl:") and choice.id[3:].isdigit():
        return Step(goto="checklist", data={"checklist": int(choice.id[3:]), "page": 0})
    if choice.id == "new":
        return Step(goto="for_whom", data={})
    return Step(goto="main:menu")


# --- a new checklist ----------------------------------------------------------------------------


async def _for_whom(ctx: Context, data: Data) -> Prompt:
    """For oneself, or kept for a relative."""
    choices = (
        Choice("self", ctx._(SELF)),
        Choice("relative", ctx._(RELATIVE)),
        Choice("cancel", ctx._(CANCEL)),
    )
    return Prompt(replies=(Reply(ctx._(FOR_WHOM)),), choices=choices)


async def _whom(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "self":
        return Step(goto="template", data={"for": "self"})
    if choice.id == "relative":
        return Step(goto="relative_name", data={"for": "relative"})
    return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")


async def _ask_name(ctx: Context, data: Data) -> Prompt:
    return Prompt(replies=(Reply(ctx._(ASK_NAME)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _name(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")
    name = " ".join(inbound.text.split())[:80]
    if sum(c.isalpha() for c in name) < 2:
        return Step(replies=(Reply(ctx._(NAME_TOO_SHORT)),))
    return Step(goto="relative_relation", data={**data, "name": name})


async def _ask_relation(ctx: Context, data: Data) -> Prompt:
    choices = tuple(Choice(k, ctx._(label)) for k, label in RELATIONS.items())
    text = ctx._(ASK_RELATION, name=str(data.get("name", "")))
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("cancel", ctx._(CANCEL))))


async def _relation(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id not in RELATIONS:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")
    return Step(goto="template", data={**data, "relation": choice.id})


async def _ask_template(ctx: Context, data: Data) -> Prompt:
    templates = _content(ctx).templates.values()
    choices = tuple(Choice(f"t:{t.id}", t.label(ctx.locale)) for t in templates)
    return Prompt(
        replies=(Reply(ctx._(ASK_TEMPLATE)),),
        choices=(*choices[:7], Choice("cancel", ctx._(CANCEL))),
    )


async def _template(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Start the checklist from the chosen template."""
    if choice is None:
        return Step(reprompt=True)
    template = _content(ctx).template(choice.id[2:]) if choice.id.startswith("t:") else None
    if template is None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="list")
    relative = data.get("for") == "relative"
    relation = str(data.get("relation", "")) if relative else ""
    started = ChecklistStarted(
        reference=ctx.new_reference("DOK"),
        template=template.id,
        items=template.items,
        for_whom="relative" if relative else "self",
        relative_name=str(data.get("name", "")) if relative else "",
        relative_relation=ctx._(RELATIONS[relation]) if relation in RELATIONS else "",
    )
    shown = {
        "reference": started.reference,
        "template": template.id,
        "total": len(template.items),
        "title_for": started.relative_name,
        "relation": started.relative_relation,
    }
    return Step(effects=(started,), goto="started", data=shown)


async def _started(ctx: Context, data: Data) -> Prompt:
    """The new checklist, what it says about costs, that it is guidance, and who sees files."""
    content = _content(ctx)
    template = content.template(str(data.get("template", "")))
    if template is None:
        return Prompt(replies=(), then="list")
    row = ChecklistRow(
        id=0, reference=str(data.get("reference", "")), template=template.id, status="active",
        for_whom="relative" if data.get("title_for") else "self",
        relative_name=str(data.get("title_for", "")),
        relative_relation=str(data.get("relation", "")),
        reminders_on=True, created_at=ctx.now, total=int(data.get("total", 0)), ready=0,
        verified=0,
    )  # fmt: skip
    text = ctx._(
        STARTED, reference=row.reference, title=checklist_title(ctx, row),
        progress=progress(ctx, row), note=template.note(ctx.locale),
        disclaimer=content.disclaimer_text(ctx.locale), who=who_sees(ctx),
    )  # fmt: skip
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("open", ctx._(OPEN)), Choice("menu", ctx._(MENU))),
    )


async def _open_new(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None or choice.id != "open":
        return Step(goto="main:menu")
    found = await checklist_queries(ctx).own_checklist_by_reference(
        ctx.person.id, str(data.get("reference", ""))
    )
    if found is None:
        return Step(goto="list")
    return Step(goto="checklist", data={"checklist": found.id, "page": 0})


# --- one checklist ------------------------------------------------------------------------------


async def _show(ctx: Context, data: Data) -> Prompt:
    """Progress, the next step, and one page of documents."""
    checklist = await _checklist(ctx, data)
    if checklist is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    template = _content(ctx).template(checklist.template)
    pages = max(1, -(-len(checklist.items) // PAGE))
    page = int(data.get("page", 0)) % pages
    shown = checklist.items[page * PAGE : (page + 1) * PAGE]
    text = ctx._(
        CHECKLIST, title=checklist_title(ctx, checklist), reference=checklist.reference,
        progress=progress(ctx, checklist), next=next_step(ctx, checklist),
        note=template.note(ctx.locale) if template else "", page=page + 1, pages=pages,
    )  # fmt: skip
    choices = [Choice(f"item:{i.id}", item_line(ctx, i)) for i in shown]
    if pages > 1:
        choices.append(Choice("more", ctx._(MORE)))
    choices += [Choice("options", ctx._(OPTIONS)), Choice("back", ctx._(BACK_LIST))]
    return Prompt(
        replies=(Reply(text),),
        choices=tuple(choices),
        data={"checklist": checklist.id, "page": page},
    )


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("item:") and choice.id[5:].isdigit():
        return Step(goto="item", data={**data, "item": int(choice.id[5:])})
    if choice.id == "more":
        return Step(goto="checklist", data={**data, "page": int(data.get("page", 0)) + 1})
    if choice.id == "options":
        return Step(goto="options", data=data)
    return Step(goto="list", data={})


# --- one document -------------------------------------------------------------------------------


def _item_text(ctx: Context, checklist: ChecklistRow, item: ItemRow) -> str:
    content = _content(ctx)
    found = content.item(item.item)
    template = content.template(checklist.template)
    if found is None:
        return _title(ctx, item)
    cost = content.cost(template, found, ctx.locale)
    expiry = ""
    if item.expires_on is not None:
        expiry = ctx._(EXPIRY, date=item.expires_on.strftime("%d-%m-%Y"))
    elif found.expires:
        expiry = ctx._(HAS_EXPIRY)
    returned = ""
    if item.status == "returned":
        reason = ctx._(REASON_LABELS.get(item.return_reason, REASON_LABELS["other"]))
        returned = ctx._(RETURNED_WHY, reason=reason, note=item.return_note)
    files = ctx._(FILES, count=len(item.active_files)) if item.active_files else ""
    return ctx._(
        ITEM, title=found.title(ctx.locale), state=ctx._(STATUS_LABELS[item.status]),
        expiry=expiry, returned=returned, files=files, what=found.text("what", ctx.locale),
        where=found.text("where", ctx.locale), bring=found.text("bring", ctx.locale),
        cost=ctx._(COST, cost=cost) if cost else "",
        source=f"{found.source} [{found.grade}], {content.checked_on:%d-%m-%Y}",
    )  # fmt: skip


async def _show_item(ctx: Context, data: Data) -> Prompt:
    """What the document is, where to get it, what to bring, and what can be done with it."""
    checklist = await _checklist(ctx, data)
    item = _item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    choices: list[Choice] = []
    if item.status == "missing":
        choices += [Choice("have", ctx._(HAVE)), Choice("send", ctx._(SEND))]
    elif item.status == "have":
        choices += [Choice("send", ctx._(SEND)), Choice("unmark", ctx._(NOT_YET))]
    else:
        choices.append(Choice("send", ctx._(SEND_ANOTHER)))
    if item.active_files:
        choices.append(Choice("delete", ctx._(DELETE_FILE)))
    choices.append(Choice("back", ctx._(BACK_CHECKLIST)))
    return Prompt(replies=(Reply(_item_text(ctx, checklist, item)),), choices=tuple(choices))


async def _item_action(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "back":
        return Step(goto="checklist", data={k: v for k, v in data.items() if k != "item"})
    checklist = await _checklist(ctx, data)
    item = _item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    if choice.id in ("have", "unmark") and item.status in ("missing", "have"):
        have = choice.id == "have"
        marked = ChecklistItemMarked(checklist.id, item.id, have)
        after = _after_change(checklist, item, "have" if have else "missing")
        said = ctx._(MARKED if have else UNMARKED, item=_title(ctx, item),
                     progress=progress(ctx, after))  # fmt: skip
        return Step(effects=(marked,), goto="after", data={**data, "said": said})
    if choice.id == "send":
        return Step(goto="upload", data=data)
    if choice.id == "delete":
        return Step(goto="delete", data=data)
    return Step(reprompt=True)


async def _ask_upload(ctx: Context, data: Data) -> Prompt:
    checklist = await _checklist(ctx, data)
    item = _item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    text = ctx._(ASK_FILE, item=_title(ctx, item), who=who_sees(ctx))
    return Prompt(replies=(Reply(text),), choices=(Choice("cancel", ctx._(CANCEL)),))


def _document(inbound: Inbound) -> DocumentFile | None:
    """The photo or PDF/image file sent, if any."""
    for attachment in inbound.attachments:
        if attachment.file_id is None:
            continue
        if attachment.kind == "photo":
            return DocumentFile("photo", attachment.file_id, attachment.mime_type, attachment.size)
        mime = (attachment.mime_type or "").lower()
        if attachment.kind == "document" and (not mime or mime == "application/pdf"
                                              or mime.startswith("image/")):  # fmt: skip
            return DocumentFile("document", attachment.file_id, mime or None, attachment.size)
    return None


async def _upload(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the file; the item waits for the desk."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="item")
    file = _document(inbound)
    if file is None:
        return Step(replies=(Reply(ctx._(ONLY_FILES)),))
    if file.size is not None and file.size > 20 * 1024 * 1024:
        return Step(replies=(Reply(ctx._(TOO_BIG)),))
    checklist = await _checklist(ctx, data)
    item = _item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    status = item.status if item.status == "verified" else "submitted"
    after = _after_change(checklist, item, status)
    said = ctx._(RECEIVED, item=_title(ctx, item), progress=progress(ctx, after),
                 who=who_sees(ctx))  # fmt: skip
    sent = ChecklistFileSent(checklist.id, item.id, file)
    return Step(effects=(sent,), goto="after", data={**data, "said": said})


async def _ask_delete(ctx: Context, data: Data) -> Prompt:
    checklist = await _checklist(ctx, data)
    item = _item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    if not item.active_files:
        return Prompt(replies=(Reply(ctx._(NO_FILES)),), then="item")
    choices = tuple(
        Choice(f"file:{f.id}", ctx._(FILE_LABEL, kind=ctx._(KINDS.get(f.kind, KINDS["document"])),
                                      date=f.created_at.strftime("%d-%m %H:%M")))
        for f in item.active_files[-6:]
    )  # fmt: skip
    return Prompt(
        replies=(Reply(ctx._(WHICH_FILE)),), choices=(*choices, Choice("cancel", ctx._(CANCEL)))
    )


async def _delete(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None or not choice.id.startswith("file:") or not choice.id[5:].isdigit():
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="item")
    checklist = await _checklist(ctx, data)
    item = _item(checklist, data) if checklist else None
    file_id = int(choice.id[5:])
    if checklist is None or item is None or all(f.id != file_id for f in item.active_files):
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    withdrawn = ChecklistFileWithdrawn(checklist.id, item.id, file_id)
    return Step(effects=(withdrawn,), goto="after", data={**data, "said": ctx._(WITHDRAWN)})


async def _after(ctx: Context, data: Data) -> Prompt:
    """What was just done (already counted), with the way back."""
    said = str(data.get("said", "")) or ctx._(AFTER)
    choices = (Choice("back", ctx._(BACK_CHECKLIST)), Choice("menu", ctx._(MENU)))
    return Prompt(replies=(Reply(said),), choices=choices)


async def _after_choice(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    kept = {k: v for k, v in data.items() if k in ("checklist", "page")}
    if choice is not None and choice.id == "back":
        return Step(goto="checklist", data=kept)
    return Step(goto="main:menu")


# --- reminder and closing -----------------------------------------------------------------------


async def _options(ctx: Context, data: Data) -> Prompt:
    checklist = await _checklist(ctx, data)
    if checklist is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    text = ctx._(MENU_OPTIONS, title=checklist_title(ctx, checklist),
                 reference=checklist.reference,
                 reminder=ctx._(ON if checklist.reminders_on else OFF))  # fmt: skip
    toggle = Choice("reminder", ctx._(REMINDER_OFF if checklist.reminders_on else REMINDER_ON))
    choices = (
        toggle,
        Choice("who", ctx._(WHO_BUTTON)),
        Choice("departed", ctx._(DEPARTED)),
        Choice("cancelled", ctx._(DROP)),
        Choice("back", ctx._(BACK_CHECKLIST)),
    )
    return Prompt(replies=(Reply(text),), choices=choices)


async def _option(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "back":
        return Step(goto="checklist", data=data)
    if choice.id == "who":
        return Step(replies=(Reply(who_sees(ctx)),), reprompt=True)
    checklist = await _checklist(ctx, data)
    if checklist is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    effect: Effect
    if choice.id == "reminder":
        on = not checklist.reminders_on
        effect = ChecklistRemindersSet(checklist.id, on)
        said = ctx._(REMINDERS_SET, state=ctx._(ON if on else OFF), reference=checklist.reference)
        return Step(effects=(effect,), goto="after", data={**data, "said": said})
    if choice.id in ("departed", "cancelled"):
        effect = ChecklistClosed(
            checklist.id, "departed" if choice.id == "departed" else "cancelled"
        )
        said = ctx._(CLOSED, reference=checklist.reference)
        return Step(effects=(effect,), goto="after", data={**data, "said": said})
    return Step(reprompt=True)


_GONE: dict[str, Any] = {"gone": "list"}

FLOW = make_flow(
    "docs",
    "list",
    Ask("list", _list, _listed,
        exits={"open": "checklist", "new": "for_whom", "menu": "main:menu"}),
    Ask("for_whom", _for_whom, _whom,
        exits={"me": "template", "relative": "relative_name", "cancel": "list"}),
    Ask("relative_name", _ask_name, _name,
        exits={"named": "relative_relation", "cancel": "list"}, takes_any_text=True),
    Ask("relative_relation", _ask_relation, _relation,
        exits={"chosen": "template", "cancel": "list"}),
    Ask("template", _ask_template, _template, exits={"started": "started", "cancel": "list"}),
    Ask("started", _started, _open_new,
        exits={"open": "checklist", "menu": "main:menu", **_GONE}),
    Ask("checklist", _show, _chosen,
        exits={"item": "item", "more": "checklist", "options": "options", **_GONE}),
    Ask("item", _show_item, _item_action,
        exits={"marked": "after", "send": "upload", "delete": "delete", "back": "checklist",
               **_GONE}),
    Ask("upload", _ask_upload, _upload, exits={"received": "after", "cancel": "item", **_GONE}),
    Ask("delete", _ask_delete, _delete,
        exits={"withdrawn": "after", "cancel": "item", **_GONE}),
    Ask("after", _after, _after_choice, exits={"back": "checklist", "menu": "main:menu"}),
    Ask("options", _options, _option,
        exits={"reminder / closed": "after", "back": "checklist", **_GONE}),
    summary="My documents: checklists before leaving",
)  # fmt: skip
