"""Ports: what the runner and every flow need from storage, as small protocols.

``storage/`` implements them on SQLAlchemy. Keeping the protocols here is what lets ``flows/``
stay free of any database import. Each capability declares the reads it needs as a protocol
of its own (``flows/<capability>/ports.py``) and gets them through a typed accessor over
``ctx.queries.of("its name")``, so a new capability adds a protocol instead of editing this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from flows.engine.effects import Effect
from flows.engine.messages import Inbound, Reply

__all__ = [
    "ConversationState",
    "Person",
    "Queries",
    "StorageInterrupted",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "Village",
]


class StorageInterrupted(Exception):
    """The database connection broke mid-way (a restart): nothing was written; try again once."""


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
    #: What they told the bot about themselves (prospective, family, abroad, returned).
    situation: str | None = None
    #: Their own time zone when abroad; None means their village's.
    timezone: str | None = None
    announcements_muted: bool = False


@dataclass(frozen=True, slots=True)
class ConversationState:
    """Where a person is: a flow, a node in it, the flow's data and the buttons last offered."""

    flow: str
    node: str
    data: Mapping[str, Any] = field(default_factory=dict)
    offered: tuple[tuple[str, str], ...] = ()
    last_update_id: int | None = None
    updated_at: datetime | None = field(default=None, compare=False)


class Queries(Protocol):
    """Read-only lookups flows may make during a step."""

    async def village_by_code(self, code: str) -> Village | None:
        """Return the village with this code, if registered."""
        ...

    def of(self, capability: str) -> object:
        """The reads of one capability (what its ``ports`` protocol promises), in this transaction.

        Each capability wraps this in a typed accessor (``officer_queries(ctx)``), so flows
        never handle the untyped object.
        """
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

    async def finish(
        self,
        person_id: int,
        state: ConversationState,
        channel: str,
        chat_id: str,
        replies: Sequence[Reply],
    ) -> Sequence[int]:
        """Store the state and queue the replies together; return the replies' outbox ids."""
        ...

    async def commit(self) -> None:
        """Make everything in this unit of work durable."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens a new unit of work."""

    def __call__(self) -> UnitOfWork: ...
