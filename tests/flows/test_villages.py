"""Finding one's village without the code, moving to another, and a code typed at the menu."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.welcome.village_list import MAX_BUTTONS
from storage.models import Resident, Village
from tests.support.chat import ChatTester, add_village, make_runner

CILACAP = {"regency": "Kabupaten Cilacap", "province": "Jawa Tengah"}
BANDUNG = {"regency": "Kabupaten Bandung", "province": "Jawa Barat"}
KENANGA_KROYA = "Kenanga, Kec. Kroya, Kabupaten Cilacap"
KENANGA_SIDAREJA = "Desa Kenanga, Kec. Sidareja, Kabupaten Cilacap"
KENANGA_BANDUNG = "Kenanga, Kec. Cicalengka, Kabupaten Bandung"


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    engine = sqlite_engine
    await add_village(engine, "3301010001", "Kenanga", district="Kroya", **CILACAP)
    await add_village(engine, "3301050004", "Desa Kenanga", district="Sidareja", **CILACAP)
    await add_village(engine, "3301010002", "Sumberrejo", district="Kroya", **CILACAP)
    await add_village(engine, "3204100002", "Kenanga", district="Cicalengka", **BANDUNG)
    for n in range(9):  # Cilacap has 12 villages: its list needs pages
        await add_village(engine, f"33010200{n + 10}", f"Desa Contoh {n + 1}", **CILACAP)
    return ChatTester(make_runner(engine), engine)


async def _village_of(chat: ChatTester) -> str | None:
    async with chat.engine.connect() as conn:
        return (
            await conn.execute(
                select(Village.code)
                .join(Resident, Resident.village_id == Village.id)
                .where(Resident.external_id == chat.user_id)
            )
        ).scalar_one_or_none()


async def _register(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.tap("🏠 Daftarkan desa saya")
    chat.assert_reply("Anda dari desa mana?", "nama desanya", "10 angka")
    assert chat.buttons == ["📋 Pilih dari daftar", "Kembali"]


async def test_a_name_with_a_typo_finds_the_village(chat: ChatTester) -> None:
    await _register(chat)
    await chat.send("ds sumber rejoo")
    chat.assert_reply("Apakah ini desa Anda?")
    assert chat.buttons == [
        "Sumberrejo, Kec. Kroya, Kabupaten Cilacap",
        "📋 Pilih dari daftar",
        "Kembali",
    ]
    await chat.tap("Sumberrejo, Kec. Kroya, Kabupaten Cilacap")
    chat.assert_reply("Anda sekarang terdaftar di Sumberrejo", "mana yang paling sesuai")
    assert await _village_of(chat) == "3301010002"
    await chat.assert_state("profile", "ask_situation")


async def test_same_named_villages_are_told_apart_by_kecamatan_and_kabupaten(
    chat: ChatTester,
) -> None:
    await _register(chat)
    await chat.send("Kenagna")
    chat.assert_reply("Yang mana desa Anda?")
    assert chat.buttons[:3] == [KENANGA_SIDAREJA, KENANGA_BANDUNG, KENANGA_KROYA]
    await chat.send("2")  # the button's number works like a tap
    chat.assert_reply("terdaftar di Kenanga")
    assert await _village_of(chat) == "3204100002"


async def test_a_name_nobody_knows_is_answered_kindly_with_the_other_ways(
    chat: ChatTester,
) -> None:
    await _register(chat)
    await chat.send("Zzyzx")
    chat.assert_reply("desa bernama “Zzyzx” tidak saya temukan", "pilih dari daftar")
    assert chat.buttons == ["📋 Pilih dari daftar", "Kembali"]
    await chat.assert_state("village", "ask")
    await chat.send("sumberrejo")  # another try works at once
    chat.assert_reply("Apakah ini desa Anda?")
    await chat.tap("Kembali")
    await chat.assert_state("main", "menu")
    assert await _village_of(chat) is None


async def test_browsing_province_kabupaten_and_village_in_pages(chat: ChatTester) -> None:
    await _register(chat)
    await chat.tap("📋 Pilih dari daftar")
    chat.assert_reply("Pilih provinsi Anda:")
    assert chat.buttons == ["Jawa Barat", "Jawa Tengah", "Kembali"]
    await chat.tap("Jawa Tengah")  # its only kabupaten is taken at once
    chat.assert_reply("Pilih desa Anda di Kabupaten Cilacap:", "(halaman 1 dari 3)")
    first = chat.buttons
    assert first == [*(f"Desa Contoh {n}" for n in range(1, 6)), "Lainnya ›", "Kembali"]
    seen = set(first[:5])
    await chat.tap("Lainnya ›")
    chat.assert_reply("(halaman 2 dari 3)")
    assert chat.buttons[5:] == ["‹ Sebelumnya", "Lainnya ›", "Kembali"]
    seen |= set(chat.buttons[:5])
    await chat.tap("Lainnya ›")
    chat.assert_reply("(halaman 3 dari 3)")
    assert chat.buttons[-2:] == ["‹ Sebelumnya", "Kembali"]
    seen |= set(chat.buttons[:-2])
    assert len(seen) == 12, "every village of the kabupaten appears on exactly one page"
    await chat.tap("‹ Sebelumnya")
    chat.assert_reply("(halaman 2 dari 3)")
    assert "Desa Kenanga, Kec. Sidareja" in chat.buttons  # the kabupaten goes without saying
    await chat.tap("Lainnya ›")
    assert chat.buttons == ["Kenanga, Kec. Kroya", "Sumberrejo, Kec. Kroya", *chat.buttons[-2:]]
    await chat.tap("Sumberrejo, Kec. Kroya")
    chat.assert_reply("terdaftar di Sumberrejo")
    assert await _village_of(chat) == "3301010002"


async def test_no_keyboard_while_browsing_has_more_than_eight_buttons(
    sqlite_engine: AsyncEngine,
) -> None:
    for p in range(11, 23):  # twelve provinces, the first with twenty kabupaten
        await add_village(sqlite_engine, f"{p}01010001", f"Desa {p}", province=f"Provinsi {p}")
    for r in range(2, 21):
        await add_village(sqlite_engine, f"11{r:02d}010001", f"Desa 11{r}", province="Provinsi 11")
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await _register(chat)
    await chat.tap("📋 Pilih dari daftar")
    assert len(chat.buttons) <= MAX_BUTTONS and "Lainnya ›" in chat.buttons
    await chat.tap("Provinsi 11")
    chat.assert_reply("Pilih kabupaten atau kota Anda di Provinsi 11", "(halaman 1 dari 4)")
    assert "Kabupaten/kota 1101" in chat.buttons  # no name recorded: the code stands in
    while "Lainnya ›" in chat.buttons:
        assert len(chat.buttons) <= MAX_BUTTONS
        await chat.tap("Lainnya ›")
    assert len(chat.buttons) <= MAX_BUTTONS
    await chat.send("sumberrejo")  # typing a name works while browsing, too
    chat.assert_reply("tidak saya temukan")


async def test_changing_village_from_settings_shows_both_and_can_be_cancelled(
    chat: ChatTester,
) -> None:
    await chat.send("/start 3301010001")
    await chat.tap("Lewati")
    await chat.tap("⚙️ Pengaturan")
    chat.assert_reply("Desa Anda: Kenanga")
    await chat.tap("Ubah: desa saya")
    chat.assert_reply("Anda terdaftar di Kenanga. Untuk mengganti")
    await chat.send("kenanga bandung")
    await chat.tap(KENANGA_BANDUNG)
    chat.assert_reply(
        "Ganti desa Anda?",
        f"Sekarang: {KENANGA_KROYA}, Jawa Tengah",
        f"Baru: {KENANGA_BANDUNG}, Jawa Barat",
    )
    assert chat.buttons == ["✅ Ya, ganti", "Tidak"]
    await chat.tap("Tidak")
    chat.assert_reply("Baik, tidak ada yang diubah", "Pengaturan Anda", "Desa Anda: Kenanga")
    assert await _village_of(chat) == "3301010001"

    await chat.tap("Ubah: desa saya")
    await chat.send("3204100002")
    chat.assert_reply("Ganti desa Anda?", "Baru: Kenanga, Kec. Cicalengka")
    await chat.tap("✅ Ya, ganti")
    chat.assert_reply(
        "sekarang Anda terdaftar di Kenanga, bukan lagi di Kenanga", "Pengaturan Anda"
    )
    chat.assert_no_reply_contains("mana yang paling sesuai")  # not asked again when moving
    assert await _village_of(chat) == "3204100002"
    await chat.assert_state("profile", "menu")


async def test_registering_from_settings_when_not_yet_registered(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.tap("⚙️ Pengaturan")
    chat.assert_reply("Desa Anda: belum terdaftar")
    await chat.tap("🏠 Daftarkan desa saya")
    await chat.send("sumberrejo")
    await chat.tap("Sumberrejo, Kec. Kroya, Kabupaten Cilacap")
    chat.assert_reply("Anda sekarang terdaftar di Sumberrejo", "mana yang paling sesuai")


async def test_a_known_code_typed_at_the_menu_offers_the_village(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.send("33.01.01.0002")  # the way codes are printed on official papers
    chat.assert_reply("Daftar di desa ini?", "Sumberrejo, Kec. Kroya, Kabupaten Cilacap")
    assert chat.buttons == ["✅ Ya, daftar", "Tidak"]
    await chat.send("ya")
    chat.assert_reply("Anda sekarang terdaftar di Sumberrejo", "mana yang paling sesuai")
    await chat.tap("Lewati")
    await chat.send("3301010002")
    chat.assert_reply("Anda sudah terdaftar di Sumberrejo.", "Menu utama")
    await chat.send("3204100002")
    chat.assert_reply("Ganti desa Anda?", "Sekarang: Sumberrejo", "Baru: Kenanga")
    await chat.send("gak")
    chat.assert_reply("Baik, tidak ada yang diubah", "Menu utama")
    assert await _village_of(chat) == "3301010002"


async def test_an_unknown_code_at_the_menu_is_explained_kindly(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.send("3399999999")
    chat.assert_reply(
        "3399999999 sepertinya kode desa", "belum memakai layanan ini", "poster", "namanya"
    )
    await chat.assert_state("village", "ask")
    await chat.send("sumberrejo")
    chat.assert_reply("Apakah ini desa Anda?")
    assert await _village_of(chat) is None


async def test_a_phone_number_at_the_menu_is_not_a_village_code(chat: ChatTester) -> None:
    await chat.send("/start")
    await chat.send("0812345678")
    chat.assert_no_reply_contains("kode desa")
    await chat.assert_state("main", "menu")


async def test_the_search_reply_names_villages_never_residents(
    chat: ChatTester, sqlite_engine: AsyncEngine
) -> None:
    neighbour = ChatTester(
        make_runner(sqlite_engine), sqlite_engine, user_id="2002", name="Kenanga Wulandari"
    )
    await neighbour.send("/start 3301010001")
    await _register(chat)
    await chat.send("kenanga")
    chat.assert_no_reply_contains("Wulandari", "warga", "orang")
    assert not any("Wulandari" in label for label in chat.buttons)
