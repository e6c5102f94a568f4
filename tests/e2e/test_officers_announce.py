"""End to end: a coordinator invites an officer, who announces to residents in two time zones.

The installed ``desmigratif run`` against the fake Bot API with Telegram's flood control on:
the coordinator's invitation link is used by a new officer, residents register (one of them
works in Taiwan), the officer announces to the whole village, the bot is SIGKILLed midway and
restarted, and everyone gets the announcement once (only sends in flight at the kill may
repeat). A normal (not urgent) announcement to workers abroad waits for the Taiwan worker's
waking hours, whatever the hour the test runs at.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.deliveries import quiet_hours_end
from tests.support.bot_process import BotProcess
from tests.support.e2e_chat import db, say
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
COORDINATOR, OFFICER, SITI, WATI = 8001, 8002, 8101, 8102
CROWD = list(range(8200, 8240))  # residents registered earlier (inserted directly)


def _last(api: FakeBotApi, chat: int) -> str:
    return str(api.sent_messages(chat)[-1].get("text", ""))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        fake.enforce_flood_control(per_second=20)
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path, DELIVERY_RATE="15", DELIVERY_LEASE_SECONDS="2")
    assert (
        process.cli("village", "add", "--code", VILLAGE, "--name", "Desa Kenanga").returncode == 0
    )
    added = process.cli(
        "officer", "add", "--telegram-id", str(COORDINATOR), "--village", VILLAGE,
        "--role", "coordinator",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    village_id = db(process, "SELECT id FROM villages")[0][0]
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        conn.executemany(
            "INSERT INTO residents (channel, external_id, chat_id, display_name, status, "
            "village_id, announcements_muted, created_at, last_seen_at) "
            "VALUES ('telegram', ?, ?, 'Warga', 'active', ?, 0, '2026-11-01', '2026-11-01')",
            [(str(c), str(c), village_id) for c in CROWD],
        )
    await process.start()
    yield process
    await process.stop()


async def test_invite_announce_restart_and_quiet_hours(api: FakeBotApi, bot: BotProcess) -> None:
    # the coordinator invites a desk officer with a link
    await say(api, COORDINATOR, "/petugas", "Menu petugas Desa Kenanga (koordinator)")
    await say(api, COORDINATOR, "👥 Petugas dan undangan", "Petugas Desa Kenanga")
    await say(api, COORDINATOR, "➕ Undang petugas", "Undangan ini untuk peran apa")
    invitation = await say(api, COORDINATOR, "petugas layanan", "Undangan untuk")
    link = re.search(r"https://t\.me/desmigratif_test_bot\?start=(inv-[A-Z0-9]+)", invitation)
    assert link is not None, invitation
    await say(api, OFFICER, f"/start {link.group(1)}", "Anda diundang menjadi petugas layanan")
    await say(api, OFFICER, "✅ Terima", "Selamat bergabung")
    # two residents register; Wati works in Taiwan
    await say(api, SITI, f"/start {VILLAGE}", "mana yang paling sesuai")
    await say(api, SITI, "🧳 Saya ingin kerja ke luar negeri", "Terima kasih")
    await say(api, WATI, f"/start {VILLAGE}", "mana yang paling sesuai")
    await say(api, WATI, "🌏 Saya sedang bekerja di luar negeri", "Di mana Anda tinggal")
    await say(api, WATI, "Taiwan", "Tersimpan")
    # the new officer announces to everyone, urgently (the test must not depend on the hour)
    await say(api, OFFICER, "/petugas", "Menu petugas Desa Kenanga (petugas layanan)")
    await say(api, OFFICER, "📢 Pengumuman", "Belum ada pengumuman")
    await say(api, OFFICER, "✍️ Pengumuman baru", "Ketik pengumuman")
    text = "Air bersih mati besok pagi. Simpan air malam ini."
    await say(api, OFFICER, text, "Untuk siapa")
    await say(api, OFFICER, "Semua warga desa", "Apakah ini cukup mendesak")
    await say(api, OFFICER, "⚠️ Mendesak (kapan saja)", "Kapan dikirim")
    everyone = [SITI, WATI, *CROWD]
    await say(api, OFFICER, "Sekarang", f"Akan dikirim ke {len(everyone)} orang")
    await say(api, OFFICER, "📤 Kirim", f"Masuk antrean untuk {len(everyone)} orang")

    def got(chat: int) -> int:
        return sum(1 for m in api.sent_messages(chat) if m.get("text") == text)

    for _ in range(300):  # some delivered, then the power goes
        if sum(1 for c in everyone if got(c)) >= 10:
            break
        await asyncio.sleep(0.05)
    bot.kill()
    in_flight = db(bot, "SELECT count(*) FROM deliveries WHERE status = 'sending'")[0][0]
    assert sum(1 for c in everyone if got(c)) < len(everyone), "the kill came too late"
    await bot.start()
    await say(api, SITI, "menu", "Menu utama")  # a person chatting during it is answered
    for _ in range(400):
        if all(got(c) for c in everyone):
            break
        await asyncio.sleep(0.1)
    received = [got(c) for c in everyone]
    assert min(received) == 1, "someone never got the announcement"
    assert sum(received) - len(everyone) <= int(str(in_flight))
    await say(api, OFFICER, "/petugas", "Menu petugas")
    await say(api, OFFICER, "📢 Pengumuman", "Pengumuman Desa Kenanga")
    item = next(
        b["text"]
        for row in api.sent_messages(OFFICER)[-1]["reply_markup"]["keyboard"]
        for b in row
        if b["text"].startswith("#")
    )
    report = await say(api, OFFICER, item, "Pengumuman #")
    assert f"✅ terkirim: {len(everyone)}" in report and "Laporan akhir" in report

    # a normal announcement to workers abroad waits for Wati's daytime in Taiwan
    await say(api, OFFICER, "/petugas", "Menu petugas")
    await say(api, OFFICER, "📢 Pengumuman", "Pengumuman Desa Kenanga")
    await say(api, OFFICER, "✍️ Pengumuman baru", "Ketik pengumuman")
    await say(api, OFFICER, "Lapor diri di Peduli WNI ya.", "Untuk siapa")
    await say(api, OFFICER, "Warga dengan keadaan tertentu", "Warga yang mana")
    await say(api, OFFICER, "🌏 Saya sedang bekerja di luar negeri", "cukup mendesak")
    await say(api, OFFICER, "Biasa (hanya siang hari)", "Kapan dikirim")
    await say(api, OFFICER, "Sekarang", "Akan dikirim ke 1 orang")
    before = datetime.now(UTC)
    await say(api, OFFICER, "📤 Kirim", "Masuk antrean untuk 1 orang")
    ((zone, not_before),) = db(
        bot,
        "SELECT d.timezone, d.not_before FROM deliveries d JOIN residents r "
        "ON r.id = d.resident_id WHERE r.external_id = ? AND d.source_id = 2",
        str(WATI),
    )
    assert zone == "Asia/Taipei"
    release = datetime.fromisoformat(str(not_before)).replace(tzinfo=UTC)
    assert abs(release - quiet_hours_end(before, "Asia/Taipei")) < timedelta(seconds=30)
    assert text not in bot.log() and "Peduli WNI" not in bot.log()
