"""Effects of the announcements capability."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flows.engine.effects import Effect

__all__ = ["AnnouncementCancelled", "AnnouncementCreated"]


@dataclass(frozen=True, slots=True)
class AnnouncementCreated(Effect):
    """An officer confirmed an announcement: storage queues one delivery per recipient."""

    officer_user_id: str
    channel: str
    village_code: str
    text: str
    attachment: Mapping[str, str] | None
    audience: Mapping[str, str]
    urgent: bool
    send_at: datetime


@dataclass(frozen=True, slots=True)
class AnnouncementCancelled(Effect):
    """A coordinator stopped an announcement: what is not sent yet is never sent."""

    officer_user_id: str
    village_code: str
    announcement_id: int
