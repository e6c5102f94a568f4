"""Document checklists: each prospective worker's own progress, verified by the village desk.

Exports on purpose: ``CAPABILITY``; the effects, the reads (``ChecklistQueries`` and its
rows) and the states (for this capability's storage module); the content loader and the
progress rendering (for the benchmark and seed data); the jobs' notices and timings
(``reminder_text``, ``expiry_text``, ``ExpiryWarning``…) for the background jobs the bot runs.
"""

from __future__ import annotations

from flows.checklists import desk, mine
from flows.checklists.catalog import ChecklistContent, load_checklists
from flows.checklists.effects import (
    ChecklistClosed,
    ChecklistExpirySet,
    ChecklistFileRequested,
    ChecklistFileSent,
    ChecklistFileWithdrawn,
    ChecklistItemMarked,
    ChecklistItemReturned,
    ChecklistItemVerified,
    ChecklistPersonViewed,
    ChecklistRemindersSet,
    ChecklistStarted,
    DocumentFile,
)
from flows.checklists.jobs import (
    EXPIRY_WARNINGS,
    REMIND_AFTER,
    WARNED_ROLES,
    ExpiryWarning,
    expiry_text,
    reminder_text,
)
from flows.checklists.ports import (
    CHECKLIST_STATUSES,
    ITEM_STATUSES,
    READY_STATUSES,
    RETURN_REASONS,
    ChecklistQueries,
    ChecklistRow,
    FileRow,
    HistoryRow,
    ItemDetail,
    ItemRow,
    PersonRow,
    QueueRow,
    checklist_queries,
)
from flows.engine.capability import Capability
from flows.engine.i18n import N_

__all__ = [
    "CAPABILITY",
    "CHECKLIST_STATUSES",
    "EXPIRY_WARNINGS",
    "ITEM_STATUSES",
    "READY_STATUSES",
    "REMIND_AFTER",
    "RETURN_REASONS",
    "WARNED_ROLES",
    "ChecklistClosed",
    "ChecklistContent",
    "ChecklistExpirySet",
    "ChecklistFileRequested",
    "ChecklistFileSent",
    "ChecklistFileWithdrawn",
    "ChecklistItemMarked",
    "ChecklistItemReturned",
    "ChecklistItemVerified",
    "ChecklistPersonViewed",
    "ChecklistQueries",
    "ChecklistRemindersSet",
    "ChecklistRow",
    "ChecklistStarted",
    "DocumentFile",
    "ExpiryWarning",
    "FileRow",
    "HistoryRow",
    "ItemDetail",
    "ItemRow",
    "PersonRow",
    "QueueRow",
    "checklist_queries",
    "expiry_text",
    "load_checklists",
    "reminder_text",
]

CAPABILITY = Capability(
    name="checklists",
    modules=(mine, desk),
    commands={
        "dokumen": "docs:list",
        "documents": "docs:list",
        "berkas": "docdesk:queue",
    },
    menu_commands=(("dokumen", N_("My documents: checklist before leaving")),),
    load_content=load_checklists,
)
