"""Two installed bot processes in webhook mode on one PostgreSQL database.

Telegram (behind a load balancer) hands consecutive updates of one chat to either process, one
at a time: the next only after the previous POST was answered. Each chat must still get its
replies in order, each update answered once, and a re-delivery to the other process ignored.
When Telegram retries, the same or the next update can reach both processes at once: then no
update is answered twice and the conversation ends in the state of the later update.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import create_engine
from storage.models import Conversation, Resident, table_of
from tests.support.fake_bot_api import FakeBotApi
from tests.support.webhook_fleet import Fleet, fresh_pg_database, text_update, webhook_fleet

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

PG_ADMIN_URL = os.environ.get("DESMIGRATIF_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("DESMIGRATIF_REQUIRE_POSTGRES") == "1"

SCRIPT = (
    "/start",
    "ℹ️ Info migrasi aman",
    "Sebelum berangkat",
    "menu",
    "📞 Kontak kantor desa",
    "menu",
    "❓ Bantuan",
    "menu",
)
REFERENCE_CHAT = 7000
CHATS = range(7001, 7009)


@pytest.fixture
async def database() -> AsyncIterator[str]:
    try:
        async with fresh_pg_database(PG_ADMIN_URL, "desmigratif_two") as url:
            yield url
    except (OSError, TimeoutError) as exc:  # the server is not there (CREATE failed)
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required (DESMIGRATIF_REQUIRE_POSTGRES=1): {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")


@pytest.fixture
async def fleet(database: str, tmp_path: Path) -> AsyncIterator[Fleet]:
    async with FakeBotApi() as api, webhook_fleet(api, tmp_path, database, 2) as fleet:
        yield fleet


def texts(fleet: Fleet, chat: int) -> list[str]:
    return [str(m["text"]) for m in fleet.api.sent_messages(chat)]


async def last_update_id(database: str, chat: int) -> int | None:
    engine = create_engine(database)
    residents, conversations = table_of(Resident), table_of(Conversation)
    try:
        async with engine.connect() as conn:
            value = (
                await conn.execute(
                    select(conversations.c.last_update_id)
                    .join(residents, residents.c.id == conversations.c.resident_id)
                    .where(residents.c.external_id == str(chat))
                )
            ).scalar_one_or_none()
    finally:
        await engine.dispose()
    return None if value is None else int(value)


async def reference(fleet: Fleet) -> list[list[str]]:
    """The replies to each message of the script, from one process alone."""
    steps = []
    for text in SCRIPT:
        before = len(texts(fleet, REFERENCE_CHAT))
        assert await fleet.post(0, text_update(fleet.next_update_id(), REFERENCE_CHAT, text)) == 200
        steps.append(texts(fleet, REFERENCE_CHAT)[before:])
    assert "selamat datang" in steps[0][0]
    assert all(steps), "every message of the script gets a reply"
    return steps


def flat(steps: list[list[str]]) -> list[str]:
    return [text for step in steps for text in step]


async def test_chats_alternating_between_processes_get_every_reply_once_in_order(
    fleet: Fleet,
) -> None:
    expected = flat(await reference(fleet))
    ids = await asyncio.wait_for(
        asyncio.gather(*(fleet.talk(chat, SCRIPT, first=chat % 2) for chat in CHATS)), 60
    )
    for chat in CHATS:
        assert texts(fleet, chat) == expected, f"chat {chat}"
    # Telegram re-sends an update it got no answer for: here to the other process
    for chat, chat_ids in zip(CHATS, ids, strict=True):
        last_by = (chat % 2 + len(SCRIPT) - 1) % 2  # the process that handled the last one
        assert await fleet.post(1 - last_by, text_update(chat_ids[-1], chat, SCRIPT[-1])) == 200
        assert await fleet.post(last_by, text_update(chat_ids[2], chat, SCRIPT[2])) == 200
    await asyncio.sleep(0.5)  # anything sent twice would have arrived by now
    for chat in CHATS:
        assert texts(fleet, chat) == expected, f"chat {chat} after re-delivery"


async def test_one_update_posted_to_both_processes_at_once_is_answered_once(
    fleet: Fleet,
) -> None:
    steps = await reference(fleet)
    for chat in CHATS:
        await fleet.talk(chat, SCRIPT[:2], first=chat % 2)
    for chat in CHATS:  # the third message reaches both processes at the same moment
        update = text_update(fleet.next_update_id(), chat, SCRIPT[2])
        statuses = await asyncio.gather(fleet.post(0, update), fleet.post(1, update))
        assert list(statuses) == [200, 200]
    await asyncio.sleep(0.5)  # a second answer would have arrived by now
    for chat in CHATS:
        assert texts(fleet, chat) == flat(steps[:3]), f"chat {chat}"


async def test_two_updates_of_one_chat_posted_at_once_never_answer_twice(
    fleet: Fleet, database: str
) -> None:
    """What the row lock guarantees when Telegram breaks its one-at-a-time rule.

    Whichever process locks the conversation first goes first. If the later update wins, the
    earlier one is then seen as already handled and skipped (answered 200, no reply): the
    conversation never goes back to an older update. Nothing is answered twice either way.
    """
    await reference(fleet)
    older_text, newer_text = "ℹ️ Info migrasi aman", "❓ Bantuan"
    for chat in CHATS:
        await fleet.talk(chat, ("/start",))
        start = len(texts(fleet, chat))
        older, newer = fleet.next_update_id(), fleet.next_update_id()
        statuses = await asyncio.gather(
            fleet.post(chat % 2, text_update(older, chat, older_text)),
            fleet.post(1 - chat % 2, text_update(newer, chat, newer_text)),
        )
        assert list(statuses) == [200, 200]
        assert await last_update_id(database, chat) == newer
        await asyncio.sleep(0.3)
        got = sorted(t.split("\n")[0].split(".")[0] for t in texts(fleet, chat)[start:])
        help_and_menu = ["Cara memakai layanan ini:", "Menu utama"]
        both = sorted([*help_and_menu, "Informasi migrasi aman"])
        assert got in (both, help_and_menu), f"chat {chat}: {got}"


async def test_a_reply_stalled_in_one_process_is_not_resent_by_the_other(fleet: Fleet) -> None:
    """OUTBOX_RESEND_AFTER is 1 s here (30 s by default): a send stalled for 4 s, as behind
    Telegram's flood control or a slow network, must not look to the other process like a reply
    left behind by a crash: the sending process holds it in the outbox while it waits."""
    fleet.api.delay("sendMessage", 4.0)
    chat = CHATS[0]
    assert await fleet.post(0, text_update(fleet.next_update_id(), chat, "/start")) == 200
    await asyncio.sleep(1.5)  # a resend would have arrived by now
    greeting, menu = texts(fleet, chat)[:2]
    assert "selamat datang" in greeting
    assert texts(fleet, chat) == [greeting, menu]
