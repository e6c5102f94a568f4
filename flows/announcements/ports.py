"""The reads the announcements capability needs from storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = ["AnnouncementQueries", "AnnouncementRow", "Reach", "announcement_queries"]


@dataclass(frozen=True, slots=True)
class Reach:
    """How far an announcement has got."""

    sent: int = 0
    waiting_quiet_hours: int = 0
    pending: int = 0
    failed: int = 0
    unreachable: int = 0
    cancelled: int = 0

    @property
    def open(self) -> int:
        """Messages that may still go out."""
        return self.waiting_quiet_hours + self.pending


@dataclass(frozen=True, slots=True)
class AnnouncementRow:
    """One announcement of a village, with its reach."""

    id: int
    text: str
    audience: Mapping[str, str]
    urgent: bool
    send_at: datetime
    recipients: int
    cancelled: bool
    reach: Reach


class AnnouncementQueries(Protocol):
    """Audiences and announcements of a village."""

    async def count_recipients(self, village_code: str, audience: Mapping[str, str]) -> int:
        """How many people of the village an announcement to ``audience`` would reach now."""
        ...

    async def recent(self, village_code: str, limit: int, now: datetime) -> list[AnnouncementRow]:
        """The village's latest announcements, newest first."""
        ...

    async def announcement(
        self, village_code: str, announcement_id: int, now: datetime
    ) -> AnnouncementRow | None:
        """One announcement of that village (None for another village's id)."""
        ...


def announcement_queries(ctx: Context) -> AnnouncementQueries:
    """The announcements capability's reads in the current transaction."""
    return cast("AnnouncementQueries", ctx.queries.of("announcements"))
