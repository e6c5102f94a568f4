"""Storage of the announcements capability: what officers announced, to whom, and its reach."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.capability import CapabilityStorage
from storage.models import Base, UTCDateTime, utcnow

__all__ = ["STORAGE", "Announcement"]


class Announcement(Base):
    """A message an officer sent to many residents of their village."""

    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled')", name="status"),
        {"comment": "Announcements (pengumuman) officers sent; one deliveries row per recipient"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), index=True, comment="Village announced to"
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role that sent it"
    )
    text: Mapped[str] = mapped_column(Text, comment="The announcement as residents read it")
    attachment: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, comment="An optional photo or document: kind and file id"
    )
    audience: Mapped[dict[str, Any]] = mapped_column(
        JSON, comment="Who it is for: whole village, a situation, a language or a topic"
    )
    urgent: Mapped[bool] = mapped_column(
        default=False, comment="True: sent during quiet hours (21:00-06:00) too"
    )
    send_at: Mapped[datetime] = mapped_column(UTCDateTime, comment="When sending starts (UTC)")
    recipients: Mapped[int] = mapped_column(Integer, comment="People it was addressed to")
    status: Mapped[str] = mapped_column(
        String(20), default="active", comment="active (sending or sent) or cancelled"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When cancelled")


STORAGE = CapabilityStorage(name="announcements")
