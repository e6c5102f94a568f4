"""Outbox claims: a reply another process is still sending is never resent by this one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Inbound, Reply
from storage.models import utcnow
from storage.outbox import OutboxStore
from storage.unit_of_work import SqlUnitOfWork


async def _queued(engine: AsyncEngine) -> int:
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(Inbound("telegram", "5", "5", display_name="Siti"))
        (message_id,) = await uow.enqueue_replies(person.id, "telegram", "5", [Reply("Halo")])
        await uow.commit()
    return int(message_id)


async def test_a_held_message_is_not_offered_for_resending_until_the_hold_ends(
    engine: AsyncEngine,
) -> None:
    store = OutboxStore(engine)
    message_id = await _queued(engine)
    later = utcnow() + timedelta(minutes=5)
    assert [m.id for m in await store.pending(older_than=timedelta(0))] == [message_id]
    await store.hold([message_id], utcnow() + timedelta(minutes=1))
    assert await store.pending(older_than=timedelta(0)) == []
    assert [m.id for m in await store.pending(older_than=timedelta(0), now=later)] == [message_id]


async def test_only_one_recovery_takes_a_left_behind_message(engine: AsyncEngine) -> None:
    store = OutboxStore(engine)
    message_id = await _queued(engine)
    until = utcnow() + timedelta(seconds=30)
    assert await store.claim_for_resend(message_id, until) is True
    assert await store.claim_for_resend(message_id, until) is False  # the other process
    await store.mark_sent([message_id])
    assert await store.claim_for_resend(message_id, utcnow() + timedelta(hours=1)) is False
