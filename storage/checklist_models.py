"""The checklists capability's tables: checklists, their items, files and item history.

The village office reads these tables directly, so every column says what it holds and every
state is a readable word with a CHECK constraint. Whose village a checklist belongs to is the
keeper's current village (``residents.village_id``): the desk of the village the person lives
in sees it, and moves with them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from flows.checklists import CHECKLIST_STATUSES, ITEM_STATUSES
from storage.file_copies import FileCopyColumns
from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = ["ACTORS", "FILE_KINDS", "Checklist", "ChecklistEvent", "ChecklistFile", "ChecklistItem"]

#: Who changed an item: its keeper, an officer, or the bot's jobs.
ACTORS = ("resident", "officer", "system")
#: What a person may send as a document: a photo, or a file (PDF).
FILE_KINDS = ("photo", "document")


class Checklist(Base):
    """One planned departure's documents, kept by a resident (for themselves or a relative)."""

    __tablename__ = "checklists"
    __table_args__ = (
        CheckConstraint(check_in("status", CHECKLIST_STATUSES), name="status"),
        CheckConstraint(check_in("for_whom", ("self", "relative")), name="for_whom"),
        Index("ix_checklists_resident", "resident_id", "status"),
        Index("ix_checklists_reminder", "status", "reminders_on", "touched_at"),
        {"comment": "Document checklists: one per planned departure of a prospective worker"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    reference: Mapped[str] = mapped_column(
        String(32), unique=True, comment="Reference shown to the keeper, e.g. DOK-3301-7KQ2MX"
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"),
        comment="Who keeps it (the worker, or a family member keeping it for them)",
    )
    template: Mapped[str] = mapped_column(
        String(40),
        comment="Destination and job (ids of flows/checklists/content/checklists.toml)",
    )
    for_whom: Mapped[str] = mapped_column(
        String(10), default="self", comment="self, or relative (kept on behalf of a relative)"
    )
    relative_name: Mapped[str] = mapped_column(
        String(120), default="", comment="The relative's name when kept on their behalf"
    )
    relative_relation: Mapped[str] = mapped_column(
        String(40), default="", comment="How the relative is related to the keeper (child…)"
    )
    status: Mapped[str] = mapped_column(
        String(20), default="active", comment="active, departed (the worker left), cancelled"
    )
    reminders_on: Mapped[bool] = mapped_column(
        default=True, comment="True: a reminder after two weeks untouched; the keeper may turn off"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When started (UTC)"
    )
    touched_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change by the keeper (UTC)"
    )
    reminded_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the last untouched-for-two-weeks reminder was queued (UTC)"
    )
    closed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When departed or cancelled (UTC)"
    )


class ChecklistItem(Base):
    """One document on a checklist and how far it is."""

    __tablename__ = "checklist_items"
    __table_args__ = (
        CheckConstraint(check_in("status", ITEM_STATUSES), name="status"),
        CheckConstraint("expiry_warning IN (0, 1, 2)", name="expiry_warning"),
        Index("ix_checklist_items_checklist", "checklist_id", "position"),
        Index("ix_checklist_items_waiting", "status", "submitted_at"),
        Index("ix_checklist_items_expiry", "expires_on", "expiry_warning"),
        {"comment": "Documents on each checklist, with their state and expiry"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("checklists.id", ondelete="CASCADE"), comment="The checklist"
    )
    item: Mapped[str] = mapped_column(
        String(40), comment="Which document (item ids of flows/checklists/content/checklists.toml)"
    )
    position: Mapped[int] = mapped_column(Integer, comment="Order on the list (0 first)")
    status: Mapped[str] = mapped_column(
        String(20),
        default="missing",
        comment="missing, have (sudah punya), submitted (file waits for the desk), verified, "
        "returned (sent back with a reason)",
    )
    submitted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the latest file was sent (UTC): the desk's queue order"
    )
    verified_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When an officer verified it (UTC)"
    )
    verified_by_officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role who verified it"
    )
    return_reason: Mapped[str] = mapped_column(
        String(30),
        default="",
        comment="Why sent back: unreadable, wrong_document, expired, incomplete, "
        "name_mismatch, other (empty unless returned)",
    )
    return_note: Mapped[str] = mapped_column(
        Text, default="", comment="The officer's own words when sending it back"
    )
    expires_on: Mapped[date | None] = mapped_column(
        Date, comment="Last day the document is valid (passport, health certificate), if entered"
    )
    expiry_warning: Mapped[int] = mapped_column(
        Integer,
        default=0,
        comment="Expiry warnings sent for this date: 0 none, 1 (30 days before), 2 (7 days before)",
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change (UTC)"
    )


class ChecklistFile(FileCopyColumns, Base):
    """A photo or PDF of a document: Telegram's file id, and our own copy once downloaded."""

    __tablename__ = "checklist_files"
    __table_args__ = (
        CheckConstraint(check_in("kind", FILE_KINDS), name="kind"),
        Index("ix_checklist_files_item", "item_id"),
        Index("ix_checklist_files_fetch", "local_path", "attempts"),
        {"comment": "Files residents sent of their documents, and our copies under FILES_DIR"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), comment="The checklist item"
    )
    kind: Mapped[str] = mapped_column(String(20), comment="photo or document")
    telegram_file_id: Mapped[str] = mapped_column(
        String(255), comment="Telegram's id of the file (empty once the keeper withdrew it)"
    )
    local_path: Mapped[str | None] = mapped_column(
        String(500),
        comment="Our copy, relative to FILES_DIR: <village code>/<reference>/<id>-<kind>.<ext> "
        "(empty until downloaded, and again once a withdrawn file's copy is deleted)",
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When received (UTC)"
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the keeper deleted it (UTC); the desk sees it was withdrawn"
    )
    purged_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When our copy of a withdrawn file was deleted from FILES_DIR (UTC)"
    )


class ChecklistEvent(Base):
    """One change of an item: marked, file sent or withdrawn, verified, returned, expiry."""

    __tablename__ = "checklist_events"
    __table_args__ = (
        CheckConstraint(check_in("actor", ACTORS), name="actor"),
        Index("ix_checklist_events_item", "item_id", "at"),
        {"comment": "History of each checklist item: who changed what, when"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), comment="The checklist item"
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When (UTC)")
    actor: Mapped[str] = mapped_column(String(20), comment="resident, officer or system")
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role who acted"
    )
    from_status: Mapped[str] = mapped_column(String(20), comment="Item state before")
    to_status: Mapped[str] = mapped_column(String(20), comment="Item state after")
    detail: Mapped[str] = mapped_column(
        Text,
        default="",
        comment="What happened: marked, file sent, file withdrawn, verified, returned with "
        "reason, expiry entered, expiry warned",
    )
