"""The sender against the fake Bot API over real HTTP: long replies, timeouts, refusals."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.outbound import TelegramSender
from flows.engine.messages import Choice, Inbound, Reply
from storage.models import OutboxMessage
from storage.outbox import OutboxStore
from storage.unit_of_work import SqlUnitOfWork
from tests.support.fake_bot_api import FakeBotApi


async def _queue(engine: AsyncEngine, replies: list[Reply]) -> list[int]:
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(Inbound(channel="telegram", user_id="42", chat_id="42"))
        ids = await uow.enqueue_replies(person.id, "telegram", "42", replies)
        await uow.commit()
    return list(ids)


async def test_a_reply_longer_than_telegrams_limit_arrives_in_parts_with_buttons_last(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    sender = TelegramSender(bot, OutboxStore(engine))
    long = "\n\n".join(f"Paragraf {i}: " + "kata " * 150 for i in range(12))
    await sender.send("42", Reply(long, choices=(Choice("home", "Menu utama"),)))
    sent = api.sent_messages(42)
    assert len(sent) >= 2 and all(len(m["text"]) <= 4096 for m in sent)
    assert "reply_markup" not in sent[0] and sent[-1]["reply_markup"]["keyboard"] == [
        [{"text": "Menu utama"}]
    ]
    assert api.failed_calls == []


async def test_a_timed_out_send_is_retried(api: FakeBotApi, bot: Bot, engine: AsyncEngine) -> None:
    sender = TelegramSender(bot, OutboxStore(engine), backoff=0.05)
    api.delay("sendMessage", 2.0)
    await sender.send("42", Reply("halo"))
    assert any(m["text"] == "halo" for m in api.sent_messages(42))


async def test_outcomes_are_recorded_in_the_outbox(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    sender = TelegramSender(bot, OutboxStore(engine), backoff=0.01)
    ok = await _queue(engine, [Reply("satu"), Reply("dua")])
    await sender.deliver("42", [Reply("satu"), Reply("dua")], ok)
    await sender.sent.flush()
    api.fail("sendMessage", code=400, description="Bad Request: chat not found")
    bad = await _queue(engine, [Reply("tiga")])
    await sender.deliver("42", [Reply("tiga")], bad)
    api.fail("sendMessage", code=500, description="Internal Server Error", times=5)
    later = await _queue(engine, [Reply("empat")])
    await sender.deliver("42", [Reply("empat")], later)
    async with engine.connect() as conn:
        rows = dict((await conn.execute(select(OutboxMessage.id, OutboxMessage.status))).all())
    assert [rows[i] for i in ok] == ["sent", "sent"]
    assert rows[bad[0]] == "failed", "a refused message is not retried for ever"
    assert rows[later[0]] == "pending", "a message that met server errors waits for the resend"


async def test_a_message_being_sent_or_just_sent_is_not_resent(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    """The resend loop must not pick up a reply the live path is still sending or recording."""
    store = OutboxStore(engine)
    sender = TelegramSender(bot, store)
    ids = await _queue(engine, [Reply("satu")])
    api.delay("sendMessage", 0.3)
    delivery = asyncio.create_task(sender.deliver("42", [Reply("satu")], ids))
    await asyncio.sleep(0.1)
    assert sender.owns(ids[0]), "in flight"
    await delivery
    assert sender.owns(ids[0]), "sent, not yet written down"
    await sender.sent.flush()
    assert not sender.owns(ids[0])
    assert not await store.is_pending(ids[0])


async def test_only_the_channels_own_stale_messages_are_picked_up(engine: AsyncEngine) -> None:
    store = OutboxStore(engine)
    await _queue(engine, [Reply("telegram")])
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(Inbound(channel="console", user_id="siti", chat_id="siti"))
        await uow.enqueue_replies(person.id, "console", "siti", [Reply("console")] * 3)
        await uow.commit()
    found = await store.pending(older_than=timedelta(seconds=-60), channel="telegram", limit=2)
    assert [m.reply.text for m in found] == ["telegram"]
