"""End to end: the installed ``desmigratif run`` process, long polling the fake Bot API.

A person chats in Indonesian; the bot is SIGKILLed mid-conversation and restarted; Telegram's
429, 403, 5xx and slow answers are thrown at it. Nothing may be lost or handled twice.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

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

pytestmark = pytest.mark.e2e

SITI, BUDI = 6201, 6202


def _db(bot: BotProcess, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def _texts(api: FakeBotApi, chat: int) -> list[str]:
    return [str(m.get("text", "")) for m in api.sent_messages(chat)]


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path)
    added = process.cli("village", "add", "--code", "3301012001", "--name", "Desa Kenanga")
    assert added.returncode == 0, added.stderr
    await process.start()
    yield process
    await process.stop()


async def test_a_resident_chats_in_indonesian(api: FakeBotApi, bot: BotProcess) -> None:
    api.push_text(SITI, "/start 3301012001")
    greeting, joined, question = await api.wait_for_messages(SITI, 3)
    assert "selamat datang" in greeting["text"]
    assert "terdaftar di Desa Kenanga" in joined["text"]
    keyboard = [row[0]["text"] for row in question["reply_markup"]["keyboard"]]
    assert keyboard[-1] == "Lewati" and "mana yang paling sesuai" in question["text"]
    api.push_text(SITI, "📞 Kontak kantor desa")  # typed over the question: as at the menu
    await api.wait_for_messages(SITI, 4)
    assert "Alamat:" in _texts(api, SITI)[-1] or "belum mengisi" in _texts(api, SITI)[-1]
    api.push_text(SITI, "gmn caranya kerja ke taiwan")
    await api.wait_for_messages(SITI, 5)
    assert "Taiwan" in _texts(api, SITI)[-1] and "Sumber:" in _texts(api, SITI)[-1]
    commands = {lang: [c["command"] for c in cmds] for (_, lang), cmds in api.commands.items()}
    assert commands.get("") == [
        "start",
        "menu",
        "bahasa",
        "help",
        "pengaturan",
        "berhenti",
        "mulai",
        "lapor",
        "status",
        "dokumen",
        "loker",
        "cekloker",
        "anak",
        "keluarga",
    ]
    assert _db(bot, "SELECT v.name FROM residents r JOIN villages v ON v.id = r.village_id") == [
        ("Desa Kenanga",)
    ]


async def test_sigkill_mid_conversation_loses_nothing(api: FakeBotApi, bot: BotProcess) -> None:
    api.push_text(SITI, "/start")
    await api.wait_for_messages(SITI, 2)
    api.push_text(SITI, "🏠 Daftarkan desa saya")
    await api.wait_for_messages(SITI, 3)
    assert "kode desa" in _texts(api, SITI)[-1]
    for _ in range(100):  # the replies so far are recorded as sent (else a restart resends them)
        if _db(bot, "SELECT count(*) FROM outbox WHERE status = 'pending'") == [(0,)]:
            break
        await asyncio.sleep(0.05)
    bot.kill()
    api.push_text(SITI, "3301012001")  # arrives while the bot is down
    await bot.start()
    await api.wait_for_messages(SITI, 5)
    assert "terdaftar di Desa Kenanga" in _texts(api, SITI)[3]
    assert _db(bot, "SELECT flow, node FROM conversations") == [("profile", "ask_situation")]


async def test_a_reply_interrupted_by_sigkill_is_sent_after_restart(
    api: FakeBotApi, bot: BotProcess
) -> None:
    api.push_text(SITI, "/start")
    await api.wait_for_messages(SITI, 2)
    api.delay(
        "sendMessage", 30.0
    )  # the next send hangs: the bot is killed after commit, before delivery
    api.push_text(SITI, "/help")
    for _ in range(200):
        if _db(bot, "SELECT count(*) FROM outbox WHERE status = 'pending'")[0][0]:
            break
        await asyncio.sleep(0.05)
    bot.kill()
    api.delay("sendMessage", 0.0, times=0)
    await bot.start()
    await api.wait_for_messages(SITI, 4, timeout=20)
    for _ in range(100):  # the bot marks them sent once Telegram has answered
        if _db(bot, "SELECT count(*) FROM outbox WHERE status = 'pending'") == [(0,)]:
            break
        await asyncio.sleep(0.05)
    texts = _texts(api, SITI)
    assert any("Cara memakai layanan ini" in t for t in texts)
    assert _db(bot, "SELECT count(*) FROM outbox WHERE status = 'pending'") == [(0,)], bot.log()
    assert len([t for t in texts if "Cara memakai" in t]) == 1, (
        "the update must not be handled twice"
    )


async def test_flood_control_is_honoured(api: FakeBotApi, bot: BotProcess) -> None:
    api.fail("sendMessage", code=429, description="Too Many Requests: retry after 1", retry_after=1)
    api.push_text(SITI, "/start")
    await api.wait_for_messages(SITI, 2, timeout=15)
    failed = [c for c in api.failed_calls if c.method == "sendMessage"]
    sent = [c for c in api.calls if c.method == "sendMessage"]
    assert len(failed) == 1
    assert sent[0].at - failed[0].at >= 1.0


async def test_server_errors_and_timeouts_are_retried(api: FakeBotApi, bot: BotProcess) -> None:
    api.fail("sendMessage", code=502, description="Bad Gateway", times=2)
    api.push_text(SITI, "/start")
    await api.wait_for_messages(SITI, 2, timeout=15)
    assert "selamat datang" in _texts(api, SITI)[0]


async def test_a_person_who_blocked_the_bot_is_marked_and_unmarked(
    api: FakeBotApi, bot: BotProcess
) -> None:
    api.fail(
        "sendMessage",
        code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=BUDI,
        times=1,
    )
    api.push_text(BUDI, "/start")
    for _ in range(200):
        if _db(bot, "SELECT status FROM residents") == [("unreachable",)]:
            break
        await asyncio.sleep(0.05)
    assert _db(bot, "SELECT status FROM residents") == [("unreachable",)]
    assert _db(bot, "SELECT status FROM outbox") and {
        s for (s,) in _db(bot, "SELECT status FROM outbox")
    } == {"failed"}
    api.push_text(BUDI, "menu")  # they unblocked the bot and wrote again
    await api.wait_for_messages(BUDI, 1)
    assert _db(bot, "SELECT status FROM residents") == [("active",)]


async def test_each_chat_keeps_its_order_while_chats_run_concurrently(
    api: FakeBotApi, bot: BotProcess
) -> None:
    api.latency = 0.1
    for chat in range(7000, 7020):
        api.push_text(chat, "/start")
        api.push_text(chat, "/help")
        api.push_text(chat, "/bahasa")
    started = asyncio.get_running_loop().time()
    for chat in range(7000, 7020):
        await api.wait_for_messages(chat, 5, timeout=30)
    elapsed = asyncio.get_running_loop().time() - started
    for chat in range(7000, 7020):
        texts = _texts(api, chat)
        assert (
            "selamat datang" in texts[0]
            and "Cara memakai" in texts[2]
            and "Pilih bahasa" in texts[4]
        )
    # 100 sends at 100 ms each would take 10 s one at a time
    assert elapsed < 8, f"chats were not served concurrently ({elapsed:.1f} s)"


async def test_an_unreadable_update_does_not_hold_up_another_persons_message(
    api: FakeBotApi, bot: BotProcess
) -> None:
    api.push_raw(old_sticker(BUDI))  # PTB cannot parse it
    text_id = api.push_text(SITI, "/start")  # an ordinary message right behind it, same batch
    await api.wait_for_messages(SITI, 2, timeout=5)
    first = next(c for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == SITI)
    assert first.at - api.pushed_at[text_id] < 1.0
    for _ in range(100):  # its offset is confirmed with the batch: it is not fetched again
        if api.pending_updates() == 0:
            break
        await asyncio.sleep(0.05)
    assert api.pending_updates() == 0
    assert api.sent_messages(BUDI) == []
    assert "could not be read" in bot.log() and "message/sticker" in bot.log()


@pytest.mark.parametrize("kind", sorted(SERVICE_MESSAGES))
async def test_service_messages_get_no_reply(api: FakeBotApi, bot: BotProcess, kind: str) -> None:
    api.push_text(SITI, "/start")
    await api.wait_for_messages(SITI, 2)
    api.push_update(service_message(SITI, kind))
    api.push_text(SITI, "menu")
    await api.wait_for_messages(SITI, 3)
    await asyncio.sleep(0.3)
    assert len(api.sent_messages(SITI)) == 3, _texts(api, SITI)
    assert "Menu utama" in _texts(api, SITI)[-1]


async def test_no_message_text_or_name_reaches_the_log_even_at_debug(
    api: FakeBotApi, tmp_path: Path
) -> None:
    process = BotProcess(api, tmp_path, LOG_LEVEL="DEBUG")
    await process.start()
    try:
        api.push_raw(old_sticker(BUDI))
        api.push_text(SITI, "/start", first_name=SECRET_NAME)
        api.push_text(SITI, SECRET_TEXT, first_name=SECRET_NAME)
        api.push_photo(SITI, caption="foto kontrak dari Bu Marsinah", first_name=SECRET_NAME)
        await api.wait_for_messages(SITI, 4, timeout=10)
        await asyncio.sleep(0.3)
    finally:
        await process.stop()
    log = process.log()
    assert "DEBUG asyncio" in log, "the run must really have logged at DEBUG"
    for secret in (SECRET_NAME, SECRET_TEXT, "Marsinah", "MigranSetStiker"):
        assert secret not in log, f"{secret!r} leaked into the log"
