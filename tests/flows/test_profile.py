"""A resident's settings: the one question after registering, time zone, announcements off/on."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.chat import ChatTester, add_village, make_runner


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    await add_village(sqlite_engine)
    return ChatTester(make_runner(sqlite_engine), sqlite_engine)


async def test_the_situation_is_asked_once_and_a_worker_abroad_gives_their_time_zone(
    chat: ChatTester,
) -> None:
    await chat.send("/start 3301012001")
    chat.assert_reply("terdaftar di Desa Contoh", "mana yang paling sesuai")
    await chat.tap("🌏 Saya sedang bekerja di luar negeri")
    chat.assert_reply("Terima kasih, sudah dicatat", "Di mana Anda tinggal sekarang")
    await chat.tap("Hong Kong")
    chat.assert_reply("Tersimpan", "Menu utama")
    resident = await chat.resident()
    assert (resident["situation"], resident["timezone"]) == ("abroad", "Asia/Hong_Kong")
    await chat.send("/start 3301012001")  # registering again does not ask again
    chat.assert_no_reply_contains("mana yang paling sesuai")


async def test_skipping_keeps_nothing_and_settings_show_it(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    assert (await chat.resident())["situation"] is None
    await chat.tap("⚙️ Pengaturan")
    chat.assert_reply("Tentang Anda: belum diisi", "Pengumuman: nyala")
    await chat.tap("Ubah: tentang saya")
    await chat.tap("🏡 Saya sudah pulang")
    chat.assert_reply("Pengaturan Anda", "Tentang Anda: 🏡 Saya sudah pulang")


async def test_a_question_typed_instead_of_answering_is_not_lost(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    await chat.send("gmn caranya kerja ke taiwan")
    chat.assert_reply("Taiwan", "Sumber:")


async def test_danger_typed_at_the_question_gets_help_first(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    await chat.send("tolong sy disekap majikan")
    chat.assert_reply("Keselamatan Anda yang utama")


async def test_berhenti_and_mulai_switch_announcements(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    await chat.send("/berhenti")
    chat.assert_reply("tidak akan menerima pengumuman", "/mulai")
    assert (await chat.resident())["announcements_muted"] is True
    await chat.send("/pengaturan")
    chat.assert_reply("Pengumuman: mati")
    await chat.tap("🔔 Terima pengumuman")
    chat.assert_reply("akan menerima pengumuman desa lagi")
    assert (await chat.resident())["announcements_muted"] is False
    await chat.send("/mulai")
    assert (await chat.resident())["announcements_muted"] is False
