"""The outbox: replies and notices queued in the database until the channel confirms them.

Replies are queued in the same transaction as the state change that caused them and sent after
commit; a message still pending after a crash is sent when the bot comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Choice, Reply
from storage.models import OutboxMessage, Resident, table_of, utcnow

__all__ = ["OutboxStore", "PendingMessage", "SentRecorder", "payload_reply"]

log = logging.getLogger(__name__)

outbox = table_of(OutboxMessage)
residents = table_of(Resident)

#: After this many failed attempts a message is given up on (status 'failed').
MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class PendingMessage:
    """A queued message that still has to be sent."""

    id: int
    channel: str
    chat_id: str
    reply: Reply
    attempts: int


def payload_reply(payload: dict[str, Any]) -> Reply:
    """Rebuild a Reply from its stored JSON."""
    return Reply(
        text=str(payload.get("text", "")),
        choices=tuple(Choice(str(c["id"]), str(c["label"])) for c in payload.get("choices", ())),
        actions=tuple(Choice(str(c["id"]), str(c["label"])) for c in payload.get("actions", ())),
        remove_keyboard=bool(payload.get("remove_keyboard", False)),
    )


class SentRecorder:
    """Marks delivered messages in batches: one UPDATE for many sends instead of one each.

    Until a batch is flushed (every ``interval`` seconds and at shutdown) its messages still
    look pending; the resend of interrupted messages waits far longer than that.
    """

    def __init__(self, store: OutboxStore, interval: float = 0.1) -> None:
        self._store = store
        self._interval = interval
        self._ids: list[int] = []

    def record(self, ids: Sequence[int]) -> None:
        """Remember that these messages were delivered."""
        self._ids.extend(i for i in ids if i)

    def __contains__(self, message_id: object) -> bool:
        """Delivered but not yet written down."""
        return message_id in self._ids

    async def flush(self) -> None:
        """Write the remembered deliveries now."""
        ids, self._ids = self._ids, []
        if ids:
            await self._store.mark_sent(ids)

    async def run(self, stop: asyncio.Event) -> None:
        """Flush periodically until ``stop`` is set, then once more."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self._interval)
            try:
                await self.flush()
            except Exception:
                log.exception("could not record delivered messages")
        await self.flush()


class OutboxStore:
    """Status changes of queued messages, each in its own short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def mark_sent(self, ids: Sequence[int]) -> None:
        """Record that these messages reached the channel."""
        if not ids:
            return
        async with self._engine.begin() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(ids)))
                .values(status="sent", sent_at=utcnow(), attempts=outbox.c.attempts + 1)
            )

    async def mark_failed(self, ids: Sequence[int], error: str, *, final: bool) -> None:
        """Record a failed attempt; ``final`` (or too many attempts) stops further tries."""
        if not ids:
            return
        attempts = outbox.c.attempts + 1
        status = "failed" if final else case((attempts >= MAX_ATTEMPTS, "failed"), else_="pending")
        async with self._engine.begin() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(ids)), outbox.c.status == "pending")
                .values(attempts=attempts, last_error=error[:500], status=status)
            )

    async def pending(
        self,
        *,
        older_than: timedelta,
        limit: int = 100,
        now: datetime | None = None,
        channel: str | None = None,
    ) -> list[PendingMessage]:
        """Pending messages queued before ``now - older_than``, oldest first."""
        cutoff = (now or utcnow()) - older_than
        query = (
            select(
                outbox.c.id, outbox.c.channel, outbox.c.chat_id, outbox.c.payload, outbox.c.attempts
            )
            .where(
                outbox.c.status == "pending",
                outbox.c.created_at <= cutoff,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= (now or utcnow())),
                outbox.c.channel == channel if channel is not None else true(),
            )
            .order_by(outbox.c.id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [
            PendingMessage(r.id, r.channel, r.chat_id, payload_reply(r.payload), r.attempts)
            for r in rows
        ]

    async def hold(self, ids: Sequence[int], until: datetime) -> None:
        """This process is still sending these: no other process resends them before ``until``."""
        if not ids:
            return
        async with self._engine.begin() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(ids)), outbox.c.status == "pending")
                .values(claimed_until=until)
            )

    async def claim_for_resend(self, message_id: int, until: datetime) -> bool:
        """Take a left-behind message to resend it; False when it was sent or another took it."""
        now = utcnow()
        async with self._engine.begin() as conn:
            taken = await conn.execute(
                update(outbox)
                .where(
                    outbox.c.id == message_id,
                    outbox.c.status == "pending",
                    or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now),
                )
                .values(claimed_until=until)
            )
        return bool(taken.rowcount)

    async def is_pending(self, message_id: int) -> bool:
        """True while the message has not been sent or given up on (checked before a resend)."""
        async with self._engine.connect() as conn:
            status = (
                await conn.execute(select(outbox.c.status).where(outbox.c.id == message_id))
            ).scalar_one_or_none()
        return status == "pending"

    async def mark_unreachable(self, channel: str, chat_id: str) -> None:
        """The person blocked the bot: stop treating them as reachable until they write again."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(residents)
                .where(residents.c.channel == channel, residents.c.chat_id == chat_id)
                .values(status="unreachable", unreachable_since=utcnow())
            )
