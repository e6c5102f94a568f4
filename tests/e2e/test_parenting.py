"""End to end: a facilitator in Java writes about a child; the mother in Taiwan gets it by day.

The installed ``desmigratif run`` against the fake Bot API with three Telegram users: a
parenting facilitator (the village is in Asia/Jakarta) registers a child and gives a one-time
code; the mother (working in Taiwan, Asia/Taipei) links with it through the deep link; a
second parent tries the same code and never sees the child. The update is queued for the
mother's own waking hours: its ``not_before`` is checked rather than waiting for the morning
(the hour-exact 22:00 WIB case is ``tests/flows/test_parenting.py``, with a fixed clock).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.deliveries import quiet_hours_end
from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
FACILITATOR, MOTHER, STRANGER = 9301, 9401, 9402


def _db(bot: BotProcess, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


async def _say(api: FakeBotApi, chat: int, text: str, expect: str) -> str:
    """Send ``text`` and wait for a reply containing ``expect``; returns that reply."""
    seen = len(api.sent_messages(chat))
    api.push_text(chat, text)
    for _ in range(300):
        for message in api.sent_messages(chat)[seen:]:
            if expect in str(message.get("text", "")):
                return str(message["text"])
        await asyncio.sleep(0.05)
    last = api.sent_messages(chat)[-1].get("text", "") if api.sent_messages(chat) else ""
    raise AssertionError(f"no reply with {expect!r} to {text!r}; last: {last!r}")


def _button(api: FakeBotApi, chat: int, starts: str) -> str:
    keyboard = api.sent_messages(chat)[-1].get("reply_markup", {}).get("keyboard", [])
    return next(b["text"] for row in keyboard for b in row if b["text"].startswith(starts))


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
        "officer", "add", "--telegram-id", str(FACILITATOR), "--village", VILLAGE,
        "--role", "parenting_facilitator",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    await process.start()
    yield process
    await process.stop()


async def _register_abroad(api: FakeBotApi, chat: int) -> None:
    await _say(api, chat, f"/start {VILLAGE}", "mana yang paling sesuai")
    await _say(api, chat, _button(api, chat, "🌏"), "Di mana Anda tinggal sekarang")
    await _say(api, chat, "Taiwan", "Tersimpan")


async def test_an_update_reaches_the_mother_in_her_daytime_and_nobody_else(
    api: FakeBotApi, bot: BotProcess
) -> None:
    # the facilitator registers Ayu and makes a one-time code for her mother
    await _say(api, FACILITATOR, "/pengasuhan", "Pengasuhan bersama di Desa Kenanga: 0 anak")
    await _say(api, FACILITATOR, "➕ Daftarkan anak", "Anak baru")
    await _say(api, FACILITATOR, "Ayu", "Tanggal lahirnya")
    await _say(api, FACILITATOR, "14-02-2016", "Sekolahnya")
    await _say(api, FACILITATOR, "SD Negeri 1 Kenanga", "Siapa yang mengasuhnya")
    await _say(api, FACILITATOR, "Mbah Sarinah", "Apa hubungan pengasuh")
    await _say(api, FACILITATOR, "Kakek atau nenek", "Orang tua mana")
    await _say(api, FACILITATOR, "Ibu", "Di negara mana")
    await _say(api, FACILITATOR, "Taiwan", "Mohon periksa")
    await _say(api, FACILITATOR, _button(api, FACILITATOR, "✅"), "Tersimpan")
    await _say(api, FACILITATOR, "👶 Daftar anak", "Pilih anak")
    await _say(api, FACILITATOR, "Ayu", "Ayu, 10 tahun")
    await _say(api, FACILITATOR, "🔗 Kode penghubung", "Kode ini untuk siapa")
    made = await _say(api, FACILITATOR, "ibu", "Kode sekali pakai")
    found = re.search(r": ([A-Z0-9]{8})\n", made)
    assert found and f"?start=anak-{found.group(1)}" in made
    code = found.group(1)

    # the mother in Taiwan links through the deep link
    await _register_abroad(api, MOTHER)
    await _say(api, MOTHER, f"/start anak-{code}", "mengikuti kabar Ayu (Desa Kenanga)")
    await _say(api, MOTHER, "✅ Ya, hubungkan saya", "Terhubung")

    # a second parent tries the same code: it worked once; they never see Ayu
    await _register_abroad(api, STRANGER)
    await _say(api, STRANGER, f"/start anak-{code}", "tidak berlaku")
    await _say(api, STRANGER, "/anak", "belum mengikuti anak mana pun")

    # the facilitator writes an update
    await _say(api, FACILITATOR, "/pengasuhan", "Pengasuhan bersama")
    await _say(api, FACILITATOR, "👶 Daftar anak", "Pilih anak")
    await _say(api, FACILITATOR, "Ayu", "Ayu, 10 tahun")
    await _say(api, FACILITATOR, "✍️ Tulis kabar", "Kabar ini tentang apa")
    await _say(api, FACILITATOR, "Sekolah", "Kabar sekolah Ayu")
    news = "Ayu juara membaca di kelasnya minggu ini."
    await _say(api, FACILITATOR, news, "Orang tua Ayu akan membaca")
    before = datetime.now(UTC)
    await _say(api, FACILITATOR, _button(api, FACILITATOR, "📤"), "Terkirim ke 1 orang tua")

    ((zone, not_before),) = _db(
        bot,
        "SELECT d.timezone, d.not_before FROM deliveries d JOIN residents r "
        "ON r.id = d.resident_id WHERE r.external_id = ? AND d.kind = 'child_update'",
        str(MOTHER),
    )
    assert zone == "Asia/Taipei"
    release = datetime.fromisoformat(str(not_before)).replace(tzinfo=UTC)
    assert abs(release - quiet_hours_end(before, "Asia/Taipei")) < timedelta(seconds=30)
    local = release.astimezone(ZoneInfo("Asia/Taipei")).time()
    assert local.hour >= 6 and local.hour < 21  # never in her night
    if release <= datetime.now(UTC) + timedelta(seconds=1):  # her daytime now: it arrives
        for _ in range(200):
            if any(news in str(m.get("text", "")) for m in api.sent_messages(MOTHER)):
                break
            await asyncio.sleep(0.05)
        assert any(news in str(m.get("text", "")) for m in api.sent_messages(MOTHER))
    await _say(api, STRANGER, "/anak", "belum mengikuti")
    assert not any("Ayu" in str(m.get("text", "")) for m in api.sent_messages(STRANGER))
    assert _db(bot, "SELECT count(*) FROM deliveries d JOIN residents r ON r.id = d.resident_id "
               "WHERE r.external_id = ?", str(STRANGER))[0][0] == 0  # fmt: skip
