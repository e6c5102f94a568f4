"""Ports: what the flows and the runner need from storage, as small protocols.

``storage/`` implements them on SQLAlchemy; flow tests use in-memory fakes. Keeping the
protocols here is what lets ``flows/`` stay free of any database import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol

from flows.effects import Effect
from flows.messages import Inbound, Reply

__all__ = [
    "ConversationState",
    "OfficerRole",
    "Person",
    "Queries",
    "QuestionCount",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "Village",
    "VillageTopicRow",
]


@dataclass(frozen=True, slots=True)
class Village:
    """A Desmigratif village as flows see it."""

    code: str
    name: str
    timezone: str


@dataclass(frozen=True, slots=True)
class Person:
    """The resident behind an inbound message, as loaded at the start of a unit of work."""

    id: int
    channel: str
    external_id: str
    display_name: str
    locale: str | None
    language_code: str | None
    village: Village | None
    is_new: bool


@dataclass(frozen=True, slots=True)
class ConversationState:
    """Where a person is: a flow, a node in it, the flow's data and the buttons last offered."""

    flow: str
    node: str
    data: Mapping[str, Any] = field(default_factory=dict)
    offered: tuple[tuple[str, str], ...] = ()
    last_update_id: int | None = None
    updated_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class OfficerRole:
    """One role an officer holds in one village."""

    village_code: str
    village_name: str
    role: str


@dataclass(frozen=True, slots=True)
class QuestionCount:
    """A question people asked that the bot could not answer, and how often."""

    question: str
    count: int


@dataclass(frozen=True, slots=True)
class VillageTopicRow:
    """An answer a village officer wrote, as stored."""

    id: int
    locale: str
    title: str
    body: str
    keywords: tuple[str, ...]
    created_on: date
    village_name: str


class Queries(Protocol):
    """Read-only lookups flows may make during a step."""

    async def village_by_code(self, code: str) -> Village | None:
        """Return the village with this code, if registered."""
        ...

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """The active officer roles of this account (none for residents)."""
        ...

    async def village_topics(self, village_code: str) -> tuple[VillageTopicRow, ...]:
        """The active officer-written topics of one village, oldest first."""
        ...

    async def unanswered_questions(self, village_code: str, limit: int) -> list[QuestionCount]:
        """Questions from this village the bot could not answer, most frequent first."""
        ...


class UnitOfWork(Protocol):
    """One database transaction around the handling of one inbound message."""

    @property
    def queries(self) -> Queries:
        """Reads for flows within this transaction."""
        ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def identify(self, inbound: Inbound) -> Person:
        """Find or register the person who sent ``inbound``; mark them reachable again."""
        ...

    async def load_state(self, person_id: int) -> ConversationState | None:
        """Return the saved conversation state, locking it for this transaction."""
        ...

    async def save_state(self, person_id: int, state: ConversationState) -> None:
        """Store the conversation state."""
        ...

    async def apply(self, person_id: int, effect: Effect) -> None:
        """Carry out one effect a flow returned."""
        ...

    async def enqueue_replies(
        self, person_id: int, channel: str, chat_id: str, replies: Sequence[Reply]
    ) -> Sequence[int]:
        """Put replies in the outbox (sent after commit); return their ids."""
        ...

    async def commit(self) -> None:
        """Make everything in this unit of work durable."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens a new unit of work."""

    def __call__(self) -> UnitOfWork: ...
