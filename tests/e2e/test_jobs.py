"""End to end: a job notice published by the desk reaches a subscriber, who is interested.

The installed ``desmigratif run`` against the fake Bot API, with two Telegram users: a desk
officer publishes a caregiver notice for Taiwan through the guided flow; a resident who
subscribed to Taiwan gets it through the delivery engine (paced, outside their quiet hours),
opens it through the notice's link and says "Saya tertarik"; the officer sees them interested.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
DESK, WARGA = 9001, 9201


def _db(bot: BotProcess, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


async def _say(api: FakeBotApi, chat: int, text: str, expect: str) -> str:
    seen = len(api.sent_messages(chat))
    api.push_text(chat, text)
    return await _wait(api, chat, seen, expect, text)


async def _wait(api: FakeBotApi, chat: int, seen: int, expect: str, after: str) -> str:
    for _ in range(400):
        for message in api.sent_messages(chat)[seen:]:
            if expect in str(message.get("text", "") or message.get("caption", "")):
                return str(message.get("text", "") or message.get("caption", ""))
        await asyncio.sleep(0.05)
    last = api.sent_messages(chat)[-1].get("text", "") if api.sent_messages(chat) else ""
    raise AssertionError(f"no reply with {expect!r} to {after!r}; last: {last!r}")


def _daytime_zone() -> str:
    """A zone where it is daytime now, so the notice is not held for the morning."""
    now = datetime.now(UTC)
    for name in (
        "Asia/Jakarta",
        "Europe/London",
        "America/New_York",
        "Pacific/Auckland",
        "Asia/Kolkata",
        "America/Los_Angeles",
        "Europe/Moscow",
        "Asia/Tokyo",
    ):
        if 8 <= now.astimezone(ZoneInfo(name)).hour < 19:
            return name
    return "Asia/Jakarta"  # pragma: no cover


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path)
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


async def test_a_notice_reaches_a_subscriber_who_says_they_are_interested(
    api: FakeBotApi, bot: BotProcess
) -> None:
    await _say(api, WARGA, f"/start {VILLAGE}", "mana yang paling sesuai")
    await _say(api, WARGA, "Lewati", "Menu utama")
    await _say(api, WARGA, "/langganan", "belum berlangganan")
    await _say(api, WARGA, "➕ Negara", "Negara mana")
    await _say(api, WARGA, "Taiwan", "Berlangganan: Taiwan")
    _db(bot, "UPDATE residents SET timezone = ? WHERE external_id = ?", _daytime_zone(),
        str(WARGA))  # fmt: skip

    await _say(api, DESK, "/petugas", "Menu petugas")
    await _say(api, DESK, "Lainnya ›", "Menu petugas")  # the officer menu's second page
    await _say(api, DESK, "💼 Lowongan dan cek loker", "Papan lowongan")
    await _say(api, DESK, "➕ Pasang lowongan", "Negara tujuannya")
    await _say(api, DESK, "Taiwan", "Nama pekerjaannya")
    await _say(api, DESK, "Caregiver panti jompo", "Sektor apa")
    await _say(api, DESK, "Perawat lansia / caregiver", "pemberi kerjanya")
    await _say(api, DESK, "perusahaan", "Berapa orang")
    await _say(api, DESK, "10", "Syarat")
    await _say(api, DESK, "Usia 21-35, sehat, lulus pelatihan BLK", "Gaji per bulan")
    await _say(api, DESK, "NT$ 20000", "perusahaan penempatan")
    await _say(api, DESK, "PT Sinar Bahari Mandiri", "Nomor izin")
    await _say(api, DESK, "SIP2MI 2/1234/2024", "dibayar pekerja")
    year = datetime.now(UTC).year + 1
    await _say(api, DESK, "Tanpa biaya bagi pekerja", "Batas akhir")
    await _say(api, DESK, f"15-01-{year}", "Di mana warga mendaftar")
    await _say(api, DESK, "di Disnaker", "Tepatnya di mana")
    await _say(api, DESK, "⏭ Lewati", "foto poster")
    await _say(api, DESK, "⏭ Lewati", "Pratinjau")
    published = await _say(api, DESK, "✅ Pasang", "Dipasang sebagai")
    reference = published.split("Dipasang sebagai ")[1].split(".")[0]

    told = await _wait(api, WARGA, 0, "Lowongan baru yang sudah dicek petugas desa", "publishing")
    assert "PT Sinar Bahari Mandiri" in told and "jangan serahkan paspor" in told
    assert f"job-{reference}" in told  # the link that opens the notice
    await _say(api, WARGA, f"/start job-{reference}", "Tetap aman")
    await _say(api, WARGA, "🙋 Saya tertarik", "berminat pada")
    rows = _db(bot, "SELECT status FROM job_interests")
    assert rows == [("interested",)]

    await _say(api, DESK, "/petugas", "Menu petugas")
    await _say(api, DESK, "Lainnya ›", "Menu petugas")  # the officer menu's second page
    await _say(api, DESK, "💼 Lowongan dan cek loker", "Papan lowongan")
    listed = await _say(api, DESK, "📋 Lowongan desa kami", "Lowongan Desa Kenanga")
    assert listed
    keyboard = api.sent_messages(DESK)[-1].get("reply_markup", {}).get("keyboard", [])
    item = next(b["text"] for row in keyboard for b in row if b["text"].startswith(reference))
    assert "1 peminat" in item
