"""End to end: a worker sends a photo of her passport; the village desk verifies it.

The installed ``desmigratif run`` against the fake Bot API, with two Telegram users: the
prospective worker and a desk officer. The photo is copied through ``getFile`` into
``FILES_DIR`` by the same background downloader as complaint evidence; the officer receives
the photo in their own chat through the delivery engine, verifies it, and the worker is told
at once.
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
DESK, RINA = 9002, 9102
PHOTO = b"\xff\xd8\xff\xe0" + b"halaman paspor" * 60


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
    await say(api, RINA, f"/start {VILLAGE}", "mana yang paling sesuai")
    await say(api, RINA, "Lewati", "Menu utama")
    await say(api, RINA, "📂 Dokumen saya", "bukan nasihat hukum")
    await say(api, RINA, "➕ Daftar baru", "untuk siapa")
    await say(api, RINA, "Untuk saya sendiri", "Ke mana")
    await say(api, RINA, "Hong Kong · pekerja rumah tangga", "0 dari 12 dokumen siap")
    await say(api, RINA, "📋 Buka daftar", "Langkah berikutnya")
    await say(api, RINA, button(api, RINA, "Dokumen berikutnya"), "Halaman 2")
    await say(api, RINA, button(api, RINA, "Paspor"), "kantor imigrasi")
    await say(api, RINA, "📎 Kirim foto atau PDF", "Kirim foto atau PDF Paspor")
    seen = len(api.sent_messages(RINA))
    api.push_photo(RINA, "paspor-rina-1", data=PHOTO)
    received = await wait(api, RINA, seen, "Diterima", "a photo")
    assert "1 dari 12 dokumen siap" in received and "Desa Kenanga" in received
    # the background job copies the photo under FILES_DIR/<village>/<reference>/
    for _ in range(200):
        rows = db(bot, "SELECT local_path FROM checklist_files WHERE local_path IS NOT NULL")
        if rows:
            break
        await asyncio.sleep(0.05)
    assert rows, "the document was never downloaded"
    assert str(rows[0][0]).startswith(f"{VILLAGE}/DOK-")
    assert (bot.workdir / "files" / str(rows[0][0])).read_bytes() == PHOTO
    # the desk officer opens the queue, sees the photo in their chat, and verifies it
    await say(api, DESK, "/petugas", "Menu petugas Desa Kenanga")
    await say(api, DESK, "📂 Dokumen warga", "1 dokumen menunggu diperiksa")
    await say(api, DESK, button(api, DESK, "Paspor"), "Riwayat")
    seen = len(api.sent_messages(DESK))
    await say(api, DESK, "📎 Lihat file (1)", "sedang dikirim ke chat ini")
    for _ in range(200):
        if any(m.get("photo") == "paspor-rina-1" for m in api.sent_messages(DESK)[seen:]):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the officer never received the passport photo")
    # Rina is told at once only in her daytime: the suite may run at any hour
    db(bot, "UPDATE residents SET timezone = ? WHERE external_id = ?", daytime_zone(), str(RINA))
    seen_rina = len(api.sent_messages(RINA))
    await say(api, DESK, "✅ Terverifikasi", "sudah diberi tahu")
    told = await wait(api, RINA, seen_rina, "sudah sesuai", "the verification")
    assert "Paspor" in told and "DOK-" in told
    await say(api, RINA, "/dokumen", "1 dari 12 dokumen siap, 1 sudah diperiksa petugas")
    assert db(bot, "SELECT status FROM checklist_items WHERE item = 'passport'") == [("verified",)]
    actions = {a for (a,) in db(bot, "SELECT action FROM audit_log")}
    assert {"checklist.verified", "checklist.files_viewed"} <= actions
