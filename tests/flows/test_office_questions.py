"""Questions about the village office itself reach its contact details, not a topic."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.information.office_questions import load_office_questions
from storage.models import UnansweredQuestion
from tests.support.chat import ChatTester, add_village, make_runner

OFFICE_QUESTIONS = [
    "kantor desa buka jam brp",
    "no telp desa",
    "alamat balai desa dimana",
    "jam buka kantor desa hari sabtu?",
    "nomor wa kades berapa ya",
    "Kantor desa tutup jam berapa?",
    "where is the village office",
]
NOT_ABOUT_THE_OFFICE = [
    "dimana lapor di desa kalau agen nakal",
    "apa itu desmigratif",
    "layanan desa untuk pmi apa saja",
    "nomor telepon bp2mi",
    "berapa jam kerja di taiwan",
    "kode desa saya 3301012001",
]


@pytest.mark.parametrize("text", OFFICE_QUESTIONS)
def test_a_question_about_the_office_is_recognised(text: str) -> None:
    assert load_office_questions().asks_for_office(text)


@pytest.mark.parametrize("text", NOT_ABOUT_THE_OFFICE)
def test_other_questions_naming_the_village_are_not(text: str) -> None:
    assert not load_office_questions().asks_for_office(text)


async def _recorded(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(UnansweredQuestion)) or 0)


@pytest.mark.parametrize("text", [*OFFICE_QUESTIONS, "assalamualaikum, no telp desa brp min?"])
async def test_a_registered_resident_gets_the_office_contact(
    sqlite_engine: AsyncEngine, text: str
) -> None:
    await add_village(sqlite_engine)
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    await chat.send(text)
    chat.assert_reply("Kantor Desa Contoh", "Alamat:")
    chat.assert_no_reply_contains("belum punya jawaban", "Sumber:", "salah satu ini")
    await chat.assert_state("office", "show")
    assert await _recorded(sqlite_engine) == 0


async def test_someone_without_a_village_is_offered_to_register(sqlite_engine: AsyncEngine) -> None:
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start")
    await chat.send("kantor desa buka jam brp")
    chat.assert_reply("belum terdaftar")
    chat.assert_no_reply_contains("belum punya jawaban")
    assert await _recorded(sqlite_engine) == 0


async def test_from_a_topic_page_too(sqlite_engine: AsyncEngine) -> None:
    await add_village(sqlite_engine)
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    await chat.send("ℹ️ Info migrasi aman")
    await chat.tap("Sebelum berangkat")
    await chat.send("alamat balai desa dimana")
    chat.assert_reply("Alamat:")
