"""The reads the parenting capability needs from storage.

Every read is scoped by who asks: a parent's reads join their own *active* link to the child,
an officer's reads the village they act for; a guessed or stale child id finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = [
    "LINK_STATUSES",
    "RELATIONS",
    "CallRow",
    "ChildRow",
    "CodeRow",
    "LinkRow",
    "MessageRow",
    "OpenCodeRow",
    "ParentingQueries",
    "RestrictionRow",
    "UpdateRow",
    "WaitingRow",
    "parenting_queries",
]

#: Who may be linked to a child: the parents abroad, another guardian, the caregiver at home.
RELATIONS = ("mother", "father", "guardian", "caregiver")
#: pending (waits for the caregiver), active, ended (unlinked or child removed), blocked
#: (a restriction ended it).
LINK_STATUSES = ("pending", "active", "ended", "blocked")


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A person linked (or waiting to be) to a child."""

    id: int
    relation: str
    status: str
    name: str  # the person's display name (for the facilitator and the caregiver)


@dataclass(frozen=True, slots=True)
class ChildRow:
    """A child as the asker may see them."""

    id: int
    name: str
    birth_date: date
    school: str
    village_code: str
    village_name: str
    timezone: str
    caregiver_name: str
    caregiver_relation: str
    photo_consent: bool
    parents_abroad: tuple[tuple[str, str], ...]  # (relation, country)
    relation: str = ""  # the asker's own link, for parents and caregivers
    links: tuple[LinkRow, ...] = ()  # for facilitators (and caregivers: pending ones)
    restricted: tuple[str, ...] = ()  # relations a restriction blocks
    updates: int = 0


@dataclass(frozen=True, slots=True)
class UpdateRow:
    """One update about a child, newest first."""

    id: int
    at: datetime
    topic: str
    text: str
    photos: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CodeRow:
    """A link code, as the person typing it may learn of it."""

    code: str
    child_id: int
    child_name: str
    village_code: str
    village_name: str
    relation: str
    expires_at: datetime
    used: bool
    revoked: bool
    restricted: bool  # a restriction blocks links of this relation


@dataclass(frozen=True, slots=True)
class OpenCodeRow:
    """A code of the child not yet used, revoked or expired (for the facilitator)."""

    code: str
    relation: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class RestrictionRow:
    """A restriction in force on the child (lifted ones stay in the table, not here)."""

    id: int
    relation: str
    kind: str
    note: str
    at: datetime


@dataclass(frozen=True, slots=True)
class WaitingRow:
    """A link waiting for the caregiver's confirmation, as the village's desk sees it."""

    link_id: int
    child_id: int
    child_name: str
    relation: str
    person_name: str


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A parent's message or question waiting for the facilitator."""

    id: int
    child_id: int
    child_name: str
    kind: str
    text: str
    at: datetime
    parent_name: str
    parent_locale: str


@dataclass(frozen=True, slots=True)
class CallRow:
    """A requested video call."""

    id: int
    child_id: int
    child_name: str
    wish: str
    status: str
    at: datetime | None
    parent_name: str
    parent_locale: str
    parent_timezone: str


class ParentingQueries(Protocol):
    """Children, updates and requests, as each asker may see them."""

    async def my_children(self, resident_id: int) -> list[ChildRow]:
        """Children this person is actively linked to."""
        ...

    async def my_child(self, resident_id: int, child_id: int) -> ChildRow | None:
        """One child through this person's active link (None otherwise)."""
        ...

    async def my_updates(self, resident_id: int, child_id: int, limit: int) -> list[UpdateRow]:
        """The child's updates, newest first, through this person's active link."""
        ...

    async def my_pending(self, resident_id: int) -> list[tuple[int, str, str, str]]:
        """Links waiting for this caregiver: (link id, child name, relation, person's name)."""
        ...

    async def link_code(self, code: str) -> CodeRow | None:
        """A link code, whatever its state (None when it does not exist)."""
        ...

    async def opted_in(self, resident_id: int) -> bool:
        """True when the person receives the parenting group's announcements."""
        ...

    async def village_children(self, village_code: str) -> list[ChildRow]:
        """The village's children, by name."""
        ...

    async def village_child(self, village_code: str, child_id: int) -> ChildRow | None:
        """One child of that village with its links (None for another village)."""
        ...

    async def village_updates(
        self, village_code: str, child_id: int, limit: int
    ) -> list[UpdateRow]:
        """A child's updates, newest first, within that village."""
        ...

    async def inbox(self, village_code: str) -> list[MessageRow]:
        """Parents' messages the village's facilitators have not answered, oldest first."""
        ...

    async def calls(self, village_code: str) -> list[CallRow]:
        """Video calls requested and not yet decided, oldest first."""
        ...

    async def confirmation_required(self, village_code: str) -> bool:
        """True when parents' links wait for the caregiver's confirmation in that village."""
        ...

    async def open_codes(
        self, village_code: str, child_id: int, now: datetime
    ) -> list[OpenCodeRow]:
        """The child's unused, unrevoked, unexpired codes, within that village."""
        ...

    async def restrictions_in_force(self, village_code: str, child_id: int) -> list[RestrictionRow]:
        """The child's restrictions not lifted, within that village, oldest first."""
        ...

    async def waiting_links(self, village_code: str) -> list[WaitingRow]:
        """Links of the village's children waiting for the caregiver, oldest first."""
        ...


def parenting_queries(ctx: Context) -> ParentingQueries:
    """The parenting capability's reads in the current transaction."""
    return cast("ParentingQueries", ctx.queries.of("parenting"))
