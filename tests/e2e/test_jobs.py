"""End to end: a job notice published by the desk reaches a subscriber, who is interested.

The installed ``desmigratif run`` against the fake Bot API, with two Telegram users: a desk
officer publishes a caregiver notice for Taiwan through the guided flow; a resident who
subscribed to Taiwan gets it through the delivery engine (paced, outside their quiet hours),
opens it through the notice's link and says "Saya tertarik"; the officer sees them interested.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess
from tests.support.e2e_chat import daytime_zone, db, say, wait
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
DESK, WARGA = 9001, 9201


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
    await say(api, WARGA, f"/start {VILLAGE}", "mana yang paling sesuai")
    await say(api, WARGA, "Lewati", "Menu utama")
    await say(api, WARGA, "/langganan", "belum berlangganan")
    await say(api, WARGA, "➕ Negara", "Negara mana")
    await say(api, WARGA, "Taiwan", "Berlangganan: Taiwan")
    db(bot, "UPDATE residents SET timezone = ? WHERE external_id = ?", daytime_zone(),
        str(WARGA))  # fmt: skip

    await say(api, DESK, "/petugas", "Menu petugas")
    await say(api, DESK, "💼 Lowongan dan cek loker", "Papan lowongan")
    await say(api, DESK, "➕ Pasang lowongan", "Negara tujuannya")
    await say(api, DESK, "Taiwan", "Nama pekerjaannya")
    await say(api, DESK, "Caregiver panti jompo", "Sektor apa")
    await say(api, DESK, "Perawat lansia / caregiver", "pemberi kerjanya")
    await say(api, DESK, "perusahaan", "Berapa orang")
    await say(api, DESK, "10", "Syarat")
    await say(api, DESK, "Usia 21-35, sehat, lulus pelatihan BLK", "Gaji per bulan")
    await say(api, DESK, "NT$ 20000", "perusahaan penempatan")
    await say(api, DESK, "PT Sinar Bahari Mandiri", "Nomor izin")
    await say(api, DESK, "SIP2MI 2/1234/2024", "dibayar pekerja")
    year = datetime.now(UTC).year + 1
    await say(api, DESK, "Tanpa biaya bagi pekerja", "Batas akhir")
    await say(api, DESK, f"15-01-{year}", "Di mana warga mendaftar")
    await say(api, DESK, "di Disnaker", "Tepatnya di mana")
    await say(api, DESK, "⏭ Lewati", "foto poster")
    await say(api, DESK, "⏭ Lewati", "Pratinjau")
    published = await say(api, DESK, "✅ Pasang", "Dipasang sebagai")
    reference = published.split("Dipasang sebagai ")[1].split(".")[0]

    told = await wait(api, WARGA, 0, "Lowongan baru yang sudah dicek petugas desa", "publishing")
    assert "PT Sinar Bahari Mandiri" in told and "jangan serahkan paspor" in told
    assert f"job-{reference}" in told  # the link that opens the notice
    await say(api, WARGA, f"/start job-{reference}", "Tetap aman")
    await say(api, WARGA, "🙋 Saya tertarik", "berminat pada")
    rows = db(bot, "SELECT status FROM job_interests")
    assert rows == [("interested",)]

    await say(api, DESK, "/petugas", "Menu petugas")
    await say(api, DESK, "💼 Lowongan dan cek loker", "Papan lowongan")
    listed = await say(api, DESK, "📋 Lowongan desa kami", "Lowongan Desa Kenanga")
    assert listed
    keyboard = api.sent_messages(DESK)[-1].get("reply_markup", {}).get("keyboard", [])
    item = next(b["text"] for row in keyboard for b in row if b["text"].startswith(reference))
    assert "1 peminat" in item
