"""The reads the checklists capability needs from storage, and its readable states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = [
    "CHECKLIST_STATUSES",
    "ITEM_STATUSES",
    "READY_STATUSES",
    "RETURN_REASONS",
    "ChecklistQueries",
    "ChecklistRow",
    "FileRow",
    "HistoryRow",
    "ItemDetail",
    "ItemRow",
    "PersonRow",
    "QueueRow",
    "checklist_queries",
]

#: An item's states: missing (belum punya), have (sudah punya, no file), submitted (a file
#: waits for the desk), verified (checked by an officer), returned (sent back with a reason).
ITEM_STATUSES = ("missing", "have", "submitted", "verified", "returned")
#: Items that count as "siap" (ready) in the progress line.
READY_STATUSES = ("have", "submitted", "verified")
#: A checklist's states: active, departed (the person left), cancelled (plan dropped).
CHECKLIST_STATUSES = ("active", "departed", "cancelled")
#: Why an officer sends a document back (stored as these ids; the flow shows labels).
RETURN_REASONS = ("unreadable", "wrong_document", "expired", "incomplete", "name_mismatch", "other")


@dataclass(frozen=True, slots=True)
class FileRow:
    """A file sent for an item; ``withdrawn_at`` set when the person deleted it."""

    id: int
    kind: str
    created_at: datetime
    withdrawn_at: datetime | None = None
    copied: bool = False


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One change of an item: who did what, when."""

    at: datetime
    actor: str  # resident, officer or system
    to_status: str
    detail: str
    officer_name: str = ""


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One document on a checklist, as its owner or an officer sees it."""

    id: int
    checklist_id: int
    item: str
    status: str
    updated_at: datetime
    expires_on: date | None = None
    return_reason: str = ""
    return_note: str = ""
    verified_at: datetime | None = None
    verified_by: str = ""
    files: tuple[FileRow, ...] = ()
    history: tuple[HistoryRow, ...] = ()

    @property
    def active_files(self) -> tuple[FileRow, ...]:
        """Files not withdrawn."""
        return tuple(f for f in self.files if f.withdrawn_at is None)


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    """A checklist with its counts; ``items`` filled when one checklist is read."""

    id: int
    reference: str
    template: str
    status: str
    for_whom: str
    relative_name: str
    relative_relation: str
    reminders_on: bool
    created_at: datetime
    total: int
    ready: int
    verified: int
    returned: int = 0
    items: tuple[ItemRow, ...] = ()


@dataclass(frozen=True, slots=True)
class QueueRow:
    """An item waiting for the desk: whose, which document, since when."""

    item_id: int
    item: str
    owner_name: str
    relative_name: str
    submitted_at: datetime


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A resident of the village with checklists, as the desk lists them."""

    resident_id: int
    name: str
    checklists: int
    ready: int
    verified: int
    waiting: int


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """One item as the desk opens it, with whose it is and the language to tell them in."""

    item: ItemRow
    checklist: ChecklistRow
    resident_id: int
    owner_name: str
    owner_locale: str


class ChecklistQueries(Protocol):
    """Checklists as their keeper, and as their village's desk, may see them."""

    async def own_checklists(self, resident_id: int) -> list[ChecklistRow]:
        """This person's checklists with their counts, active first, newest first."""
        ...

    async def own_checklist(self, resident_id: int, checklist_id: int) -> ChecklistRow | None:
        """One of this person's checklists with its items and files (None if not theirs)."""
        ...

    async def own_checklist_by_reference(
        self, resident_id: int, reference: str
    ) -> ChecklistRow | None:
        """This person's checklist with this reference, without items (None if not theirs)."""
        ...

    async def queue(self, village_code: str, *, limit: int, offset: int = 0) -> list[QueueRow]:
        """Items of the village's residents waiting for the desk, oldest first."""
        ...

    async def waiting_count(self, village_code: str) -> int:
        """How many items of the village wait for the desk."""
        ...

    async def item(self, village_code: str, item_id: int) -> ItemDetail | None:
        """One item of a resident of that village, with files and history (None otherwise)."""
        ...

    async def people(self, village_code: str, *, limit: int, offset: int = 0) -> list[PersonRow]:
        """The village's residents with checklists, those with items waiting first."""
        ...

    async def person(
        self, village_code: str, resident_id: int, *, limit: int, offset: int = 0
    ) -> tuple[str, int, list[ChecklistRow]] | None:
        """A resident of that village: their name, how many checklists they keep, and one page
        of them with their items (None for a resident of another village)."""
        ...


def checklist_queries(ctx: Context) -> ChecklistQueries:
    """The checklists capability's reads in the current transaction."""
    return cast("ChecklistQueries", ctx.queries.of("checklists"))
