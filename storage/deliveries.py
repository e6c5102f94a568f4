"""Messages to many people (announcements, later job notices, child updates, reminders).

Why a queue in the database: an officer's announcement may reach thousands of residents,
Telegram allows about 30 messages a second, and people should not be woken at night. So the
capability that decides to send writes one ``deliveries`` row per recipient *in its own
transaction* (the announcement and its deliveries commit together or not at all), and the
delivery worker (``bot/deliveries.py``) sends them later at Telegram's pace.

The interface for other capabilities (all take the caller's connection, so they run inside
the caller's transaction)::

    count = await enqueue_deliveries(
        conn, kind="announcement", source_id=announcement_id,
        recipients=[Recipient(resident_id, "telegram", chat_id, "Asia/Jakarta"), ...],
        payload={"text": "...",                                     # required
                 "attachment": {"kind": "photo", "file_id": "..."},  # optional
                 "actions": [{"id": "...", "label": "..."}]},        # optional, or "choices"
        send_at=now, urgent=False)
    progress = await delivery_progress(conn, kind="announcement", source_id=..., now=now)
    cancelled = await cancel_deliveries(conn, kind="announcement", source_id=...)

``send_at`` is moved out of the recipient's quiet hours (21:00–06:00 local time) unless
``urgent``; ``quiet_hours_end`` is that rule as a pure function. The worker's side (claiming,
marking outcomes, the shared pace) is ``DeliveryStore`` in ``storage/delivery_queue.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, case, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.delivery_models import Delivery
from storage.models import table_of, utcnow

__all__ = [
    "DEFAULT_TIMEZONE",
    "QUIET_FROM",
    "QUIET_UNTIL",
    "DeliveryProgress",
    "Recipient",
    "cancel_deliveries",
    "delivery_progress",
    "enqueue_deliveries",
    "quiet_hours_end",
    "zone",
]

deliveries = table_of(Delivery)

#: Nobody gets a non-urgent message between these local times (they sleep; phones ring).
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(6, 0)
#: Used when a recipient's stored zone is empty or unknown (most villages are in WIB).
DEFAULT_TIMEZONE = "Asia/Jakarta"


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who gets one delivery and where their night is."""

    resident_id: int
    channel: str
    chat_id: str
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True, slots=True)
class DeliveryProgress:
    """How far one announcement (or notice) has got, as an officer would ask."""

    sent: int = 0
    waiting_quiet_hours: int = 0  # pending, not before a time still to come
    pending: int = 0  # due now, or being sent this moment
    failed: int = 0
    unreachable: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        """Every recipient, whatever became of their message."""
        return (
            self.sent
            + self.waiting_quiet_hours
            + self.pending
            + self.failed
            + self.unreachable
            + self.cancelled
        )


@lru_cache(maxsize=256)
def zone(name: str | None) -> ZoneInfo:
    """The IANA zone ``name``, or Jakarta's when it is empty or unknown (never an error)."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def quiet_hours_end(at: datetime, timezone: str | None) -> datetime:
    """``at`` itself when it is waking time in ``timezone``, else the next 06:00 there (UTC).

    Quiet hours are 21:00 (included) to 06:00 (excluded), local wall-clock time.
    """
    local = at.astimezone(zone(timezone))
    clock = local.time()
    if QUIET_UNTIL <= clock < QUIET_FROM:
        return at.astimezone(UTC)
    day = local.date() if clock < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=local.tzinfo).astimezone(UTC)


async def enqueue_deliveries(
    conn: AsyncConnection,
    *,
    kind: str,
    source_id: int,
    recipients: Iterable[Recipient],
    payload: dict[str, Any],
    send_at: datetime,
    urgent: bool,
) -> int:
    """Queue one delivery per recipient in the caller's transaction; returns how many."""
    if not str(payload.get("text", "")).strip() and not payload.get("attachment"):
        raise ValueError("a delivery needs a text or an attachment")
    created = utcnow()
    release: dict[str, datetime] = {}  # one quiet-hours sum per zone, not per person
    rows = []
    for person in recipients:
        name = person.timezone or DEFAULT_TIMEZONE
        if name not in release:
            release[name] = send_at if urgent else quiet_hours_end(send_at, name)
        rows.append(
            {
                "kind": kind,
                "source_id": source_id,
                "resident_id": person.resident_id,
                "channel": person.channel,
                "chat_id": person.chat_id,
                "payload": payload,
                "urgent": urgent,
                "timezone": name,
                "not_before": release[name],
                "status": "pending",
                "attempts": 0,
                "created_at": created,
            }
        )
    if rows:
        await conn.execute(insert(deliveries), rows)
    return len(rows)


async def delivery_progress(
    conn: AsyncConnection, *, kind: str, source_id: int, now: datetime | None = None
) -> DeliveryProgress:
    """Counts by outcome for one source (an announcement's reach, for its officer)."""
    moment = now or utcnow()
    waiting = and_(deliveries.c.status == "pending", deliveries.c.not_before > moment)
    bucket = case(
        (waiting, "waiting_quiet_hours"),
        (deliveries.c.status.in_(("pending", "sending")), "pending"),
        else_=deliveries.c.status,
    ).label("bucket")
    query = (
        select(bucket, func.count().label("n"))
        .where(deliveries.c.kind == kind, deliveries.c.source_id == source_id)
        .group_by(bucket)
    )
    counts = {row.bucket: int(row.n) for row in (await conn.execute(query)).all()}
    return DeliveryProgress(**{k: v for k, v in counts.items() if k != "sending"})


async def cancel_deliveries(conn: AsyncConnection, *, kind: str, source_id: int) -> int:
    """Stop every not-yet-sent delivery of one source; returns how many were stopped.

    A message a worker is sending this very moment ('sending') still goes out.
    """
    result = await conn.execute(
        update(deliveries)
        .where(
            deliveries.c.kind == kind,
            deliveries.c.source_id == source_id,
            deliveries.c.status == "pending",
        )
        .values(status="cancelled", last_error="cancelled before it was sent")
    )
    return int(result.rowcount)
