"""End to end: a worker's family reports a problem with a photo; the desk resolves it.

The installed ``desmigratif run`` against the fake Bot API, with two Telegram users: the
reporter (a sister in the village reporting for a worker in Taiwan) and a desk officer. The
photo goes through ``getFile`` into ``FILES_DIR``; the officer's reply and the resolution reach
the reporter through the delivery engine. A second test SIGKILLs the bot in the middle of a
report: after the restart the report goes on from where it was, and nothing is sent twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess
from tests.support.e2e_chat import button, daytime_zone, db, say, wait
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
DESK, SRI = 9001, 9101
PHOTO = b"\xff\xd8\xff\xe0" + b"slip gaji bulan juli" * 50


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
    await say(api, SRI, f"/start {VILLAGE}", "mana yang paling sesuai")
    await say(api, SRI, "Lewati", "Menu utama")
    await say(api, SRI, "📝 Lapor masalah", "Masalahnya tentang apa")
    await say(api, SRI, "Gaji tidak dibayar", "tentang siapa")
    await say(api, SRI, "Keluarga saya di luar negeri", "Siapa namanya")
    await say(api, SRI, "Wahyuni", "Apa hubungan")


async def _finish_report(api: FakeBotApi) -> str:
    await say(api, SRI, "Saudara kandung", "negara mana")
    await say(api, SRI, "Taiwan", "kota atau daerah")
    await say(api, SRI, "Taichung", "Nama majikan atau agen")
    await say(api, SRI, "⏭ Lewati", "Apa yang terjadi")
    await say(api, SRI, "Gajinya sudah 3 bulan tidak dibayar.", "Sudah dicatat")
    await say(api, SRI, "✅ Selesai", "Ada bukti")
    seen = len(api.sent_messages(SRI))
    api.push_photo(SRI, "slip-gaji-1", data=PHOTO)
    await wait(api, SRI, seen, "Diterima (1 file)", "a photo")
    await say(api, SRI, "✅ Selesai", "menghubungi Anda")
    await say(api, SRI, "💬 Lewat chat ini", "menyebut nama Anda")
    await say(api, SRI, "Ya, boleh sebut nama saya", "Mohon periksa laporan Anda")
    return await say(api, SRI, "📤 Kirim laporan", "Nomor laporan Anda")


async def test_report_with_a_photo_to_resolution_across_two_users(
    api: FakeBotApi, bot: BotProcess
) -> None:
    await _start_report(api)
    sent = await _finish_report(api)
    reference = sent.split("Nomor laporan Anda: ")[1].split(".")[0]
    assert reference.startswith("ADU-3301-")
    # the photo is copied under FILES_DIR by the background job
    for _ in range(200):
        rows = db(bot, "SELECT local_path FROM complaint_evidence WHERE local_path IS NOT NULL")
        if rows:
            break
        await asyncio.sleep(0.05)
    assert rows, "the evidence was never downloaded"
    assert (bot.workdir / "files" / str(rows[0][0])).read_bytes() == PHOTO
    # the desk officer finds it, sees the evidence and answers
    await say(api, DESK, "/petugas", "Menu petugas Desa Kenanga")
    await say(api, DESK, "📋 Laporan warga", "laporan terbuka")
    line = button(api, DESK, reference)
    shown = await say(api, DESK, line, "Gaji tidak dibayar")
    assert "Wahyuni" in shown and "3 bulan" in shown and "Pelapor: Siti" in shown
    seen = len(api.sent_messages(DESK))
    await say(api, DESK, "📎 Bukti (1)", "sedang dikirim ke chat ini")
    for _ in range(200):
        if any(m.get("photo") == "slip-gaji-1" for m in api.sent_messages(DESK)[seen:]):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the officer never received the evidence photo")
    await say(api, DESK, "🙋 Tangani laporan ini", "Sekarang Anda yang menangani")
    await say(api, DESK, button(api, DESK, reference), "Gaji tidak dibayar")
    await say(api, DESK, "💬 Balas ke pelapor", "Tulis balasan")
    # Siti is told at once only in her daytime: the suite may run at any hour
    db(bot, "UPDATE residents SET timezone = ? WHERE external_id = ?", daytime_zone(), str(SRI))
    seen_sri = len(api.sent_messages(SRI))
    await say(api, DESK, "Kami sudah menghubungi KDEI Taipei.", "Terkirim ke pelapor")
    await wait(api, SRI, seen_sri, "menghubungi KDEI Taipei", "the officer's reply")
    await say(api, DESK, button(api, DESK, reference), "Gaji tidak dibayar")
    await say(api, DESK, "✅ Selesaikan", "Apa hasilnya")
    seen_sri = len(api.sent_messages(SRI))
    await say(api, DESK, "Gaji 3 bulan sudah dibayar majikan.", "selesai")
    told = await wait(api, SRI, seen_sri, "sudah dibayar majikan", "the resolution")
    assert reference in told and "selesai" in told
    # the reporter reads the outcome in /status
    await say(api, SRI, "/status", "Laporan Anda")
    await say(api, SRI, button(api, SRI, reference), "Status: selesai")
    assert db(bot, "SELECT status FROM complaints") == [("resolved",)]
    actions = {a for (a,) in db(bot, "SELECT action FROM audit_log")}
    assert any(a.startswith("complaint") for a in actions)
    assert "3 bulan tidak dibayar" not in bot.log()  # what people report never reaches the log


async def test_a_report_survives_a_sigkill_in_the_middle(api: FakeBotApi, bot: BotProcess) -> None:
    await _start_report(api)
    bot.kill()
    await bot.start()
    # the next answer goes on from the saved step; nothing was lost or asked twice
    await _finish_report(api)
    assert len(db(bot, "SELECT id FROM complaints")) == 1
    assert db(bot, "SELECT count(*) FROM complaint_drafts") == [(0,)]
    texts = [str(m.get("text", "")) for m in api.sent_messages(SRI)]
    assert sum(1 for t in texts if "Nomor laporan Anda" in t) == 1
