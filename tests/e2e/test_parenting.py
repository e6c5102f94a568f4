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
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.deliveries import quiet_hours_end
from tests.support.bot_process import BotProcess
from tests.support.e2e_chat import button, db, say
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
FACILITATOR, MOTHER, STRANGER = 9301, 9401, 9402


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
    await say(api, chat, f"/start {VILLAGE}", "mana yang paling sesuai")
    await say(api, chat, button(api, chat, "🌏"), "Di mana Anda tinggal sekarang")
    await say(api, chat, "Taiwan", "Tersimpan")


async def test_an_update_reaches_the_mother_in_her_daytime_and_nobody_else(
    api: FakeBotApi, bot: BotProcess
) -> None:
    # the facilitator registers Ayu and makes a one-time code for her mother
    await say(api, FACILITATOR, "/pengasuhan", "Pengasuhan bersama di Desa Kenanga: 0 anak")
    await say(api, FACILITATOR, "➕ Daftarkan anak", "Anak baru")
    await say(api, FACILITATOR, "Ayu", "Tanggal lahirnya")
    await say(api, FACILITATOR, "14-02-2016", "Sekolahnya")
    await say(api, FACILITATOR, "SD Negeri 1 Kenanga", "Siapa yang mengasuhnya")
    await say(api, FACILITATOR, "Mbah Sarinah", "Apa hubungan pengasuh")
    await say(api, FACILITATOR, "Kakek atau nenek", "Orang tua mana")
    await say(api, FACILITATOR, "Ibu", "Di negara mana")
    await say(api, FACILITATOR, "Taiwan", "Mohon periksa")
    await say(api, FACILITATOR, button(api, FACILITATOR, "✅"), "Tersimpan")
    await say(api, FACILITATOR, "👶 Daftar anak", "Pilih anak")
    await say(api, FACILITATOR, "Ayu", "Ayu, 10 tahun")
    await say(api, FACILITATOR, "🔗 Kode penghubung", "Kode ini untuk siapa")
    made = await say(api, FACILITATOR, "ibu", "Kode sekali pakai")
    found = re.search(r": ([A-Z0-9]{8})\n", made)
    assert found and f"?start=anak-{found.group(1)}" in made
    code = found.group(1)

    # the mother in Taiwan links through the deep link
    await _register_abroad(api, MOTHER)
    await say(api, MOTHER, f"/start anak-{code}", "mengikuti kabar Ayu (Desa Kenanga)")
    await say(api, MOTHER, "✅ Ya, hubungkan saya", "Terhubung")

    # a second parent tries the same code: it worked once; they never see Ayu
    await _register_abroad(api, STRANGER)
    await say(api, STRANGER, f"/start anak-{code}", "tidak berlaku")
    await say(api, STRANGER, "/anak", "belum mengikuti anak mana pun")

    # the facilitator writes an update
    await say(api, FACILITATOR, "/pengasuhan", "Pengasuhan bersama")
    await say(api, FACILITATOR, "👶 Daftar anak", "Pilih anak")
    await say(api, FACILITATOR, "Ayu", "Ayu, 10 tahun")
    await say(api, FACILITATOR, "✍️ Tulis kabar", "Kabar ini tentang apa")
    await say(api, FACILITATOR, "Sekolah", "Kabar sekolah Ayu")
    news = "Ayu juara membaca di kelasnya minggu ini."
    await say(api, FACILITATOR, news, "Orang tua Ayu akan membaca")
    before = datetime.now(UTC)
    await say(api, FACILITATOR, button(api, FACILITATOR, "📤"), "Terkirim ke 1 orang tua")

    ((zone, not_before),) = db(
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
    await say(api, STRANGER, "/anak", "belum mengikuti")
    assert not any("Ayu" in str(m.get("text", "")) for m in api.sent_messages(STRANGER))
    assert db(bot, "SELECT count(*) FROM deliveries d JOIN residents r ON r.id = d.resident_id "
               "WHERE r.external_id = ?", str(STRANGER))[0][0] == 0  # fmt: skip
