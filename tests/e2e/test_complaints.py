"""End to end: a worker's family reports a problem with a photo; the desk resolves it.

The installed ``desmigratif run`` against the fake Bot API, with two Telegram users: the
reporter (a sister in the village reporting for a worker in Taiwan) and a desk officer. The
photo goes through ``getFile`` into ``FILES_DIR``; the officer's reply and the resolution reach
the reporter through the delivery engine. A second test SIGKILLs the bot in the middle of a
report: after the restart the report goes on from where it was, and nothing is sent twice.
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
DESK, SRI = 9001, 9101
PHOTO = b"\xff\xd8\xff\xe0" + b"slip gaji bulan juli" * 50


def _db(bot: BotProcess, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


async def _say(api: FakeBotApi, chat: int, text: str, expect: str) -> str:
    """Send ``text`` and wait for a reply containing ``expect``; returns that reply."""
    seen = len(api.sent_messages(chat))
    api.push_text(chat, text)
    return await _wait(api, chat, seen, expect, text)


async def _wait(api: FakeBotApi, chat: int, seen: int, expect: str, after: str) -> str:
    for _ in range(300):
        for message in api.sent_messages(chat)[seen:]:
            if expect in str(message.get("text", "")):
                return str(message["text"])
        await asyncio.sleep(0.05)
    last = api.sent_messages(chat)[-1].get("text", "") if api.sent_messages(chat) else ""
    raise AssertionError(f"no reply with {expect!r} to {after!r}; last: {last!r}")


def _button(api: FakeBotApi, chat: int, starts: str) -> str:
    keyboard = api.sent_messages(chat)[-1].get("reply_markup", {}).get("keyboard", [])
    return next(b["text"] for row in keyboard for b in row if starts in b["text"])


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


async def _start_report(api: FakeBotApi) -> None:
    await _say(api, SRI, f"/start {VILLAGE}", "mana yang paling sesuai")
    await _say(api, SRI, "Lewati", "Menu utama")
    await _say(api, SRI, "📝 Lapor masalah", "Masalahnya tentang apa")
    await _say(api, SRI, "Gaji tidak dibayar", "tentang siapa")
    await _say(api, SRI, "Keluarga saya di luar negeri", "Siapa namanya")
    await _say(api, SRI, "Wahyuni", "Apa hubungan")


async def _finish_report(api: FakeBotApi) -> str:
    await _say(api, SRI, "Saudara kandung", "negara mana")
    await _say(api, SRI, "Taiwan", "kota atau daerah")
    await _say(api, SRI, "Taichung", "Nama majikan atau agen")
    await _say(api, SRI, "⏭ Lewati", "Apa yang terjadi")
    await _say(api, SRI, "Gajinya sudah 3 bulan tidak dibayar.", "Sudah dicatat")
    await _say(api, SRI, "✅ Selesai", "Ada bukti")
    seen = len(api.sent_messages(SRI))
    api.push_photo(SRI, "slip-gaji-1", data=PHOTO)
    await _wait(api, SRI, seen, "Diterima (1 file)", "a photo")
    await _say(api, SRI, "✅ Selesai", "menghubungi Anda")
    await _say(api, SRI, "💬 Lewat chat ini", "menyebut nama Anda")
    await _say(api, SRI, "Ya, boleh sebut nama saya", "Mohon periksa laporan Anda")
    return await _say(api, SRI, "📤 Kirim laporan", "Nomor laporan Anda")


async def test_report_with_a_photo_to_resolution_across_two_users(
    api: FakeBotApi, bot: BotProcess
) -> None:
    await _start_report(api)
    sent = await _finish_report(api)
    reference = sent.split("Nomor laporan Anda: ")[1].split(".")[0]
    assert reference.startswith("ADU-3301-")
    # the photo is copied under FILES_DIR by the background job
    for _ in range(200):
        rows = _db(bot, "SELECT local_path FROM complaint_evidence WHERE local_path IS NOT NULL")
        if rows:
            break
        await asyncio.sleep(0.05)
    assert rows, "the evidence was never downloaded"
    assert (bot.workdir / "files" / str(rows[0][0])).read_bytes() == PHOTO
    # the desk officer finds it, sees the evidence and answers
    await _say(api, DESK, "/petugas", "Menu petugas Desa Kenanga")
    await _say(api, DESK, "📋 Laporan warga", "laporan terbuka")
    line = _button(api, DESK, reference)
    shown = await _say(api, DESK, line, "Gaji tidak dibayar")
    assert "Wahyuni" in shown and "3 bulan" in shown and "Pelapor: Siti" in shown
    seen = len(api.sent_messages(DESK))
    await _say(api, DESK, "📎 Bukti (1)", "sedang dikirim ke chat ini")
    for _ in range(200):
        if any(m.get("photo") == "slip-gaji-1" for m in api.sent_messages(DESK)[seen:]):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the officer never received the evidence photo")
    await _say(api, DESK, "🙋 Tangani laporan ini", "Sekarang Anda yang menangani")
    await _say(api, DESK, _button(api, DESK, reference), "Gaji tidak dibayar")
    await _say(api, DESK, "💬 Balas ke pelapor", "Tulis balasan")
    seen_sri = len(api.sent_messages(SRI))
    await _say(api, DESK, "Kami sudah menghubungi KDEI Taipei.", "Terkirim ke pelapor")
    await _wait(api, SRI, seen_sri, "menghubungi KDEI Taipei", "the officer's reply")
    await _say(api, DESK, _button(api, DESK, reference), "Gaji tidak dibayar")
    await _say(api, DESK, "✅ Selesaikan", "Apa hasilnya")
    seen_sri = len(api.sent_messages(SRI))
    await _say(api, DESK, "Gaji 3 bulan sudah dibayar majikan.", "selesai")
    told = await _wait(api, SRI, seen_sri, "sudah dibayar majikan", "the resolution")
    assert reference in told and "selesai" in told
    # the reporter reads the outcome in /status
    await _say(api, SRI, "/status", "Laporan Anda")
    await _say(api, SRI, _button(api, SRI, reference), "Status: selesai")
    assert _db(bot, "SELECT status FROM complaints") == [("resolved",)]
    actions = {a for (a,) in _db(bot, "SELECT action FROM audit_log")}
    assert any(a.startswith("complaint") for a in actions)
    assert "3 bulan tidak dibayar" not in bot.log()  # what people report never reaches the log


async def test_a_report_survives_a_sigkill_in_the_middle(api: FakeBotApi, bot: BotProcess) -> None:
    await _start_report(api)
    bot.kill()
    await bot.start()
    # the next answer goes on from the saved step; nothing was lost or asked twice
    await _finish_report(api)
    assert len(_db(bot, "SELECT id FROM complaints")) == 1
    assert _db(bot, "SELECT count(*) FROM complaint_drafts") == [(0,)]
    texts = [str(m.get("text", "")) for m in api.sent_messages(SRI)]
    assert sum(1 for t in texts if "Nomor laporan Anda" in t) == 1
