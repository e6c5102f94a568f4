"""Files in "my documents": sending a photo or PDF of a document, and deleting one sent.

A file is kept for the village desk to check (the document then waits for the desk), told who
can see it; a file sent can be deleted again, and the desk sees that it was withdrawn. Only
photos, and PDF or image files up to 20 MB, are taken.
"""

from __future__ import annotations

from flows.checklists.effects import ChecklistFileSent, ChecklistFileWithdrawn, DocumentFile
from flows.checklists.mine_common import (
    CANCEL,
    CANCELLED,
    GONE,
    GONE_EXIT,
    after_change,
    item_title,
    own_checklist,
    own_item,
    who_sees,
)
from flows.checklists.states import progress
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step

__all__ = ["NODES"]

ASK_FILE = N_(
    "Send a photo or a PDF of {item} (as a photo, or as a file). Make sure every corner "
    "and all writing can be read.\n\n{who}"
)
ONLY_FILES = N_("Please send a photo or a PDF file, or tap Cancel.")
TOO_BIG = N_("That file is too big (over 20 MB). Please send a photo instead.")
RECEIVED = N_("Received: {item} waits for the village desk to check it.\n{progress}\n\n{who}")
WHICH_FILE = N_("Which file should be deleted? The desk will see that you withdrew it.")
FILE_LABEL = N_("🗑 {kind} of {date}")
KINDS = {"photo": N_("Photo"), "document": N_("File")}
WITHDRAWN = N_("The file is deleted. The desk sees that you withdrew it.")
NO_FILES = N_("You have not sent a file for this document.")


async def _ask_upload(ctx: Context, data: Data) -> Prompt:
    checklist = await own_checklist(ctx, data)
    item = own_item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data={})
    text = ctx._(ASK_FILE, item=item_title(ctx, item), who=who_sees(ctx))
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
    checklist = await own_checklist(ctx, data)
    item = own_item(checklist, data) if checklist else None
    if checklist is None or item is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    status = item.status if item.status == "verified" else "submitted"
    after = after_change(checklist, item, status)
    said = ctx._(RECEIVED, item=item_title(ctx, item), progress=progress(ctx, after),
                 who=who_sees(ctx))  # fmt: skip
    sent = ChecklistFileSent(checklist.id, item.id, file)
    return Step(effects=(sent,), goto="after", data={**data, "said": said})


async def _ask_delete(ctx: Context, data: Data) -> Prompt:
    checklist = await own_checklist(ctx, data)
    item = own_item(checklist, data) if checklist else None
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
    checklist = await own_checklist(ctx, data)
    item = own_item(checklist, data) if checklist else None
    file_id = int(choice.id[5:])
    if checklist is None or item is None or all(f.id != file_id for f in item.active_files):
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data={})
    withdrawn = ChecklistFileWithdrawn(checklist.id, item.id, file_id)
    return Step(effects=(withdrawn,), goto="after", data={**data, "said": ctx._(WITHDRAWN)})


NODES: tuple[Node, ...] = (
    Ask("upload", _ask_upload, _upload,
        exits={"received": "after", "cancel": "item", **GONE_EXIT}),
    Ask("delete", _ask_delete, _delete,
        exits={"withdrawn": "after", "cancel": "item", **GONE_EXIT}),
)  # fmt: skip
