"""Greetings, thanks and farewells in their many forms: answered kindly, never as questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.content import ContentError
from flows.information.chitchat import load_chitchat
from storage.models import UnansweredQuestion
from tests.support.chat import ChatTester, add_village, make_runner

CHITCHAT = load_chitchat()

GREETINGS = [
    "assalamualaikum nak",
    "Assalamu'alaikum wr. wb.",
    "pagi min",
    "selamat malam",
    "halo kak",
    "halooo min 👋",
    "hallo kak mau tanya",
    "permisi pak",
    "wa'alaikumsalam",
    "sugeng enjing",
    "kak",
    "min?",
    "mau tanya",
]
THANKS = [
    "mksh ya mba infonya 🙏",
    "trims",
    "suwun",
    "matur nuwun",
    "thank u",
    "makasiiih",
    "Terima kasih banyak ya kak atas infonya, semoga sehat selalu 🙏🙏",
    "tq min",
    "hatur nuhun",
]
FAREWELLS = ["wassalamualaikum", "dadah", "sampai jumpa ya kak", "pamit dulu min", "bye"]
THANKS_AND_GOODBYE = ["makasih ya nak, wassalamualaikum", "trims, sampai jumpa"]
OKS = ["ok siap", "oke", "iya kak", "siap min", "nggih"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [(t, "greeting") for t in GREETINGS]
    + [(t, "thanks") for t in THANKS]
    + [(t, "farewell") for t in FAREWELLS + THANKS_AND_GOODBYE]
    + [(t, "ok") for t in OKS],
)
def test_the_whole_message_is_read_as_small_talk(text: str, kind: str) -> None:
    assert CHITCHAT.kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "syarat ke taiwan",
        "info kerja",
        "gaji di hongkong brp",
        "ya allah majikan sy jahat",
        "apakah agen ini baik",
        "kerja",
    ],
)
def test_a_question_is_not_small_talk(text: str) -> None:
    assert CHITCHAT.kind(text) is None
    assert CHITCHAT.after_small_talk(text) == text


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("assalamualaikum min, mau tanya syarat ke taiwan", "syarat ke taiwan"),
        ("pagi kak, saya mau kerja ke jepang gmn caranya", "kerja ke jepang gmn caranya"),
        ("makasih, tapi biaya ke hongkong brp?", "tapi biaya ke hongkong brp?"),
        ("Halo! Boleh tanya: paspor buatnya dimana?", "paspor buatnya dimana?"),
    ],
)
def test_the_question_after_a_greeting_is_kept(text: str, question: str) -> None:
    assert CHITCHAT.kind(text) is None
    assert CHITCHAT.after_small_talk(text) == question


def test_a_filler_must_be_one_word_and_kinds_are_checked(tmp_path: Path) -> None:
    bad = tmp_path / "chitchat.toml"
    bad.write_text('schema = 1\n[id]\nfiller = ["atas info"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="one word"):
        load_chitchat(bad)  # type: ignore[arg-type]
    bad.write_text('schema = 1\n[id]\ngossip = ["halo"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="kind must be one of"):
        load_chitchat(bad)  # type: ignore[arg-type]


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    await add_village(sqlite_engine)
    tester = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await tester.send("/start 3301012001")
    await tester.tap("Lewati")
    return tester


async def _recorded(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        count = await conn.scalar(select(func.count()).select_from(UnansweredQuestion))
    return int(count or 0)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (GREETINGS, "Ada yang bisa saya bantu?"),
        (THANKS, "Sama-sama"),
        (FAREWELLS, "Sampai jumpa"),
        (THANKS_AND_GOODBYE, "Sama-sama! Sampai jumpa"),
        (OKS, "Ada lagi yang bisa saya bantu?"),
    ],
)
async def test_small_talk_is_answered_kindly_from_any_step(
    chat: ChatTester, texts: list[str], expected: str
) -> None:
    for text in texts:
        for where in ("🏠 Menu utama", "ℹ️ Info migrasi aman"):  # the menu and a topic list
            await chat.send(where)
            await chat.send(text)
            chat.assert_reply(expected)
            chat.assert_no_reply_contains("belum punya jawaban", "Sumber:", "salah satu ini")
            await chat.assert_state("main", "menu")
    assert await _recorded(chat.engine) == 0


async def test_a_greeting_then_a_question_gets_the_answer(chat: ChatTester) -> None:
    await chat.send("assalamualaikum min, mau tanya syarat ke taiwan")
    chat.assert_no_reply_contains("belum punya jawaban", "Ada yang bisa saya bantu?")
    assert "Sumber:" in chat.text or "salah satu ini" in chat.text
    assert await _recorded(chat.engine) == 0


async def test_a_greeting_then_an_unknown_question_records_only_the_question(
    chat: ChatTester,
) -> None:
    await chat.send("selamat pagi kak, resep rendang padang yg enak gimana")
    chat.assert_reply("belum punya jawaban")
    async with chat.engine.connect() as conn:
        stored = await conn.scalar(select(UnansweredQuestion.question))
    assert stored == "resep rendang padang yg enak gimana"


async def test_a_greeting_does_not_hide_danger(chat: ChatTester) -> None:
    await chat.send("assalamualaikum kak, tolong paspor sy ditahan majikan")
    chat.assert_reply("Keselamatan Anda yang utama")
