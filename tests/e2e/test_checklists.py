"""End to end: a worker sends a photo of her passport; the village desk verifies it.

The installed ``desmigratif run`` against the fake Bot API, with two Telegram users: the
prospective worker and a desk officer. The photo is copied through ``getFile`` into
``FILES_DIR`` by the same background downloader as complaint evidence; the officer receives
the photo in their own chat through the delivery engine, verifies it, and the worker is told
at once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
DESK, RINA = 9002, 9102
PHOTO = b"\xff\xd8\xff\xe0" + b"halaman paspor" * 60


def _db(bot: BotProcess, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql).fetchall()


async def _wait(api: FakeBotApi, chat: int, seen: int, expect: str, after: str) -> str:
    for _ in range(300):
        for message in api.sent_messages(chat)[seen:]:
            if expect in str(message.get("text", "")):
                return str(message["text"])
        await asyncio.sleep(0.05)
    last = api.sent_messages(chat)[-1].get("text", "") if api.sent_messages(chat) else ""
    raise AssertionError(f"no reply with {expect!r} to {after!r}; last: {last!r}")


async def _say(api: FakeBotApi, chat: int, text: str, expect: str) -> str:
    seen = len(api.sent_messages(chat))
    api.push_text(chat, text)
    return await _wait(api, chat, seen, expect, text)


def _button(api: FakeBotApi, chat: int, part: str) -> str:
    keyboard = api.sent_messages(chat)[-1].get("reply_markup", {}).get("keyboard", [])
    return next(b["text"] for row in keyboard for b in row if part in b["text"])


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path, FILES_DIR=str(tmp_path / "files"))
    assert (
        process.cli("village", "add", "--code", VILLAGE, "--name", "Desa Kenanga").returncode == 0
    )
    added = process.cli(
        "officer", "add", "--telegram-id", str(DESK), "--village", VILLAGE, "--role", "desk_officer"
    )
    assert added.returncode == 0, added.stderr
    await process.start()
    yield process
    await process.stop()


async def test_a_passport_photo_is_verified_by_the_desk(api: FakeBotApi, bot: BotProcess) -> None:
    await _say(api, RINA, f"/start {VILLAGE}", "mana yang paling sesuai")
    await _say(api, RINA, "Lewati", "Menu utama")
    await _say(api, RINA, "📂 Dokumen saya", "bukan nasihat hukum")
    await _say(api, RINA, "➕ Daftar baru", "untuk siapa")
    await _say(api, RINA, "Untuk saya sendiri", "Ke mana")
    await _say(api, RINA, "Hong Kong · pekerja rumah tangga", "0 dari 12 dokumen siap")
    await _say(api, RINA, "📋 Buka daftar", "Langkah berikutnya")
    await _say(api, RINA, _button(api, RINA, "Dokumen berikutnya"), "Halaman 2")
    await _say(api, RINA, _button(api, RINA, "Paspor"), "kantor imigrasi")
    await _say(api, RINA, "📎 Kirim foto atau PDF", "Kirim foto atau PDF Paspor")
    seen = len(api.sent_messages(RINA))
    api.push_photo(RINA, "paspor-rina-1", data=PHOTO)
    received = await _wait(api, RINA, seen, "Diterima", "a photo")
    assert "1 dari 12 dokumen siap" in received and "Desa Kenanga" in received
    # the background job copies the photo under FILES_DIR/<village>/<reference>/
    for _ in range(200):
        rows = _db(bot, "SELECT local_path FROM checklist_files WHERE local_path IS NOT NULL")
        if rows:
            break
        await asyncio.sleep(0.05)
    assert rows, "the document was never downloaded"
    assert str(rows[0][0]).startswith(f"{VILLAGE}/DOK-")
    assert (bot.workdir / "files" / str(rows[0][0])).read_bytes() == PHOTO
    # the desk officer opens the queue, sees the photo in their chat, and verifies it
    await _say(api, DESK, "/petugas", "Menu petugas Desa Kenanga")
    await _say(api, DESK, "📂 Dokumen warga", "1 dokumen menunggu diperiksa")
    await _say(api, DESK, _button(api, DESK, "Paspor"), "Riwayat")
    seen = len(api.sent_messages(DESK))
    await _say(api, DESK, "📎 Lihat file (1)", "sedang dikirim ke chat ini")
    for _ in range(200):
        if any(m.get("photo") == "paspor-rina-1" for m in api.sent_messages(DESK)[seen:]):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the officer never received the passport photo")
    seen_rina = len(api.sent_messages(RINA))
    await _say(api, DESK, "✅ Terverifikasi", "sudah diberi tahu")
    told = await _wait(api, RINA, seen_rina, "sudah sesuai", "the verification")
    assert "Paspor" in told and "DOK-" in told
    await _say(api, RINA, "/dokumen", "1 dari 12 dokumen siap, 1 sudah diperiksa petugas")
    assert _db(bot, "SELECT status FROM checklist_items WHERE item = 'passport'") == [("verified",)]
    actions = {a for (a,) in _db(bot, "SELECT action FROM audit_log")}
    assert {"checklist.verified", "checklist.files_viewed"} <= actions
