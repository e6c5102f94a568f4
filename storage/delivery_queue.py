"""The delivery worker's side of the ``deliveries`` queue: claim, record outcomes, share a pace.

Why it is shaped like this: several workers may run at once (PostgreSQL), so a claim moves
due rows to 'sending' in one transaction, with ``FOR UPDATE SKIP LOCKED`` so no two workers
ever hold the same row (SQLite has one writer at a time and its single worker, so the clause
is simply not emitted there). A worker that dies leaves rows in 'sending'; after a lease they
go back to 'pending' and are sent again: those few may reach a person twice, never zero times.
The pace (``book`` and ``hold_all``) lives in the one-row ``delivery_pacing`` table so that
every worker together stays under DELIVERY_RATE and all stop when Telegram says 429.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.deliveries import DeliveryProgress, delivery_progress
from storage.deliveries import cancel_deliveries as _cancel
from storage.delivery_models import Delivery, DeliveryPacing
from storage.models import Resident, table_of, utcnow

__all__ = ["MUTABLE_KINDS", "ClaimedDelivery", "DeliveryStore"]

deliveries = table_of(Delivery)
residents = table_of(Resident)
pacing = table_of(DeliveryPacing)

#: Kinds a resident's /berhenti (announcements_muted) stops; a child's update still arrives.
MUTABLE_KINDS = frozenset({"announcement", "job_notice"})


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    """One delivery a worker now holds and must bring to a final (or pending) state."""

    id: int
    kind: str
    chat_id: str
    payload: dict[str, Any]
    urgent: bool
    timezone: str
    attempts: int  # send attempts before this claim


class DeliveryStore:
    """Status changes of deliveries, each in its own short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim(
        self, worker_id: str, limit: int, now: datetime | None = None, *, channel: str = "telegram"
    ) -> list[ClaimedDelivery]:
        """Take up to ``limit`` due deliveries, oldest first, one per person, for ``worker_id``.

        Rows for people who blocked the bot become 'unreachable'; announcements to people who
        muted them become 'cancelled'; both with the reason in ``last_error``.
        """
        moment = now or utcnow()
        query = (
            select(
                deliveries.c.id,
                deliveries.c.kind,
                deliveries.c.resident_id,
                deliveries.c.chat_id,
                deliveries.c.payload,
                deliveries.c.urgent,
                deliveries.c.timezone,
                deliveries.c.attempts,
                residents.c.status.label("reachable"),
                residents.c.announcements_muted.label("muted"),
            )
            .join(residents, residents.c.id == deliveries.c.resident_id)
            .where(
                deliveries.c.status == "pending",
                deliveries.c.not_before <= moment,
                deliveries.c.channel == channel,
            )
            .order_by(deliveries.c.not_before, deliveries.c.id)
            .limit(limit)
            .with_for_update(of=deliveries, skip_locked=True)
        )
        claimed: list[ClaimedDelivery] = []
        blocked: list[int] = []
        muted: list[int] = []
        people: set[int] = set()
        async with self._engine.begin() as conn:
            for row in (await conn.execute(query)).all():
                if row.reachable == "unreachable":
                    blocked.append(row.id)
                elif row.muted and row.kind in MUTABLE_KINDS:
                    muted.append(row.id)
                elif row.resident_id not in people:  # a second one waits: 1 message/s per chat
                    people.add(row.resident_id)
                    claimed.append(
                        ClaimedDelivery(
                            row.id,
                            row.kind,
                            row.chat_id,
                            dict(row.payload),
                            bool(row.urgent),
                            row.timezone,
                            row.attempts,
                        )
                    )
            for ids, values in (
                (blocked, {"status": "unreachable", "last_error": "the person blocked the bot"}),
                (muted, {"status": "cancelled", "last_error": "the person muted announcements"}),
                ([c.id for c in claimed], {"status": "sending", "claimed_by": worker_id}),
            ):
                if ids:
                    await conn.execute(
                        update(deliveries)
                        .where(deliveries.c.id.in_(ids))
                        .values(claimed_at=moment, **values)
                    )
        return claimed

    async def renew(self, worker_id: str, ids: Sequence[int], now: datetime | None = None) -> None:
        """Keep holding rows still being sent (a long flood wait must not look like a crash)."""
        if ids:
            await self._update(
                ids, {"claimed_at": now or utcnow()}, deliveries.c.claimed_by == worker_id
            )

    async def release_stale(self, lease: timedelta, now: datetime | None = None) -> int:
        """Put rows held longer than ``lease`` (their worker died) back in the queue.

        Returns how many: these are the sends that may reach a person a second time.
        """
        cutoff = (now or utcnow()) - lease
        async with self._engine.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.status == "sending", deliveries.c.claimed_at < cutoff)
                .values(
                    status="pending",
                    claimed_by=None,
                    last_error="its worker stopped while sending; sent again",
                )
            )
        return int(result.rowcount)

    async def mark_sent(self, ids: Sequence[int], now: datetime | None = None) -> None:
        """Record that these deliveries reached Telegram."""
        if ids:
            values = {"status": "sent", "sent_at": now or utcnow(), "last_error": None}
            await self._update(ids, {**values, "attempts": deliveries.c.attempts + 1})

    async def mark_failed(self, delivery_id: int, reason: str) -> None:
        """Give up on one delivery (Telegram refused it, or it failed too often)."""
        values = {"status": "failed", "last_error": reason[:500]}
        await self._update([delivery_id], {**values, "attempts": deliveries.c.attempts + 1})

    async def mark_unreachable(self, delivery_id: int) -> None:
        """The person blocked the bot: this delivery stops, and so do their others."""
        async with self._engine.begin() as conn:
            resident = (
                await conn.execute(
                    update(deliveries)
                    .where(deliveries.c.id == delivery_id)
                    .values(
                        status="unreachable",
                        last_error="the person blocked the bot",
                        attempts=deliveries.c.attempts + 1,
                    )
                    .returning(deliveries.c.resident_id)
                )
            ).scalar_one_or_none()
            if resident is not None:
                await conn.execute(
                    update(residents)
                    .where(residents.c.id == resident)
                    .values(status="unreachable", unreachable_since=utcnow())
                )

    async def retry_later(self, delivery_id: int, at: datetime, reason: str) -> None:
        """A failed attempt that may work later (Telegram busy, a timeout): queue it for ``at``."""
        values = {"status": "pending", "not_before": at, "last_error": reason[:500]}
        values |= {"claimed_by": None}
        await self._update([delivery_id], {**values, "attempts": deliveries.c.attempts + 1})

    async def postpone(self, delivery_id: int, until: datetime) -> None:
        """Not now (the person's quiet hours began): back in the queue until ``until``."""
        values = {"status": "pending", "not_before": until, "claimed_by": None}
        await self._update([delivery_id], values)

    async def progress(
        self, kind: str, source_id: int, now: datetime | None = None
    ) -> DeliveryProgress:
        """Counts by outcome for one announcement (or notice)."""
        async with self._engine.connect() as conn:
            return await delivery_progress(conn, kind=kind, source_id=source_id, now=now)

    async def cancel(self, kind: str, source_id: int) -> int:
        """Stop every delivery of one source not sent yet; returns how many."""
        async with self._engine.begin() as conn:
            return await _cancel(conn, kind=kind, source_id=source_id)

    async def book(self, messages: int, rate: float, now: datetime | None = None) -> datetime:
        """Reserve ``messages`` send slots at ``rate`` per second; returns when the first is.

        Slots follow one another ``1/rate`` seconds apart, after every worker's earlier ones.
        """
        moment = now or utcnow()
        for _ in range(2):  # the first booking ever may race another worker creating the row
            try:
                async with self._engine.begin() as conn:
                    current = (
                        await conn.execute(
                            select(pacing.c.next_slot).where(pacing.c.id == 1).with_for_update()
                        )
                    ).scalar_one_or_none()
                    start = max(current or moment, moment)
                    end = start + timedelta(seconds=messages / rate)
                    if current is None:
                        await conn.execute(insert(pacing).values(id=1, next_slot=end))
                    else:
                        await conn.execute(
                            update(pacing).where(pacing.c.id == 1).values(next_slot=end)
                        )
                return start
            except IntegrityError:
                continue
        raise RuntimeError("could not book delivery slots")

    async def hold_all(self, until: datetime) -> None:
        """Telegram said 429: no worker books a send before ``until``."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(pacing)
                .where(pacing.c.id == 1, pacing.c.next_slot < until)
                .values(next_slot=until)
            )

    async def _update(self, ids: Sequence[int], values: dict[str, Any], *where: Any) -> None:
        """Change rows this worker holds (a released or cancelled row is left alone)."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(deliveries.c.id.in_(list(ids)), deliveries.c.status == "sending", *where)
                .values(**values)
            )
