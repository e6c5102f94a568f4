"""The delivery engine's tables: one row per message to many people, and the shared pace.

Kept apart from ``storage.models`` (the conversation's tables) because the delivery worker,
not the chat, owns them; both share ``Base`` and its naming convention.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = ["DELIVERY_STATUSES", "Delivery", "DeliveryPacing"]

DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "unreachable", "cancelled")


class Delivery(Base):
    """One message of an announcement (later: job notice, child update, reminder) to one person.

    Written in the same transaction as the announcement; the delivery worker claims and sends
    them at Telegram's pace, in each person's waking hours.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(check_in("status", DELIVERY_STATUSES), name="status"),
        Index("ix_deliveries_due", "status", "not_before", "id"),
        Index("ix_deliveries_source", "kind", "source_id", "status"),
        {"comment": "Messages sent to many people (announcements…), one row per recipient"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    kind: Mapped[str] = mapped_column(String(30), comment="announcement (later: job_notice, …)")
    source_id: Mapped[int] = mapped_column(Integer, comment="Id of the announcement (or notice)")
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True, comment="Recipient"
    )
    channel: Mapped[str] = mapped_column(String(20), comment="telegram or console")
    chat_id: Mapped[str] = mapped_column(String(64), comment="Where to send on that channel")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, comment="Text, buttons and file to send")
    urgent: Mapped[bool] = mapped_column(
        default=False, comment="True: may be sent during the recipient's quiet hours"
    )
    timezone: Mapped[str] = mapped_column(
        String(40), default="Asia/Jakarta", comment="Recipient's time zone for quiet hours"
    )
    not_before: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Not sent before this time (UTC): the chosen time or quiet hours"
    )
    status: Mapped[str] = mapped_column(
        String(20),
        default="pending",
        comment="pending, sending (claimed by a worker), sent, failed, unreachable, cancelled",
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, comment="Send attempts so far")
    last_error: Mapped[str | None] = mapped_column(Text, comment="Why the last attempt failed")
    claimed_by: Mapped[str | None] = mapped_column(
        String(64), comment="Worker that claimed it (while sending)"
    )
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When claimed")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When queued (UTC)"
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When delivered (UTC)")


class DeliveryPacing(Base):
    """The one shared clock every delivery worker books its sends on.

    Several workers (processes or machines) must together stay under DELIVERY_RATE and all
    stop when Telegram answers 429, so the pace lives in the database, not in one process.
    """

    __tablename__ = "delivery_pacing"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        {"comment": "Pace of the delivery workers: one row, shared by all of them"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Always 1")
    next_slot: Mapped[datetime] = mapped_column(
        UTCDateTime,
        comment="Earliest moment (UTC) the next booked delivery may be sent; pushed forward "
        "by each booking and by Telegram's flood waits",
    )
