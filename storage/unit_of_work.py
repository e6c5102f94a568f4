"""The SQL unit of work behind ``flows.engine.ports.UnitOfWork``: one transaction per message.

Plain SQLAlchemy Core statements on one connection keep each message to a handful of short
statements. On PostgreSQL the conversation row is locked (``FOR UPDATE``) so several bot
processes still handle one chat in order.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.engine.effects import Effect
from flows.engine.messages import Inbound, Reply
from flows.engine.ports import ConversationState, Person, StorageInterrupted
from flows.engine.ports import Village as VillageView
from storage.models import Conversation, OutboxMessage, Resident, Village, table_of, utcnow
from storage.queries import SqlQueries
from storage.registry import apply_effect

__all__ = ["SqlUnitOfWork"]

residents = table_of(Resident)
villages = table_of(Village)
conversations = table_of(Conversation)
outbox = table_of(OutboxMessage)

# Built once: executed with parameters, so SQLAlchemy compiles each statement only once.
_INSERT_OUTBOX = insert(outbox).returning(outbox.c.id, sort_by_parameter_order=True)
_UPDATE_SEEN = (
    update(residents)
    .where(residents.c.id == bindparam("rid"))
    .values(
        chat_id=bindparam("chat_id"),
        display_name=bindparam("display_name"),
        language_code=bindparam("language_code"),
        status="active",
        unreachable_since=None,
        last_seen_at=bindparam("now"),
    )
)


_PERSON_COLUMNS = (
    residents.c.id,
    residents.c.display_name,
    residents.c.locale,
    residents.c.language_code,
    residents.c.chat_id,
    residents.c.status,
    residents.c.last_seen_at,
    residents.c.situation,
    residents.c.timezone,
    residents.c.announcements_muted,
    villages.c.code.label("v_code"),
    villages.c.name.label("v_name"),
    villages.c.timezone.label("v_timezone"),
    conversations.c.flow,
    conversations.c.node,
    conversations.c.data,
    conversations.c.offered,
    conversations.c.last_update_id,
    conversations.c.updated_at,
)
_SAME_ACCOUNT = (
    residents.c.channel == bindparam("channel"),
    residents.c.external_id == bindparam("external_id"),
)
_FIND_PERSON = (
    select(*_PERSON_COLUMNS)
    .select_from(
        residents.outerjoin(villages, residents.c.village_id == villages.c.id).outerjoin(
            conversations, conversations.c.resident_id == residents.c.id
        )
    )
    .where(*_SAME_ACCOUNT)
)


# PostgreSQL, a returning person (the usual case): their row and their conversation's, both
# locked as they are read, in one round trip. Locking both matters: after waiting for another
# process, PostgreSQL re-reads only the rows it locked, so an unlocked one could be stale.
_FIND_PERSON_LOCKED = (
    select(*_PERSON_COLUMNS)
    .select_from(
        residents.join(conversations, conversations.c.resident_id == residents.c.id).outerjoin(
            villages, residents.c.village_id == villages.c.id
        )
    )
    .where(*_SAME_ACCOUNT)
    .with_for_update(of=[residents, conversations])
)


def _upsert_state(dialect: Any) -> Any:
    """Insert a conversation row, or update it when the person already has one."""
    columns = ("flow", "node", "data", "offered", "last_update_id", "updated_at")
    stmt = dialect.insert(conversations)
    return stmt.on_conflict_do_update(
        index_elements=[conversations.c.resident_id],
        set_={name: stmt.excluded[name] for name in columns},
    )


_UPSERT_STATE = {"postgresql": _upsert_state(postgresql), "sqlite": _upsert_state(sqlite)}
# The upsert cannot be cached by SQLAlchemy (it compiles it for every message), so the usual
# case, a person who already has a conversation, is a plain cached UPDATE.
_UPDATE_STATE = update(conversations).where(conversations.c.resident_id == bindparam("rid"))

# PostgreSQL, a person whose conversation row is locked (the usual case): the new state and the
# replies in one statement, one round trip less per message. ``{rows}`` is filled per number of
# replies (a message has one to a few), so each shape is compiled once and cached.
_STATE_AND_OUTBOX = """
WITH saved AS (
    UPDATE conversations SET flow = :flow, node = :node, data = :data, offered = :offered,
        last_update_id = :last_update_id, updated_at = :updated_at
    WHERE resident_id = :rid RETURNING resident_id
)
INSERT INTO outbox (resident_id, channel, chat_id, payload, status, attempts, created_at)
SELECT saved.resident_id, CAST(:channel AS VARCHAR), CAST(:chat_id AS VARCHAR), reply.payload,
    'pending', 0, CAST(:created_at AS TIMESTAMP WITH TIME ZONE)
