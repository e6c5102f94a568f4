"""The foundation journeys, as chats: greeting, village registration, office, language, help."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Attachment
from tests.support.chat import ChatTester, add_village, make_runner

# Before a village is registered: no office contact and no documents yet; children only for
# families and workers abroad.
MENU_ID = [
    "ℹ️ Info migrasi aman",
    "📝 Lapor masalah",
    "🏠 Daftarkan desa saya",
    "🌐 Bahasa / Language",
    "⚙️ Pengaturan",
    "❓ Bantuan",
    "💼 Lowongan kerja / cek loker",  # "📂 Dokumen saya" joins once a village is registered
]


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    await add_village(sqlite_engine)
    return ChatTester(make_runner(sqlite_engine), sqlite_engine)


async def test_start_greets_in_indonesian_with_the_main_menu(chat: ChatTester) -> None:
    await chat.send("/start")
    chat.assert_reply("Halo Siti, selamat datang", "Menu utama")
    assert chat.buttons == MENU_ID
    await chat.assert_state("main", "menu")


async def test_start_link_with_village_code_registers_the_person(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    chat.assert_reply("Anda sekarang terdaftar di Desa Contoh")
    assert "🏠 Daftarkan desa saya" not in chat.buttons, "registered people need no register button"
    resident = await chat.resident()
    assert resident["village_id"] is not None
    await chat.send("/start 3301012001")
    chat.assert_reply("Selamat datang kembali", "Anda sudah terdaftar di Desa Contoh")


async def test_start_link_with_unknown_code_says_so_and_registers_nothing(chat: ChatTester) -> None:
    await chat.send("/start 9999999999")
    chat.assert_reply("(9999999999) tidak ada di daftar kami")
    assert (await chat.resident())["village_id"] is None


async def test_first_message_without_start_still_gets_the_greeting(chat: ChatTester) -> None:
    await chat.send("halo")
    chat.assert_reply("selamat datang")
    assert chat.buttons == MENU_ID


async def test_office_contact_for_a_registered_village(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    await chat.tap("📞 Kontak kantor desa")
    chat.assert_reply("Kantor Desa Contoh", "Alamat:", "dicek 2026-11-23")
    await chat.tap("Kembali ke menu")
    await chat.assert_state("main", "menu")


async def test_office_contact_without_a_village_offers_registration_by_code(
    chat: ChatTester,
) -> None:
    await chat.send("/start")
    await chat.send("kantor desa buka jam berapa")
    chat.assert_reply("belum terdaftar")
    await chat.tap("Daftarkan desa saya")
    await chat.assert_state("village", "ask")
    await chat.send("12345")
    chat.assert_reply("10 angka")
    await chat.send("3301 0120 02")
    chat.assert_reply("3301012002 tidak kami temukan")
    await chat.send("3301012001")
    chat.assert_reply("terdaftar di Desa Contoh", "mana yang paling sesuai")
    await chat.send("kontak")  # typed instead of answering: handled as at the main menu
    chat.assert_reply("Kantor Desa Contoh")


async def test_village_without_office_details_points_to_the_village_hall(
    sqlite_engine: AsyncEngine,
) -> None:
    await add_village(sqlite_engine, "3301012009", "Desa Tanpa Data")
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start 3301012009")
    await chat.send("kontak kantor desa")
    chat.assert_reply("Desa Tanpa Data belum mengisi data kontak", "balai desa")


async def test_switching_to_english_is_remembered(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.send("/bahasa")
    assert chat.buttons == ["Bahasa Indonesia", "English"]
    await chat.tap("English")
    chat.assert_reply("I will speak English with you", "Main menu. What do you need?")
    assert (await chat.resident())["locale"] == "en"
    await chat.send("menu")
    assert "🏠 Register my village" in chat.buttons
    await chat.send("bahasa")
    await chat.send("1")
    chat.assert_reply("Mulai sekarang saya memakai Bahasa Indonesia")


async def test_telegram_language_is_used_until_the_person_chooses(
    sqlite_engine: AsyncEngine,
) -> None:
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine, language_code="en-GB")
    await chat.send("/start")
    chat.assert_reply("Hello Siti, welcome")
    unknown = ChatTester(
        make_runner(sqlite_engine), sqlite_engine, user_id="2002", language_code="fr"
    )
    await unknown.send("/start")
    unknown.assert_reply("selamat datang")


async def test_help_lists_the_words_that_work_anywhere(chat: ChatTester) -> None:
    await chat.send("/help")
    chat.assert_reply("ketik menu", "batal", "/bahasa", "tidak pernah meminta uang")
    await chat.assert_state("main", "menu")


async def test_menu_and_batal_work_in_the_middle_of_a_journey(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.tap("🏠 Daftarkan desa saya")
    await chat.send("batal")
    await chat.assert_state("main", "menu")
    await chat.send("2")
    await chat.send("/menu")
    chat.assert_reply("Menu utama")
    await chat.assert_state("main", "menu")


async def test_media_at_the_menu_gets_a_kind_answer(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.send_media(Attachment("photo", file_id="p1"))
    chat.assert_reply("file Anda sudah saya terima", "Menu utama")
    await chat.send_media(Attachment("location", latitude=-7.1, longitude=110.4))
    chat.assert_reply("hanya bisa membaca pesan teks")
