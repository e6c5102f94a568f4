"""The complaints capability's tables: cases, their messages, evidence, history and drafts.

Kept apart from the capability's statements (``storage/capabilities/complaints.py``) because
the office reads these tables directly and the background jobs (``storage/complaint_jobs.py``)
share them; all of them sit on the shared ``Base`` and its naming convention.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from flows.complaints import STATUSES
from storage.file_copies import FileCopyColumns
from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = [
    "AUTHORS",
    "EVIDENCE_KINDS",
    "MESSAGE_KINDS",
    "Complaint",
    "ComplaintDraft",
    "ComplaintEvent",
    "ComplaintEvidence",
    "ComplaintMessage",
]

#: Who wrote a message or caused an event on a case.
AUTHORS = ("reporter", "officer", "system")
#: report (the first description), addition (more from the reporter), answer (the reporter's
#: answer to a question), public (an officer's reply the reporter gets), note (internal, never
#: sent), question (an officer's question to the reporter).
MESSAGE_KINDS = ("report", "addition", "answer", "public", "note", "question")
#: The kinds of file Telegram gives us (and the delivery engine can send back).
EVIDENCE_KINDS = ("photo", "document", "voice", "audio", "video", "video_note")


class Complaint(Base):
    """One reported problem, from report to resolution."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(check_in("status", STATUSES), name="status"),
        CheckConstraint(check_in("disclosure", ("named", "anonymous")), name="disclosure"),
        CheckConstraint("escalation_level IN (0, 1, 2)", name="escalation_level"),
        Index("ix_complaints_queue", "village_id", "status", "urgent", "created_at"),
        Index("ix_complaints_reporter", "reporter_resident_id"),
        Index("ix_complaints_due", "status", "due_at"),
        {"comment": "Complaints (pengaduan) residents reported; one row per case"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    reference: Mapped[str] = mapped_column(
        String(32), unique=True, comment="Reference the reporter is given, e.g. ADU-3301-7KQ2MX"
    )
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"),
        comment="Village whose desk handles it (the reporter's village)",
    )
    reporter_resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), comment="Who reported it"
    )
    category: Mapped[str] = mapped_column(
        String(30), comment="Kind of problem (ids of flows/complaints/content/categories.toml)"
    )
    urgent: Mapped[bool] = mapped_column(
        default=False, comment="True: an urgent category, first in the officers' queue"
    )
    affected: Mapped[dict[str, Any]] = mapped_column(
        JSON,
        comment="Who is affected: who (self or family), name, relation, country, city, employer",
    )
    description: Mapped[str] = mapped_column(Text, comment="What happened, as the reporter wrote")
    contact: Mapped[str] = mapped_column(
        String(200), default="", comment="Another way to reach the reporter (empty: this chat)"
    )
    disclosure: Mapped[str] = mapped_column(
        String(20),
        comment="named (officers may give the reporter's name to the agency or authorities) "
        "or anonymous",
    )
    status: Mapped[str] = mapped_column(
        String(20),
        default="new",
        comment="new, in_progress, waiting_reporter, referred, resolved, closed, withdrawn",
    )
    owner_officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role handling it"
    )
    referred_to: Mapped[str] = mapped_column(
        String(200), default="", comment="Who it was referred to (Disnaker, BP3MI, police…)"
    )
    their_reference: Mapped[str] = mapped_column(
        String(100), default="", comment="The reference given by whom it was referred to"
    )
    outcome: Mapped[str] = mapped_column(
        Text, default="", comment="How it ended (when resolved or closed)"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When reported (UTC)"
    )
    due_at: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Target for an answer (UTC), from the category's due_hours"
    )
    first_response_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime,
        comment="First public reply, question or status change by an officer (UTC)",
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When resolved (UTC)")
    escalation_level: Mapped[int] = mapped_column(
        Integer,
        default=0,
        comment="0 not escalated, 1 village coordinators told, 2 district admins told",
    )
    escalated_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When last escalated (UTC)"
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change (UTC)"
    )


class ComplaintMessage(Base):
    """One entry of a case's conversation: the report, additions, replies, notes, questions."""

    __tablename__ = "complaint_messages"
    __table_args__ = (
        CheckConstraint(check_in("author", AUTHORS), name="author"),
        CheckConstraint(check_in("kind", MESSAGE_KINDS), name="kind"),
        {"comment": "What reporters and officers wrote on a case; notes are never sent"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True, comment="The case"
    )
    author: Mapped[str] = mapped_column(String(20), comment="reporter, officer or system")
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role who wrote it"
    )
    kind: Mapped[str] = mapped_column(
        String(20),
        comment="report, addition, answer (to a question), public (reply sent to the "
        "reporter), note (internal), question (to the reporter)",
    )
    text: Mapped[str] = mapped_column(Text, comment="The message")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When (UTC)")


class ComplaintEvidence(FileCopyColumns, Base):
    """A file the reporter sent: Telegram's file id, and our own copy once downloaded."""

    __tablename__ = "complaint_evidence"
    __table_args__ = (
        CheckConstraint(check_in("kind", EVIDENCE_KINDS), name="kind"),
        Index("ix_complaint_evidence_fetch", "local_path", "attempts"),
        {"comment": "Photos, documents and voice notes sent as evidence, and their copies"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True, comment="The case"
    )
    kind: Mapped[str] = mapped_column(
        String(20), comment="photo, document, voice, audio, video or video_note"
    )
    telegram_file_id: Mapped[str] = mapped_column(
        String(255), comment="Telegram's id of the file (to send it again or download it)"
    )
    local_path: Mapped[str | None] = mapped_column(
        String(500),
        comment="Our copy, relative to FILES_DIR: <village code>/<reference>/<id>-<kind>.<ext> "
        "(empty until downloaded)",
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When received (UTC)"
    )


class ComplaintEvent(Base):
    """One change of a case's status (or an escalation): its history."""

    __tablename__ = "complaint_events"
    __table_args__ = (
        CheckConstraint(check_in("actor", AUTHORS), name="actor"),
        {"comment": "Status history of each case: who changed what, when"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True, comment="The case"
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When (UTC)")
    actor: Mapped[str] = mapped_column(String(20), comment="reporter, officer or system")
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role who acted"
    )
    from_status: Mapped[str | None] = mapped_column(
        String(20), comment="Status before (empty when the case was reported)"
    )
    to_status: Mapped[str] = mapped_column(String(20), comment="Status after")
    detail: Mapped[str] = mapped_column(
        Text,
        default="",
        comment="What happened: taken, referred to whom, outcome, escalated, reason…",
    )


class ComplaintDraft(Base):
    """A report someone started and has not sent yet (kept 7 days, one reminder)."""

    __tablename__ = "complaint_drafts"
    __table_args__ = ({"comment": "Unfinished reports: one per person, deleted after 7 days"},)

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True, comment="Whose draft"
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON, comment="The answers given so far")
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True, comment="Last change (UTC)"
    )
    reminded_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the one reminder was queued (UTC)"
    )