FROM saved, (VALUES {rows}) AS reply (payload, position)
ORDER BY reply.position
RETURNING id
"""


@functools.cache
def _state_and_outbox(count: int) -> Any:
    """The one-statement save for ``count`` replies, its parameters typed like the columns."""
    rows = ", ".join(f"(CAST(:p{i} AS JSON), {i})" for i in range(count))
    return text(_STATE_AND_OUTBOX.format(rows=rows)).bindparams(
        bindparam("data", type_=conversations.c.data.type),
        bindparam("offered", type_=conversations.c.offered.type),
        bindparam("updated_at", type_=conversations.c.updated_at.type),
        bindparam("created_at", type_=outbox.c.created_at.type),
        *(bindparam(f"p{i}", type_=outbox.c.payload.type) for i in range(count)),
    )


#: How stale ``residents.last_seen_at`` may get before a message refreshes it.
SEEN_PRECISION = timedelta(minutes=5)


def _state_values(state: ConversationState) -> dict[str, Any]:
    """A state as the conversation row's column values."""
    return {
        "flow": state.flow,
        "node": state.node,
        "data": dict(state.data),
        "offered": [list(pair) for pair in state.offered],
        "last_update_id": state.last_update_id,
        "updated_at": state.updated_at or utcnow(),
    }


def _changed(row: Any, inbound: Inbound, now: datetime) -> bool:
    """Whether the residents row needs an update (skipped for most messages: one less write)."""
    seen = row.last_seen_at
    if seen is not None and seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    return (
        row.status != "active"
        or row.chat_id != inbound.chat_id
        or bool(inbound.display_name and inbound.display_name[:200] != row.display_name)
        or bool(inbound.language_code and inbound.language_code != row.language_code)
        or seen is None
        or now - seen > SEEN_PRECISION
    )


def _state_of(row: Any) -> ConversationState | None:
    """The conversation columns of a row (None when the person has no conversation yet)."""
    if row is None or row.flow is None:
        return None
    offered = tuple((str(pair[0]), str(pair[1])) for pair in row.offered or ())
    return ConversationState(
        row.flow, row.node, dict(row.data or {}), offered, row.last_update_id, row.updated_at
    )


