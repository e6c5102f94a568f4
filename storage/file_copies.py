"""The columns of a file a person sent that the bot keeps a copy of under ``FILES_DIR``.

Complaint evidence and checklist documents are downloaded by one background job the same
way (``bot/complaint_jobs.py``): the same bookkeeping of what the file is, when our copy was
made, why the last try failed and when to try again, so both tables share these columns.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import UTCDateTime

__all__ = ["FileCopyColumns"]


class FileCopyColumns:
    """What the download job reads and writes on each file row (a declarative mixin)."""

    mime_type: Mapped[str | None] = mapped_column(String(100), comment="File type, if known")
    size: Mapped[int | None] = mapped_column(Integer, comment="Size in bytes, if known")
    fetched_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When our copy was made (UTC)"
    )
    fetch_error: Mapped[str | None] = mapped_column(
        Text, comment="Why the last download failed (e.g. too big to download)"
    )
    attempts: Mapped[int] = mapped_column(
        Integer, default=0, comment="Download tries so far; at 5 the bot stops trying"
    )
    next_attempt_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime,
        comment="Not downloaded before this time (UTC): a retry's wait, or a process holding it",
    )
