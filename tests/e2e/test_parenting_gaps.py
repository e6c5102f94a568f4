"""End to end: the parenting desk's corrections through the installed bot and the fake Bot API.

A coordinator (the village wants the caregiver's confirmation) registers Ayu, revokes a code
given to the wrong person (the stranger who types it is refused like a guessed code), and
gives the mother a code; her link waits, and the village's facilitator is told at once (moved
to a daytime zone: notices respect quiet hours, and the suite may run at any hour). The
facilitator records the caregiver's answer from the waiting list; the mother then follows
Ayu, and opening Ayu's news in /anak sends her the latest update's photo again.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess
from tests.support.e2e_chat import button, daytime_zone, db, say, wait
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

VILLAGE = "3301012001"
COORDINATOR, FACILITATOR, MOTHER, STRANGER = 9311, 9312, 9411, 9412


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path)
    assert (
        process.cli("village", "add", "--code", VILLAGE, "--name", "Desa Kenanga").returncode == 0
    )
    for user, role in ((COORDINATOR, "coordinator"), (FACILITATOR, "parenting_facilitator")):
        added = process.cli("officer", "add", "--telegram-id", str(user), "--village", VILLAGE,
                            "--role", role)  # fmt: skip
        assert added.returncode == 0, added.stderr
    await process.start()
    yield process
    await process.stop()


async def _open_ayu(api: FakeBotApi) -> None:
    await say(api, COORDINATOR, "/pengasuhan", "Pengasuhan bersama")
    await say(api, COORDINATOR, "👶 Daftar anak", "Pilih anak")
    await say(api, COORDINATOR, "Ayu", "Ayu, 10 tahun")


async def _code(api: FakeBotApi, relation: str) -> str:
    await _open_ayu(api)
    await say(api, COORDINATOR, "🔗 Kode penghubung", "Kode ini untuk siapa")
    made = await say(api, COORDINATOR, relation, "Kode sekali pakai")
    found = re.search(r": ([A-Z0-9]{8})\n", made)
    assert found, made
    return found.group(1)


async def _photos_sent(api: FakeBotApi, chat: int, count: int) -> list[str]:
    for _ in range(400):
        photos = [str(m.get("photo")) for m in api.sent_messages(chat) if "photo" in m]
        if len(photos) >= count:
            return photos
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} photo(s) expected for {chat}")


async def test_revoke_wait_confirm_and_see_the_photos_again(
    api: FakeBotApi, bot: BotProcess
) -> None:
    # the coordinator turns on the caregiver's confirmation and registers Ayu
    await say(api, FACILITATOR, "/pengasuhan", "Pengasuhan bersama di Desa Kenanga")
    db(bot, "UPDATE residents SET timezone = ? WHERE external_id = ?", daytime_zone(),
       str(FACILITATOR))  # fmt: skip
    await say(api, COORDINATOR, "/pengasuhan", "Pengasuhan bersama di Desa Kenanga: 0 anak")
    await say(api, COORDINATOR, "⚙️ Konfirmasi pengasuh: mati", "perlu menunggu konfirmasi")
    await say(api, COORDINATOR, "Ya, pengasuh mengonfirmasi", "Tersimpan")
    await say(api, COORDINATOR, "➕ Daftarkan anak", "Anak baru")
    for text, expect in (("Ayu", "Tanggal lahirnya"), ("14-02-2016", "Sekolahnya"),
                         ("SD Negeri 1 Kenanga", "Siapa yang mengasuhnya"),
                         ("Mbah Sarinah", "Apa hubungan pengasuh"),
                         ("Kakek atau nenek", "Orang tua mana"), ("Ibu", "Di negara mana"),
                         ("Taiwan", "Mohon periksa")):  # fmt: skip
        await say(api, COORDINATOR, text, expect)
    await say(api, COORDINATOR, button(api, COORDINATOR, "✅"), "Tersimpan")

    # a code given to the wrong person is revoked: typing it is refused like a guessed one
    wrong = await _code(api, "ayah")
    await _open_ayu(api)
    await say(api, COORDINATOR, "🚫 Batalkan kode tautan", "Pilih yang ingin dibatalkan")
    await say(api, COORDINATOR, button(api, COORDINATOR, wrong), "sudah dibatalkan")
    await say(api, STRANGER, f"/start anak-{wrong}", "tidak berlaku")

    # the mother's link waits; the facilitator is told, without her phone or name
    code = await _code(api, "ibu")
    seen = len(api.sent_messages(FACILITATOR))
    await say(api, MOTHER, f"/start anak-{code}", "mengikuti kabar Ayu")
    await say(api, MOTHER, "✅ Ya, hubungkan saya", "mengonfirmasi dulu")
    notice = await wait(api, FACILITATOR, seen, "Ada yang menunggu", "the link")
    assert "Ayu" in notice and "ibu" in notice and "Tautan menunggu" in notice

    # the facilitator records the caregiver's answer from the waiting list
    await say(api, FACILITATOR, "/pengasuhan", "Pengasuhan bersama")
    await say(api, FACILITATOR, "⏳ Tautan menunggu (1)", "menunggu konfirmasi pengasuh")
    await say(api, FACILITATOR, button(api, FACILITATOR, "⏳"), "meminta untuk mengikuti Ayu")
    await say(api, FACILITATOR, "✅ Pengasuh mengonfirmasi", "sekarang mengikuti Ayu")

    # an update with a photo; opening Ayu's news sends the mother the photo again
    db(bot, "UPDATE residents SET timezone = ? WHERE external_id = ?", daytime_zone(),
       str(MOTHER))  # fmt: skip
    await _open_ayu(api)
    await say(api, COORDINATOR, "📷 Pengasuh setuju foto", "Tersimpan")
    await say(api, COORDINATOR, "✍️ Tulis kabar", "Kabar ini tentang apa")
    await say(api, COORDINATOR, "Sekolah", "Kabar sekolah Ayu")
    await say(api, COORDINATOR, "Ayu menggambar di kelas seni desa.", "Kirim paling banyak")
    seen = len(api.sent_messages(COORDINATOR))
    api.push_photo(COORDINATOR, "ayu-gambar")
    await wait(api, COORDINATOR, seen, "Foto 1 dari 3", "the photo")
    await say(api, COORDINATOR, "✅ Selesai", "Orang tua Ayu akan membaca")
    await say(api, COORDINATOR, button(api, COORDINATOR, "📤"), "Terkirim ke 1 orang tua")
    await _photos_sent(api, MOTHER, 1)
    await say(api, MOTHER, "/anak", "Anak Anda")
    await say(api, MOTHER, "👶 Ayu", "menggambar di kelas seni")
    assert len(await _photos_sent(api, MOTHER, 2)) == 2
    assert not any("photo" in m for m in api.sent_messages(STRANGER))
