"""The reads the complaints capability needs from storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = [
    "OPEN_STATUSES",
    "STATUSES",
    "CaseMessage",
    "CaseRow",
    "ComplaintQueries",
    "complaint_queries",
]

#: A case's states, in the order an office reads them.
STATUSES = (
    "new",
    "in_progress",
    "waiting_reporter",
    "referred",
    "resolved",
    "closed",
    "withdrawn",
)
#: States in which the case is still being worked on.
OPEN_STATUSES = ("new", "in_progress", "waiting_reporter", "referred")


@dataclass(frozen=True, slots=True)
class CaseMessage:
    """One entry of a case's conversation, oldest first."""

    at: datetime
    author: str  # "reporter", "officer" or "system"
    kind: str  # report, addition, answer, public, note, question
    text: str
    officer_name: str = ""


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as a list shows it; ``messages`` filled only when one case is read."""

    id: int
    reference: str
    village_code: str
    category: str
    status: str
    urgent: bool
    created_at: datetime
    due_at: datetime
    affected: Mapping[str, str]
    description: str
    contact: str
    disclosure: str
    evidence_count: int
    owner_name: str = ""
    reporter_name: str = ""  # shown to officers only when disclosure is "named"
    reporter_locale: str = "id"  # the language the reporter's notices are written in
    referred_to: str = ""
    their_reference: str = ""
    outcome: str = ""
    latest_public: str = ""  # the latest answer the reporter may see
    messages: tuple[CaseMessage, ...] = ()


class ComplaintQueries(Protocol):
    """Cases as their reporter, and as their village's officers, may see them."""

    async def draft(self, resident_id: int) -> Mapping[str, Any] | None:
        """This person's unfinished report, if they have one."""
        ...

    async def own_cases(self, resident_id: int) -> list[CaseRow]:
        """The cases this person reported, newest first."""
        ...

    async def own_case(self, resident_id: int, complaint_id: int) -> CaseRow | None:
        """One of this person's cases with its public messages (None if not theirs)."""
        ...

    async def queue(
        self, village_code: str, *, statuses: tuple[str, ...], category: str | None, limit: int
    ) -> list[CaseRow]:
        """The village's cases in these states: urgent first, then oldest first."""
        ...

    async def case(self, village_code: str, complaint_id: int) -> CaseRow | None:
        """One case of that village with every message and note (None for another village)."""
        ...

    async def counts(self, village_code: str) -> Mapping[str, int]:
        """How many cases of the village are in each state (what village staff may see)."""
        ...


def complaint_queries(ctx: Context) -> ComplaintQueries:
    """The complaints capability's reads in the current transaction."""
    return cast("ComplaintQueries", ctx.queries.of("complaints"))
