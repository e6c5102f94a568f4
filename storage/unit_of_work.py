"""The SQL unit of work behind ``flows.ports.UnitOfWork``: one transaction per message.

Plain SQLAlchemy Core statements on one connection keep each message to a handful of short
statements. On PostgreSQL the conversation row is locked (``FOR UPDATE``) so several bot
processes still handle one chat in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.effects import (
    Effect,
    LanguageChosen,
    OfficerActed,
    QuestionUnanswered,
    VillageJoined,
    VillageTopicAdded,
    VillageTopicWithdrawn,
)
from flows.messages import Inbound, Reply
from flows.ports import ConversationState, OfficerRole, Person, QuestionCount, VillageTopicRow
from flows.ports import Village as VillageView
from storage.models import (
    AuditEntry,
    Conversation,
    Officer,
    OutboxMessage,
    Resident,
    UnansweredQuestion,
    Village,
    VillageTopic,
    table_of,
    utcnow,
)

__all__ = ["SqlQueries", "SqlUnitOfWork", "reply_payload"]

residents = table_of(Resident)
villages = table_of(Village)
conversations = table_of(Conversation)
outbox = table_of(OutboxMessage)
officers = table_of(Officer)
unanswered = table_of(UnansweredQuestion)
audit = table_of(AuditEntry)
village_topics = table_of(VillageTopic)

# Built once: executed with parameters, so SQLAlchemy compiles each statement only once.
_INSERT_OUTBOX = insert(outbox).returning(outbox.c.id)
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


def reply_payload(reply: Reply) -> dict[str, Any]:
    """A reply as the JSON stored in the outbox."""
    return asdict(reply)


_FIND_PERSON = (
    select(
        residents.c.id,
        residents.c.display_name,
        residents.c.locale,
        residents.c.language_code,
        residents.c.chat_id,
        residents.c.status,
        residents.c.last_seen_at,
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
    .select_from(
        residents.outerjoin(villages, residents.c.village_id == villages.c.id).outerjoin(
            conversations, conversations.c.resident_id == residents.c.id
        )
    )
    .where(
        residents.c.channel == bindparam("channel"),
        residents.c.external_id == bindparam("external_id"),
    )
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

#: How stale ``residents.last_seen_at`` may get before a message refreshes it.
SEEN_PRECISION = timedelta(minutes=5)


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


class SqlQueries:
    """Read-only lookups for flows, inside the current transaction."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def village_by_code(self, code: str) -> VillageView | None:
        """Return the village with this code, if registered."""
        row = (
            await self._conn.execute(
                select(villages.c.code, villages.c.name, villages.c.timezone).where(
                    villages.c.code == code
                )
            )
        ).first()
        return VillageView(row.code, row.name, row.timezone) if row else None

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """Active roles of a Telegram account; other channels have no officers."""
        if channel != "telegram" or not (user_id.isascii() and user_id.isdigit()):
            return ()
        query = (
            select(villages.c.code, villages.c.name, officers.c.role)
            .select_from(officers.join(villages, officers.c.village_id == villages.c.id))
            .where(officers.c.telegram_id == int(user_id), officers.c.active.is_(True))
            .order_by(villages.c.code, officers.c.role)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(OfficerRole(r.code, r.name, r.role) for r in rows)

    async def village_topics(self, village_code: str) -> tuple[VillageTopicRow, ...]:
        """Active officer-written topics of one village."""
        query = (
            select(village_topics, villages.c.name.label("village_name"))
            .select_from(
                village_topics.join(villages, village_topics.c.village_id == villages.c.id)
            )
            .where(villages.c.code == village_code, village_topics.c.active.is_(True))
            .order_by(village_topics.c.id)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(
            VillageTopicRow(
                r.id,
                r.locale,
                r.title,
                r.body,
                tuple(str(k) for k in r.keywords or ()),
                r.created_at.date(),
                r.village_name,
            )
            for r in rows
        )

    async def unanswered_questions(self, village_code: str, limit: int) -> list[QuestionCount]:
        """Most frequent unanswered questions of one village, each with one example wording."""
        asked = func.count(unanswered.c.id)
        query = (
            select(func.max(unanswered.c.question).label("question"), asked.label("asked"))
            .select_from(unanswered.join(villages, unanswered.c.village_id == villages.c.id))
            .where(villages.c.code == village_code)
            .group_by(unanswered.c.normalized)
            .order_by(asked.desc(), func.max(unanswered.c.asked_at).desc())
            .limit(limit)
        )
        rows = (await self._conn.execute(query)).all()
        return [QuestionCount(r.question, int(r.asked)) for r in rows]


class SqlUnitOfWork:
    """One transaction: identify, load state, apply effects, save state, queue replies."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._committed = False
        self._prefetched: tuple[int, ConversationState | None] | None = None

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
        if self.conn.dialect.name == "sqlite":  # one writer at a time: no row lock to take
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
        )

    async def _resident_row(self, inbound: Inbound) -> Any:
        params = {"channel": inbound.channel, "external_id": inbound.user_id}
        return (await self.conn.execute(_FIND_PERSON, params)).first()

    async def load_state(self, person_id: int) -> ConversationState | None:
        """The saved state, row-locked on PostgreSQL until commit."""
        if self._prefetched is not None and self._prefetched[0] == person_id:
            return self._prefetched[1]
        query = (
            select(conversations).where(conversations.c.resident_id == person_id).with_for_update()
        )
        return _state_of((await self.conn.execute(query)).first())

    async def save_state(self, person_id: int, state: ConversationState) -> None:
        """Insert or update the person's conversation row."""
        values = {
            "flow": state.flow,
            "node": state.node,
            "data": dict(state.data),
            "offered": [list(pair) for pair in state.offered],
            "last_update_id": state.last_update_id,
            "updated_at": state.updated_at or utcnow(),
        }
        self._prefetched = (person_id, state)
        upsert = _UPSERT_STATE[self.conn.dialect.name]
        await self.conn.execute(upsert, {"resident_id": person_id, **values})

    async def apply(self, person_id: int, effect: Effect) -> None:
        """Carry out one effect a flow returned."""
        match effect:
            case LanguageChosen(locale=locale):
                await self.conn.execute(
                    update(residents).where(residents.c.id == person_id).values(locale=locale)
                )
            case QuestionUnanswered(question=question, normalized=normalized, locale=locale):
                village = select(residents.c.village_id).where(residents.c.id == person_id)
                await self.conn.execute(
                    insert(unanswered).values(
                        village_id=village.scalar_subquery(),
                        locale=locale,
                        question=question[:1000],
                        normalized=normalized[:300],
                        asked_at=utcnow(),
                    )
                )
            case OfficerActed(officer_user_id=officer, village_code=code, action=action):
                village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
                await self.conn.execute(
                    insert(audit).values(
                        at=utcnow(),
                        actor_type="officer",
                        actor_id=officer,
                        village_id=village_id,
                        action=action,
                        subject_type="",
                        subject_id=effect.subject,
                        detail={},
                    )
                )
            case VillageTopicAdded(village_code=code, officer_user_id=officer):
                village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
                await self.conn.execute(
                    insert(village_topics).values(
                        village_id=village_id,
                        locale=effect.locale,
                        title=effect.title[:80],
                        body=effect.body,
                        keywords=list(effect.keywords),
                        created_by=officer,
                        created_at=utcnow(),
                        active=True,
                    )
                )
            case VillageTopicWithdrawn(village_code=code, topic_id=topic_id):
                # scoped to the officer's village in SQL too: a forged id matches nothing
                village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
                await self.conn.execute(
                    update(village_topics)
                    .where(
                        village_topics.c.id == topic_id, village_topics.c.village_id == village_id
                    )
                    .values(active=False)
                )
            case VillageJoined(village_code=code):
                village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
                await self.conn.execute(
                    update(residents)
                    .where(residents.c.id == person_id)
                    .values(village_id=village_id)
                )

    async def enqueue_replies(
        self, person_id: int, channel: str, chat_id: str, replies: Sequence[Reply]
    ) -> Sequence[int]:
        """Queue the replies in the outbox; the caller sends them after commit."""
        now = utcnow()
        ids = []
        for reply in replies:
            params = {
                "resident_id": person_id,
                "channel": channel,
                "chat_id": chat_id,
                "payload": reply_payload(reply),
                "status": "pending",
                "attempts": 0,
                "created_at": now,
            }
            ids.append(int((await self.conn.execute(_INSERT_OUTBOX, params)).scalar_one()))
        return ids
