"""One checklist in "my documents", and one document's steps in it.

The checklist shows its progress, the next step and one page of documents. A document says
what it is, where to get it, what it costs where the facts say so and what to bring, its state
(with the desk's reason when sent back), and what can be done with it: mark it "sudah punya"
or not yet, or go on to send or delete a file (``mine_files``).
"""

from __future__ import annotations

from flows.checklists.effects import ChecklistItemMarked
from flows.checklists.mine_common import (
    BACK_CHECKLIST,
    GONE,
    GONE_EXIT,
    after_change,
    checklist_content,
    item_title,
    own_checklist,
    own_item,
)
from flows.checklists.ports import ChecklistRow, ItemRow
from flows.checklists.states import (
    REASON_LABELS,
    STATUS_LABELS,
    checklist_title,
    item_line,
    next_step,
    progress,
)
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step

__all__ = ["NODES"]

PAGE = 5
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
MARKED = N_("Noted: you have {item}.\n{progress}")
UNMARKED = N_("Noted: {item} is not ready yet.\n{progress}")


# --- one checklist ------------------------------------------------------------------------------


async def _show(ctx: Context, data: Data) -> Prompt:
    """Progress, the next step, and one page of documents."""
    checklist = await own_checklist(ctx, data)
    if checklist is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    template = checklist_content(ctx).template(checklist.template)
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
    content = checklist_content(ctx)
    found = content.item(item.item)
    template = content.template(checklist.template)
    if found is None:
        return item_title(ctx, item)
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
    checklist = await own_checklist(ctx, data)
    item = own_item(checklist, data) if checklist else None
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
    checklist = await own_checklist(ctx, data)
    item = own_item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    if choice.id in ("have", "unmark") and item.status in ("missing", "have"):
        have = choice.id == "have"
        marked = ChecklistItemMarked(checklist.id, item.id, have)
        after = after_change(checklist, item, "have" if have else "missing")
        said = ctx._(MARKED if have else UNMARKED, item=item_title(ctx, item),
                     progress=progress(ctx, after))  # fmt: skip
        return Step(effects=(marked,), goto="after", data={**data, "said": said})
    if choice.id == "send":
        return Step(goto="upload", data=data)
    if choice.id == "delete":
        return Step(goto="delete", data=data)
    return Step(reprompt=True)


NODES: tuple[Node, ...] = (
    Ask("checklist", _show, _chosen,
        exits={"item": "item", "more": "checklist", "options": "options", **GONE_EXIT}),
    Ask("item", _show_item, _item_action,
        exits={"marked": "after", "send": "upload", "delete": "delete", "back": "checklist",
               **GONE_EXIT}),
)  # fmt: skip
