"""End to end in webhook mode: the installed bot serves Telegram's POSTs and a health check."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi
from tests.support.odd_updates import (
    SECRET_NAME,
    SECRET_TEXT,
    SERVICE_MESSAGES,
    old_sticker,
    service_message,
)
from tests.support.webhook_fleet import free_port, text_update

pytestmark = pytest.mark.e2e

SECRET = "s3cret-token_for-tests"


@pytest.fixture
async def webhook_bot(tmp_path: Path) -> AsyncIterator[tuple[FakeBotApi, BotProcess, int]]:
    port = free_port()
    async with FakeBotApi() as api:
        process = BotProcess(
            api,
            tmp_path,
            WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            WEBHOOK_SECRET=SECRET,
            PORT=str(port),
        )
        await process.start(wait_for="setWebhook")
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        yield api, process, port
        assert await process.stop() == 0


async def test_webhook_is_registered_with_the_secret(
    webhook_bot: tuple[FakeBotApi, BotProcess, int],
) -> None:
    api, _, port = webhook_bot
    assert api.webhook["url"] == f"http://127.0.0.1:{port}/hook"
    assert api.webhook["secret_token"] == SECRET


async def test_updates_with_the_right_secret_are_answered(
    webhook_bot: tuple[FakeBotApi, BotProcess, int],
) -> None:
    api, _, port = webhook_bot
    status = await api.deliver_webhook(
        f"http://127.0.0.1:{port}/hook", text_update(1, 501, "/start"), SECRET
    )
    assert status == 200
    greeting, _menu = await api.wait_for_messages(501, 2)
    assert "selamat datang" in greeting["text"]
    again = await api.deliver_webhook(
        f"http://127.0.0.1:{port}/hook", text_update(1, 501, "/start"), SECRET
    )
    assert again == 200
    assert len(api.sent_messages(501)) == 2, "a re-delivered update is not handled twice"


async def test_a_wrong_or_missing_secret_is_refused(
    webhook_bot: tuple[FakeBotApi, BotProcess, int],
) -> None:
    api, _, port = webhook_bot
    url = f"http://127.0.0.1:{port}/hook"
    assert await api.deliver_webhook(url, text_update(2, 502, "/start"), "wrong") == 403
    assert await api.deliver_webhook(url, text_update(3, 502, "/start"), None) == 403
    assert api.sent_messages(502) == []


async def test_garbage_bodies_get_400_and_health_is_reported(
    webhook_bot: tuple[FakeBotApi, BotProcess, int],
) -> None:
    _, _, port = webhook_bot
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as session:
        for body in (b"not json", b'"abc"', b"[]", b"\xff\xfe"):
            async with session.post(
                f"http://127.0.0.1:{port}/hook", data=body, headers=headers
            ) as response:
                assert response.status == 400, body
        # a JSON object that is no readable update gets 200, or Telegram would resend it forever
        async with session.post(
            f"http://127.0.0.1:{port}/hook",
            data=b'{"update_id": 1, "message": "x"}',
            headers=headers,
        ) as response:
            assert response.status == 200
        async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok", "unreadable_updates": 1}


async def test_an_unreadable_update_gets_200_and_the_next_person_is_answered_at_once(
    webhook_bot: tuple[FakeBotApi, BotProcess, int],
) -> None:
    api, process, port = webhook_bot
    url = f"http://127.0.0.1:{port}/hook"
    assert await api.deliver_webhook(url, old_sticker(503, update_id=40), SECRET) == 200
    sent_at = time.monotonic()
    assert await api.deliver_webhook(url, text_update(41, 504, "/start"), SECRET) == 200
    await api.wait_for_messages(504, 2, timeout=5)
    first = next(c for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == 504)
    assert first.at - sent_at < 1.0
    assert api.sent_messages(503) == []
    assert "update 40 (message/sticker) that could not be read" in process.log()
    assert SECRET_NAME not in process.log() and SECRET_TEXT not in process.log()


@pytest.mark.parametrize("kind", sorted(SERVICE_MESSAGES))
async def test_service_messages_by_webhook_get_no_reply(
    webhook_bot: tuple[FakeBotApi, BotProcess, int], kind: str
) -> None:
    api, _, port = webhook_bot
    url = f"http://127.0.0.1:{port}/hook"
    assert await api.deliver_webhook(url, {**service_message(505, kind), "update_id": 50}) == 403
    assert (
        await api.deliver_webhook(url, {**service_message(505, kind), "update_id": 51}, SECRET)
        == 200
    )
    assert await api.deliver_webhook(url, text_update(52, 505, "menu"), SECRET) == 200
    await api.wait_for_messages(505, 1)
    await asyncio.sleep(0.3)
    assert len(api.sent_messages(505)) == 1
