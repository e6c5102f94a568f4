"""Effects of the checklists capability: the writes its flows ask storage for.

A resident's effects name their own checklist; storage applies them only to a checklist the
person keeps. Every officer effect names the officer (channel and account) and the village
acted for, so storage can check the item belongs to a person of that village, audit the
action and tell the person through the delivery engine (the flow has written that ``notice``
in the person's own language; storage only queues it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from flows.engine.effects import Effect

__all__ = [
    "ChecklistClosed",
    "ChecklistExpirySet",
    "ChecklistFileRequested",
    "ChecklistFileSent",
    "ChecklistFileWithdrawn",
    "ChecklistItemMarked",
    "ChecklistItemReturned",
    "ChecklistItemVerified",
    "ChecklistPersonViewed",
    "ChecklistRemindersSet",
    "ChecklistStarted",
    "DocumentFile",
]


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A photo or PDF the person sent (Telegram's file id; storage keeps a copy under FILES_DIR)."""

    kind: Literal["photo", "document"]
    file_id: str
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class ChecklistStarted(Effect):
    """A new checklist for one planned departure, for oneself or kept for a relative."""

    reference: str
    template: str
    items: tuple[str, ...]
    for_whom: Literal["self", "relative"] = "self"
    relative_name: str = ""
    relative_relation: str = ""


@dataclass(frozen=True, slots=True)
class ChecklistItemMarked(Effect):
    """The person says they have the document ("sudah punya"), or that they do not after all."""

    checklist_id: int
    item_id: int
    have: bool


@dataclass(frozen=True, slots=True)
class ChecklistFileSent(Effect):
    """A photo or PDF of a document: the item waits for the desk to check it."""

    checklist_id: int
    item_id: int
    file: DocumentFile


@dataclass(frozen=True, slots=True)
class ChecklistFileWithdrawn(Effect):
    """The person deleted a file they sent (the desk sees it was withdrawn; our copy goes)."""

    checklist_id: int
    item_id: int
    file_id: int


@dataclass(frozen=True, slots=True)
class ChecklistRemindersSet(Effect):
    """The two-weekly reminder for this checklist turned on or off."""

    checklist_id: int
    on: bool


@dataclass(frozen=True, slots=True)
class ChecklistClosed(Effect):
    """The person closed a checklist: they left (``departed``) or dropped the plan."""

    checklist_id: int
    status: Literal["departed", "cancelled"]


@dataclass(frozen=True, slots=True)
class ChecklistItemVerified(Effect):
    """An officer checked the document and found it in order."""

    officer_channel: str
    officer_account: str
    village_code: str
    item_id: int
    notice: str = ""


@dataclass(frozen=True, slots=True)
class ChecklistItemReturned(Effect):
    """An officer sent the document back with a reason (from the list) and their own words."""

    officer_channel: str
    officer_account: str
    village_code: str
    item_id: int
    reason: str
    note: str = ""
    notice: str = ""


@dataclass(frozen=True, slots=True)
class ChecklistExpirySet(Effect):
    """An officer entered the date a document (passport, health certificate) stops being valid."""

    officer_channel: str
    officer_account: str
    village_code: str
    item_id: int
    expires_on: date


@dataclass(frozen=True, slots=True)
class ChecklistFileRequested(Effect):
    """An officer opened an item's files: storage queues them to the officer's own chat."""

    officer_channel: str
    officer_account: str
    village_code: str
    item_id: int


@dataclass(frozen=True, slots=True)
class ChecklistPersonViewed(Effect):
    """An officer opened one person's checklists (audited: it is personal data)."""

    officer_channel: str
    officer_account: str
    village_code: str
    resident_id: int
