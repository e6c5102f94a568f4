"""The table of exports officers asked for in the chat (``export_requests``).

Why a table: the file is written by the background jobs, not while the officer waits, so the
request must survive a restart and be claimed by exactly one process; the office can also
read who exported what, when, and how many rows, next to the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = ["EXPORT_FORMATS", "EXPORT_STATUSES", "ExportRequest"]

#: requested (waiting for the job), working (a job holds it until claimed_until), done, failed.
EXPORT_STATUSES = ("requested", "working", "done", "failed")
EXPORT_FORMATS = ("csv", "xlsx")


class ExportRequest(Base):
    """One export an officer asked for from the officer menu."""

    __tablename__ = "export_requests"
    __table_args__ = (
        CheckConstraint(check_in("status", EXPORT_STATUSES), name="status"),
        CheckConstraint(check_in("format", EXPORT_FORMATS), name="format"),
        Index("ix_export_requests_due", "status", "id"),
        {"comment": "Exports officers asked for in the chat; the file is sent to them there"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), index=True, comment="Village exported"
    )
    requested_by: Mapped[str] = mapped_column(
        String(64), comment="The officer's account id on the channel (as in the audit log)"
    )
    channel: Mapped[str] = mapped_column(String(20), comment="The officer's channel (telegram)")
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), comment="The chat the file goes to"
    )
    what: Mapped[str] = mapped_column(String(40), comment="Which export, e.g. checklist-progress")
    format: Mapped[str] = mapped_column(String(10), comment="csv or xlsx")
    locale: Mapped[str] = mapped_column(String(10), comment="Language of the officer's messages")
    status: Mapped[str] = mapped_column(
        String(20), default="requested", comment="requested, working, done or failed"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When the officer asked (UTC)"
    )
    claimed_until: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="A job works on it until then; later another may take it (UTC)"
    )
    finished_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the file was made or the request failed (UTC)"
    )
    rows: Mapped[int | None] = mapped_column(Integer, comment="Rows written to the file")
    file_path: Mapped[str | None] = mapped_column(
        String(200), comment="The file under FILES_DIR (deleted a day after it was made)"
    )
    error: Mapped[str | None] = mapped_column(Text, comment="Why it failed (no personal data)")
