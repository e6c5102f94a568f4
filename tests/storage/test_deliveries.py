"""The deliveries queue as a contract, on SQLite and PostgreSQL: what an officer and a worker see.

Quiet hours are checked as a pure function across the zones our residents live in; the queue
through the real engine: enqueue in a caller's transaction, claims that never overlap, a crashed
worker's rows coming back, progress and cancel.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.deliveries import Recipient, enqueue_deliveries, quiet_hours_end
from storage.delivery_models import Delivery
from storage.delivery_queue import DeliveryStore
from storage.models import Resident, table_of

deliveries = table_of(Delivery)
residents = table_of(Resident)

NOON_JAKARTA = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # 12:00 WIB


def utc(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "at", "expected"),
    [
        ("Asia/Jakarta", utc(14, 0), utc(23, 0)),  # exactly 21:00 WIB is quiet → 06:00 WIB
        ("Asia/Jakarta", utc(13, 59), utc(13, 59)),  # 20:59 is still evening
        ("Asia/Jakarta", utc(22, 59), utc(23, 0)),  # 05:59 → a minute later
        ("Asia/Jakarta", utc(23, 0), utc(23, 0)),  # 06:00 exactly is morning
        ("Asia/Taipei", utc(13, 0), utc(22, 0)),  # 21:00 in Taipei (UTC+8)
        ("Asia/Hong_Kong", utc(17, 30), utc(22, 0)),  # 01:30 next day → 06:00 that day
        ("Asia/Kuala_Lumpur", utc(2, 0), utc(2, 0)),  # 10:00 in KL: sent at once
        ("Asia/Kuala_Lumpur", utc(21, 59), utc(22, 0)),  # 05:59 in KL
        ("Not/AZone", utc(14, 0), utc(23, 0)),  # unknown zone: treated as WIB
    ],
)
def test_quiet_hours_move_a_message_to_the_next_local_morning(
    zone: str, at: datetime, expected: datetime
) -> None:
    assert quiet_hours_end(at, zone) == expected


async def _people(engine: AsyncEngine, count: int, **values: object) -> list[int]:
    async with engine.begin() as conn:
        first = (await conn.execute(select(residents.c.id).order_by(residents.c.id.desc()))).first()
        start = (first[0] if first else 0) + 1
        rows = [
            {"channel": "telegram", "external_id": str(i), "chat_id": str(i), **values}
            for i in range(start, start + count)
        ]
        await conn.execute(insert(residents), rows)
        ids = (await conn.execute(select(residents.c.id).order_by(residents.c.id))).scalars()
        return list(ids)[-count:]


async def _queue(
    engine: AsyncEngine, people: list[int], *, source: int = 1, send_at: datetime, **kw: object
) -> int:
    recipients = [
        Recipient(p, "telegram", str(p), str(kw.get("zone", "Asia/Jakarta"))) for p in people
    ]
    async with engine.begin() as conn:
        return await enqueue_deliveries(
            conn,
            kind="announcement",
            source_id=source,
            recipients=recipients,
            payload={"text": "Rapat desa besok jam 9"},
            send_at=send_at,
            urgent=bool(kw.get("urgent", False)),
        )


async def test_enqueue_joins_the_callers_transaction_and_is_fast(engine: AsyncEngine) -> None:
    people = await _people(engine, 3)
    with pytest.raises(RuntimeError):
        async with engine.begin() as conn:
            await enqueue_deliveries(
                conn,
                kind="announcement",
                source_id=9,
                recipients=[Recipient(p, "telegram", str(p)) for p in people],
                payload={"text": "x"},
                send_at=NOON_JAKARTA,
                urgent=False,
            )
            raise RuntimeError("the announcement failed")
    store = DeliveryStore(engine)
    assert (await store.progress("announcement", 9)).total == 0  # rolled back together

    many = await _people(engine, 10_000)
    started = time.perf_counter()
    assert await _queue(engine, many, send_at=NOON_JAKARTA) == 10_000
    assert time.perf_counter() - started < 2.0


async def test_quiet_hours_hold_messages_unless_urgent(engine: AsyncEngine) -> None:
    store = DeliveryStore(engine)
    people = await _people(engine, 2)
    night = utc(15, 0)  # 22:00 WIB
    await _queue(engine, people[:1], source=1, send_at=night)
    await _queue(engine, people[1:], source=2, send_at=night, urgent=True)
    progress = await store.progress("announcement", 1, now=night)
    assert (progress.waiting_quiet_hours, progress.pending) == (1, 0)
    claimed = await store.claim("w1", 10, night)
    assert [c.chat_id for c in claimed] == [str(people[1])]  # only the urgent one, at night
    assert [c.chat_id for c in await store.claim("w1", 10, utc(23, 0))] == [str(people[0])]


async def test_claim_skips_blocked_and_muted_people_saying_why(engine: AsyncEngine) -> None:
    store = DeliveryStore(engine)
    [ok] = await _people(engine, 1)
    [blocked] = await _people(engine, 1, status="unreachable")
    [muted] = await _people(engine, 1, announcements_muted=True)
    await _queue(engine, [ok, blocked, muted], send_at=NOON_JAKARTA)
    claimed = await store.claim("w1", 10, NOON_JAKARTA)
    assert [c.chat_id for c in claimed] == [str(ok)]
    async with engine.connect() as conn:
        rows = {
            r.resident_id: (r.status, r.last_error) for r in await conn.execute(select(deliveries))
        }
    assert rows[blocked] == ("unreachable", "the person blocked the bot")
    assert rows[muted] == ("cancelled", "the person muted announcements")
    assert rows[ok][0] == "sending"


async def test_outcomes_progress_and_cancel(engine: AsyncEngine) -> None:
    store = DeliveryStore(engine)
    people = await _people(engine, 6)
    await _queue(engine, people, send_at=NOON_JAKARTA)
    a, b, c, d, e = await store.claim("w1", 5, NOON_JAKARTA)
    await store.mark_sent([a.id])
    await store.mark_failed(b.id, "telegram refused it: chat not found")
    await store.mark_unreachable(c.id)
    later = NOON_JAKARTA + timedelta(hours=1)
    await store.retry_later(d.id, later, "telegram did not answer")
    await store.postpone(e.id, later)
    assert await store.cancel("announcement", 1) == 3  # the sixth, and the two queued again
    progress = await store.progress("announcement", 1, now=NOON_JAKARTA)
    assert (progress.sent, progress.failed, progress.unreachable, progress.cancelled) == (
        1,
        1,
        1,
        3,
    )
    async with engine.connect() as conn:
        status = (
            await conn.execute(select(residents.c.status).where(residents.c.id == people[2]))
        ).scalar_one()
    assert status == "unreachable"  # the blocked person's later messages stop too


async def test_a_crashed_workers_rows_come_back_after_the_lease(engine: AsyncEngine) -> None:
    store = DeliveryStore(engine)
    people = await _people(engine, 4)
    await _queue(engine, people, send_at=NOON_JAKARTA)
    held = await store.claim("dead-worker", 3, NOON_JAKARTA)
    lease = timedelta(seconds=60)
    assert await store.release_stale(lease, NOON_JAKARTA + timedelta(seconds=30)) == 0
    assert await store.release_stale(lease, NOON_JAKARTA + timedelta(seconds=61)) == 3
    again = await store.claim("new-worker", 10, NOON_JAKARTA + timedelta(seconds=62))
    assert sorted(c.id for c in again) == sorted([*(c.id for c in held), again[-1].id])
    assert len(again) == 4


async def test_the_shared_pace_spaces_bookings_and_holds_after_429(engine: AsyncEngine) -> None:
    store = DeliveryStore(engine)
    first = await store.book(10, rate=10.0, now=NOON_JAKARTA)
    second = await store.book(5, rate=10.0, now=NOON_JAKARTA)
    assert (first, second) == (NOON_JAKARTA, NOON_JAKARTA + timedelta(seconds=1))
    await store.hold_all(NOON_JAKARTA + timedelta(seconds=30))
    assert await store.book(1, 10.0, NOON_JAKARTA) == NOON_JAKARTA + timedelta(seconds=30)


@pytest.mark.postgres
async def test_two_claimers_on_postgresql_never_hold_the_same_row(
    pg_database: str,
) -> None:
    from storage.db import create_engine
    from storage.schema import METADATA

    engine = create_engine(pg_database)
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.drop_all)
        await conn.run_sync(METADATA.create_all)
    try:
        people = await _people(engine, 400)
        await _queue(engine, people, send_at=NOON_JAKARTA)
        stores = [DeliveryStore(engine), DeliveryStore(engine)]

        async def drain(store: DeliveryStore, name: str) -> list[int]:
            got: list[int] = []
            for _ in range(100):
                batch = await store.claim(name, 7, NOON_JAKARTA)
                if not batch:
                    return got
                got.extend(c.id for c in batch)
            return got

        one, two = await asyncio.gather(drain(stores[0], "w1"), drain(stores[1], "w2"))
        assert one and two  # both worked
        assert not set(one) & set(two)
        assert len(one) + len(two) == 400
    finally:
        await engine.dispose()
