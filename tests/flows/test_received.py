"""Links, forwarded messages and captioned photos are acknowledged for what they are.

A bare link or a forwarded advert is not a question the person wrote: it must never be
answered with an unrelated topic, and the person is shown how to check a job offer.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Attachment
from tests.support.chat import ChatTester, add_village, make_runner

CHECK_BUTTONS = ["Cek tawaran kerja luar negeri", "Cek PT/agen resmi (P3MI)"]


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    await add_village(sqlite_engine)
    tester = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await tester.send("/start")
    return tester


@pytest.mark.parametrize(
    "text", ["www.example.com", "https://loker-taiwan.example/daftar", "cek ini bit.ly/kerja-hk"]
)
async def test_a_link_is_acknowledged_and_how_to_check_an_offer_is_offered(
    chat: ChatTester, text: str
) -> None:
    await chat.send(text)
    chat.assert_reply("tidak bisa membuka tautan", "jangan serahkan paspor")
    chat.assert_no_reply_contains("Sumber:", "Pulang dan mulai lagi")
    assert chat.buttons[:2] == CHECK_BUTTONS and "🏠 Menu utama" in chat.buttons
    await chat.assert_state("info", "received")
    await chat.tap("Cek tawaran kerja luar negeri")
    chat.assert_reply("Cek tawaran kerja luar negeri", "Sumber:")


async def test_a_photo_whose_caption_is_a_link_is_acknowledged_as_both(chat: ChatTester) -> None:
    await chat.send_media(Attachment("photo", file_id="p1"), caption="www.example.com")
    chat.assert_reply("foto atau file Anda sudah saya terima", "tidak bisa membuka tautan")
    chat.assert_no_reply_contains("Pulang dan mulai lagi")
    assert chat.buttons[:2] == CHECK_BUTTONS


async def test_a_forwarded_advert_is_not_searched_as_a_question(chat: ChatTester) -> None:
    await chat.forward("Dibutuhkan segera kerja ke Taiwan gaji 30 juta, biaya proses 15 juta")
    chat.assert_reply("pesan terusan", "jangan bayar apa pun")
    chat.assert_no_reply_contains("Sumber:")
    await chat.assert_state("info", "received")


async def test_a_link_hidden_behind_words_counts_as_a_link(chat: ChatTester) -> None:
    await chat.forward("Daftar di sini", has_link=True)
    chat.assert_reply("pesan terusan")
    chat.replies = ()
    await chat.send("menu")
    await chat._handle(chat._inbound(text="Daftar di sini", has_link=True))
    chat.assert_reply("tidak bisa membuka tautan")


async def test_danger_in_a_forwarded_message_still_gets_help_first(chat: ChatTester) -> None:
    await chat.forward("tolong sy disekap majikan, paspor ditahan")
    chat.assert_reply("Keselamatan Anda yang utama")
    await chat.assert_state("info", "emergency")


async def test_a_captioned_photo_is_acknowledged_then_its_caption_answered(
    chat: ChatTester,
) -> None:
    await chat.send_media(Attachment("photo", file_id="p2"), caption="gmn caranya kerja ke taiwan")
    assert chat.replies[0].text.startswith("Terima kasih, file Anda sudah saya terima")
    chat.assert_reply("Taiwan", "Sumber:")


async def test_an_ordinary_question_is_still_answered(chat: ChatTester) -> None:
    await chat.send("gaji 8.000.000 di taiwan potongan berapa dll.")
    chat.assert_no_reply_contains("tidak bisa membuka tautan")
