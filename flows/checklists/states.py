"""How checklist states read to people, and the progress line with its next step.

Shared by the keeper's flow, the desk's flow and the benchmark, so "5 dari 11 dokumen siap,
3 sudah diperiksa petugas" is written in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.checklists.catalog import ChecklistContent
from flows.checklists.ports import ChecklistRow, ItemRow
from flows.engine.context import Context
from flows.engine.i18n import N_

__all__ = [
    "ICONS",
    "REASON_LABELS",
    "STATUS_LABELS",
    "checklist_title",
    "item_line",
    "next_step",
    "progress",
]

STATUS_LABELS: Mapping[str, str] = {
    "missing": N_("not yet"),
    "have": N_("you have it"),
    "submitted": N_("sent, waiting for the desk"),
    "verified": N_("checked by the desk"),
    "returned": N_("sent back by the desk"),
}
ICONS: Mapping[str, str] = {
    "missing": "⬜",
    "have": "☑️",
    "submitted": "📤",
    "verified": "✅",
    "returned": "↩️",
}
REASON_LABELS: Mapping[str, str] = {
    "unreadable": N_("Not readable (blurred or cut off)"),
    "wrong_document": N_("Not the right document"),
    "expired": N_("Expired"),
    "incomplete": N_("Incomplete (pages or signature missing)"),
    "name_mismatch": N_("Name or data do not match"),
    "other": N_("Other reason"),
}
PROGRESS = N_("{ready} of {total} documents ready, {verified} checked by an officer")
NEXT_MISSING = N_("Next step: {item}. Where: {where}")
NEXT_RETURNED = N_("Next step: the desk sent back {item}; open it to see why.")
NEXT_SEND = N_("Next step: send a photo of {item} so the desk can check it.")
NEXT_WAIT = N_("Next step: wait for the desk to check your documents, or bring them to the desk.")
NEXT_DONE = N_("Every document is checked. Keep them safe, and copies at home.")
FOR_RELATIVE = N_("{template} (for {name}, {relation})")


def checklist_title(ctx: Context, checklist: ChecklistRow) -> str:
    """The checklist's destination and job, and for whom when kept for a relative."""
    content = ctx.content.of(ChecklistContent)
    template = content.template(checklist.template)
    label = template.label(ctx.locale) if template else checklist.template
    if checklist.for_whom == "relative":
        return ctx._(
            FOR_RELATIVE,
            template=label,
            name=checklist.relative_name,
            relation=checklist.relative_relation,
        )
    return label


def progress(ctx: Context, checklist: ChecklistRow) -> str:
    """'5 of 11 documents ready, 3 checked by an officer' in the person's language."""
    return ctx._(
        PROGRESS, ready=checklist.ready, total=checklist.total, verified=checklist.verified
    )


def _title(ctx: Context, item: ItemRow) -> str:
    found = ctx.content.of(ChecklistContent).item(item.item)
    return found.title(ctx.locale) if found else item.item


def item_line(ctx: Context, item: ItemRow) -> str:
    """One item as a button or a line: its state's icon and its name."""
    return f"{ICONS.get(item.status, '•')} {_title(ctx, item)}"


def next_step(ctx: Context, checklist: ChecklistRow) -> str:
    """What to do next on this checklist (needs its items)."""
    items = checklist.items
    returned = next((i for i in items if i.status == "returned"), None)
    if returned is not None:
        return ctx._(NEXT_RETURNED, item=_title(ctx, returned))
    missing = next((i for i in items if i.status == "missing"), None)
    if missing is not None:
        found = ctx.content.of(ChecklistContent).item(missing.item)
        where = found.text("where", ctx.locale) if found else ""
        return ctx._(NEXT_MISSING, item=_title(ctx, missing), where=where)
    unsent = next((i for i in items if i.status == "have"), None)
    if unsent is not None:
        return ctx._(NEXT_SEND, item=_title(ctx, unsent))
    if any(i.status == "submitted" for i in items):
        return ctx._(NEXT_WAIT)
    return ctx._(NEXT_DONE)
