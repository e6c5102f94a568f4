"""Safe-migration information as chats: guided topics, free questions, danger, the unknown."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.pages import PAGE_SIZE, paginate
from flows.information.library import EMERGENCY_TOPIC, load_library
from storage.models import UnansweredQuestion
from tests.support.chat import ChatTester, add_village, make_runner

INFO = "ℹ️ Info migrasi aman"


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    await add_village(sqlite_engine)
    tester = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await tester.send("/start 3301012001")
    await tester.tap("Lewati")  # the one question after registering
    return tester


async def _unanswered(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as conn:
        query = select(
            UnansweredQuestion.question, UnansweredQuestion.village_id, UnansweredQuestion.locale
        )
        return [tuple(r) for r in (await conn.execute(query)).all()]


async def test_guided_menu_goes_two_levels_deep_and_shows_a_sourced_answer(
    chat: ChatTester,
) -> None:
    assert chat.buttons[0] == INFO
    await chat.tap(INFO)
    assert "Sebelum berangkat" in chat.buttons
    assert len(chat.buttons) == 4  # three phases and the way home
    await chat.tap("Sebelum berangkat")
    assert "Syarat menjadi PMI" in chat.buttons
    await chat.tap("Syarat menjadi PMI")
    chat.assert_reply("18 tahun", "Sumber:", "UU 18/2017 Pasal 5", "Dicek 2026-11-23")
    assert "⬅ Kembali" in chat.buttons and "🏠 Menu utama" in chat.buttons
    related = [b for b in chat.buttons if b not in {"⬅ Kembali", "🏠 Menu utama", "Selanjutnya ▶"}]
    assert related, "an answer ends with related topics"
    await chat.tap(related[0])
    chat.assert_reply("Sumber:")
    await chat.tap("⬅ Kembali")
    assert "Syarat menjadi PMI" in chat.buttons
    await chat.tap("🏠 Menu utama")
    await chat.assert_state("main", "menu")


def test_every_topic_page_fits_one_phone_screen() -> None:
    library = load_library()
    for locale in library.topics.locales():
        for topic in library.topics.topics(locale):
            for page in paginate(topic.body):
                assert len(page) <= PAGE_SIZE, (
                    f"{locale}/{topic.id} has a page of {len(page)} chars"
                )


async def test_a_long_topic_is_read_page_by_page(chat: ChatTester) -> None:
    library = load_library()
    long = next(
        (t for t in library.topics.topics("id") if len(paginate(t.body)) > 1),
        None,
    )
    if long is None:
        pytest.skip("no topic is longer than one page")
    await chat.send(INFO)
    phase = next(p for p in library.topics.phases("id") if long.id in p.topic_ids)
    await chat.tap(phase.title)
    await chat.tap(long.title)
    chat.assert_reply("(halaman 1 dari")
    chat.assert_no_reply_contains("Sumber:")
    await chat.tap("Selanjutnya ▶")
    chat.assert_reply("(halaman 2 dari")


@pytest.mark.parametrize(
    "question",
    ["gmn caranya kerja ke taiwan", "brp biaya ke hongkong", "agen sy minta uang 30jt wajar gak"],
)
async def test_informal_questions_get_a_topic_or_likely_topics(
    chat: ChatTester, question: str
) -> None:
    await chat.send(question)
    chat.assert_no_reply_contains("belum punya jawaban")
    assert "Sumber:" in chat.text or "salah satu ini" in chat.text
    assert await _unanswered(chat.engine) == []


async def test_danger_skips_the_search_and_gives_emergency_help_first(chat: ChatTester) -> None:
    await chat.send("tolong paspor sy ditahan majikan")
    emergency = load_library().topics.topic("id", EMERGENCY_TOPIC)
    assert emergency is not None
    chat.assert_reply("Keselamatan Anda yang utama", emergency.title, "Kantor Desa Contoh")
    assert chat.replies[0].text.startswith("Keselamatan Anda")
    assert chat.buttons == [
        "📖 Paspor hilang atau ditahan",
        "📝 Laporkan ke petugas desa",
        "📞 Kontak kantor desa",
        "📚 Sumber",
        "🏠 Menu utama",
    ]
    await chat.tap("📞 Kontak kantor desa")
    chat.assert_reply("Alamat:")


@pytest.mark.parametrize(
    ("message", "page"),
    [
        ("td mandornya ngancem mau mukul kalo sy nanya2 gaji", None),
        ("sudah lebih dari 2 tahun sy gak boleh pulang sama majikan", None),
        ("istri sy di arab udah 2 tahun gak ada kabar", "Keluarga PMI hilang kontak"),
        ("my employer keeps my passport", "Paspor hilang atau ditahan"),
    ],
)
async def test_danger_by_meaning_gets_the_help_then_the_page_it_is_about(
    chat: ChatTester, message: str, page: str | None
) -> None:
    """Threats, being kept from home, a relative out of contact, a held passport in English:
    the emergency help comes first, from the main menu, and the fitting page is one tap away."""
    await chat.send("menu")
    await chat.send(message)
    assert chat.replies[0].text.startswith("Keselamatan Anda")
    chat.assert_reply("0800-1000")
    chat.assert_no_reply_contains("belum punya jawaban", "salah satu ini")
    if page is not None:
        button = next(b for b in chat.buttons if b.startswith("📖"))
        assert page.lower() in button.lower()
        await chat.tap(button)
        chat.assert_reply("Sumber:")


async def test_an_unknown_question_is_admitted_and_recorded_without_the_person(
    chat: ChatTester,
) -> None:
    await chat.send("resep rendang padang yg enak hub 0812-3456-7890")
    chat.assert_reply("belum punya jawaban", "tanpa nama Anda", "Menu utama")
    rows = await _unanswered(chat.engine)
    assert len(rows) == 1
    question, village_id, locale = rows[0]
    assert "0812" not in str(question) and "[nomor]" in str(question)
    assert village_id is not None and locale == "id"
    async with chat.engine.connect() as conn:
        columns = set((await conn.execute(select(UnansweredQuestion))).keys())
    assert not {"resident_id", "chat_id", "external_id"} & columns


async def test_small_talk_is_answered_and_not_recorded(chat: ChatTester) -> None:
    for text in ["makasih", "Halo!", "ok siap"]:
        await chat.send(text)
        chat.assert_no_reply_contains("belum punya jawaban")
    assert await _unanswered(chat.engine) == []


async def test_unsure_answers_offer_three_topics_and_none_of_these_is_recorded(
    chat: ChatTester,
) -> None:
    library = load_library()
    for text in ["kerja", "biaya", "negara", "info", "urus", "gaji"]:
        answer = library.answerer.ask(text, "id")
        if answer.kind == "unsure":
            break
    else:
        pytest.skip("no short question is ambiguous with this content")
    await chat.send(text)
    chat.assert_reply("salah satu ini")
    assert 2 <= len(chat.buttons) <= 5 and "Tidak ada yang cocok" in chat.buttons
    await chat.tap("Tidak ada yang cocok")
    chat.assert_reply("belum punya jawaban")
    assert [row[0] for row in await _unanswered(chat.engine)] == [text]


async def test_english_questions_are_answered_from_the_english_content(
    sqlite_engine: AsyncEngine,
) -> None:
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine, language_code="en")
    await chat.send("/start")
    await chat.send("what documents do I need to work abroad")
    assert any(mark in chat.text for mark in ("Source:", "one of these", "(page 1 of"))
    chat.assert_no_reply_contains("Sumber:", "halaman")


async def test_the_officer_list_shows_what_residents_could_not_get_answered(
    chat: ChatTester, sqlite_engine: AsyncEngine
) -> None:
    from storage.admin import AdminStore

    for _ in range(2):
        await chat.send("siapa juara piala dunia tahun 2022")
    await AdminStore(sqlite_engine).add_officer(
        "900", "desk_officer", village_code="3301012001", actor="test"
    )
    officer = ChatTester(make_runner(sqlite_engine), sqlite_engine, user_id="900")
    await officer.send("/petugas")
    await officer.tap("Pertanyaan belum terjawab")
    officer.assert_reply("(2×) siapa juara piala dunia tahun 2022")


@pytest.mark.parametrize("step", ["/bahasa", "🏠 Daftarkan desa saya"])
async def test_danger_is_heard_at_any_step_not_only_at_the_menu(
    sqlite_engine: AsyncEngine, step: str
) -> None:
    await add_village(sqlite_engine)
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start")
    await chat.send(step)
    await chat.send("SOS paspor sy diambil agen, sy disekap")
    chat.assert_reply("Keselamatan Anda yang utama")
    await chat.assert_state("info", "emergency")


async def test_a_stray_number_or_emoji_is_a_missed_button_not_a_question(chat: ChatTester) -> None:
    for text in ["9", "🙏🙏", "!!!"]:
        await chat.send(text)
        chat.assert_reply("silakan pilih salah satu tombol")
        chat.assert_no_reply_contains("belum punya jawaban")
    assert await _unanswered(chat.engine) == []