class SqlUnitOfWork:
    """One transaction: identify, load state, apply effects, save state, queue replies."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._committed = False
        self._prefetched: tuple[int, ConversationState | None] | None = None
        self._locked = False  # PostgreSQL: the person's conversation is already locked

    @property
    def conn(self) -> AsyncConnection:
        """The open connection (only inside ``async with``)."""
        if self._conn is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._conn

    @property
    def queries(self) -> SqlQueries:
        """Reads for flows on this transaction."""
        return SqlQueries(self.conn)

    async def __aenter__(self) -> SqlUnitOfWork:
        self._conn = await self._engine.connect()
        await self._conn.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self.conn, None
        try:
            if not self._committed:
                await conn.rollback()
        finally:
            await conn.close()
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            raise StorageInterrupted(str(exc.orig)) from exc

    async def commit(self) -> None:
        """Make the transaction durable."""
        await self.conn.commit()
        self._committed = True

    async def identify(self, inbound: Inbound) -> Person:
        """Find or register the sender; refresh their name, language and reachability."""
        now = utcnow()
        row = await self._resident_row(inbound)
        is_new = row is None
        if row is None:
            values = {
                "channel": inbound.channel,
                "external_id": inbound.user_id,
                "chat_id": inbound.chat_id,
                "display_name": inbound.display_name[:200],
                "language_code": (inbound.language_code or None),
                "status": "active",
                "created_at": now,
                "last_seen_at": now,
            }
            try:
                async with self.conn.begin_nested():
                    await self.conn.execute(insert(residents).values(**values))
            except IntegrityError:  # another process registered them a moment ago
                is_new = False
            row = await self._resident_row(inbound)
            assert row is not None
        elif _changed(row, inbound, now):
            await self.conn.execute(
                _UPDATE_SEEN,
                {
                    "rid": row.id,
                    "chat_id": inbound.chat_id,
                    "display_name": inbound.display_name[:200] or row.display_name,
                    "language_code": inbound.language_code or row.language_code,
                    "now": now,
                },
            )
        village = VillageView(row.v_code, row.v_name, row.v_timezone) if row.v_code else None
        if self.conn.dialect.name == "sqlite" or self._locked:  # SQLite: one writer at a time
            self._prefetched = (row.id, _state_of(row))
        return Person(
            id=row.id,
            channel=inbound.channel,
            external_id=inbound.user_id,
            display_name=inbound.display_name or row.display_name,
            locale=row.locale,
            language_code=inbound.language_code or row.language_code,
            village=village,
            is_new=is_new,
            situation=row.situation,
            timezone=row.timezone,
            announcements_muted=bool(row.announcements_muted),
        )

    async def _resident_row(self, inbound: Inbound) -> Any:
        params = {"channel": inbound.channel, "external_id": inbound.user_id}
        if self.conn.dialect.name != "sqlite":
            row = (await self.conn.execute(_FIND_PERSON_LOCKED, params)).first()
            if row is not None:
                self._locked = True
                return row
        return (await self.conn.execute(_FIND_PERSON, params)).first()

    async def load_state(self, person_id: int) -> ConversationState | None:
        """The saved state, row-locked on PostgreSQL until commit."""
        if self._prefetched is not None and self._prefetched[0] == person_id:
            return self._prefetched[1]
        query = (
            select(conversations).where(conversations.c.resident_id == person_id).with_for_update()
        )
        return _state_of((await self.conn.execute(query)).first())

    async def finish(
        self,
        person_id: int,
        state: ConversationState,
        channel: str,
        chat_id: str,
        replies: Sequence[Reply],
    ) -> Sequence[int]:
        """Save the state and queue the replies: one statement when the conversation is locked."""
        if not (self._locked and replies and self._prefetched and self._prefetched[0] == person_id):
            await self.save_state(person_id, state)
            return await self.enqueue_replies(person_id, channel, chat_id, replies)
        params: dict[str, Any] = {
            "rid": person_id,
            **_state_values(state),
            "channel": channel,
            "chat_id": chat_id,
            "created_at": utcnow(),
        }
        params.update((f"p{i}", reply) for i, reply in enumerate(replies))
        self._prefetched = (person_id, state)
        result = await self.conn.execute(_state_and_outbox(len(replies)), params)
        # ids come from one sequence in insertion order, which follows the replies' order
        return sorted(int(i) for i in result.scalars().all())

    async def save_state(self, person_id: int, state: ConversationState) -> None:
        """Insert or update the person's conversation row."""
        values = _state_values(state)
        self._prefetched = (person_id, state)
        updated = await self.conn.execute(_UPDATE_STATE, {"rid": person_id, **values})
        if updated.rowcount == 0:  # their first conversation (or another process's, racing)
            upsert = _UPSERT_STATE[self.conn.dialect.name]
            await self.conn.execute(upsert, {"resident_id": person_id, **values})

    async def apply(self, person_id: int, effect: Effect) -> None:
        """Carry out one effect a flow returned."""
        await apply_effect(self.conn, person_id, effect)

    async def enqueue_replies(
        self, person_id: int, channel: str, chat_id: str, replies: Sequence[Reply]
    ) -> Sequence[int]:
        """Queue the replies in the outbox; the caller sends them after commit."""
        now = utcnow()
        rows = [
            {
                "resident_id": person_id,
                "channel": channel,
                "chat_id": chat_id,
                "payload": reply,  # the JSON column serializes the dataclass (orjson)
                "status": "pending",
                "attempts": 0,
                "created_at": now,
            }
            for reply in replies
        ]
        if not rows:
            return []
        # one statement for all of a message's replies, ids in the replies' order
        result = await self.conn.execute(_INSERT_OUTBOX, rows)
        return [int(i) for i in result.scalars().all()]
