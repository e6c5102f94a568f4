"""Phone numbers, NIKs and e-mail addresses never reach the officers' list of questions."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.information.scrub import PLACEHOLDER, scrub
from storage.models import UnansweredQuestion
from tests.support.chat import ChatTester, add_village, make_runner

PHONES = [
    "0812 3456 7890",
    "08123456789",
    "0812-3456-7890",
    "0812.3456.7890",
    "0896 - 1234 - 5678",
    "0812 345 678 90",
    "+62 812 3456 7890",
    "+62-812-3456-7890",
    "+6281234567890",
    "(+62) 812 3456 7890",
    "+62 (812) 3456-7890",
    "6281234567890",
    "62 812 3456 7890",
    "62812-3456-7890",
    "(0271) 123456",
    "0271-123456",
    "0271 123456",
    "021 1234 5678",
    "(021) 555-1234",
    "+852 9123 4567",
    "+852-9123-4567",
    "+886 912 345 678",
    "+886-912-345-678",
    "+886912345678",
    "+60 12-345 6789",
    "00852 9123 4567",
    "0912 345 678",  # a Taiwanese mobile written the local way
]

#: NIK and family-card numbers: personal, scrubbed like a phone number.
IDENTITY_NUMBERS = ["3301234567890001", "3301 2345 6789 0001", "330123 010190 0001"]

#: A phone number a label points at, though its shape alone would not tell.
LABELLED = ["no hp 9123 4567", "wa: 91234567", "WA 9123-4567", "telp. 6123 4567"]

#: Figures a question is about: they must stay as typed.
ORDINARY = [
    "25jt",
    "gaji 8-10 juta",
    "Rp 5.000.000",
    "Rp5.000.000",
    "5.000.000",
    "Rp 15.500.000",
    "Rp 25.000.000,-",
    "Rp 62.000.000",
    "620.000.000",
    "Rp 1.500.000.000",
    "1.500.000 rupiah",
    "NT$ 27.470",
    "HK$4.990",
    "umur 17",
    "umur 45 tahun",
    "2 tahun",
    "ke Taiwan 3 tahun",
    "2024",
    "tahun 2019-2024",
    "tahun 2023 2024 2025",
    "jam 08.00-16.00",
    "tgl 05-01-2024",
    "tgl 05-01-2024 08.00",
    "UU 18/2017",
    "pasal 5 ayat 1",
    "2x24 jam",
    "0,5 persen",
    "biaya 0.5%",
    "no 17",
    "no. 2 tahun 2024",
    "hubungi 5.000.000",
    "kode desa 3301012001",
]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("number", PHONES + IDENTITY_NUMBERS)
def test_a_phone_or_identity_number_is_replaced_whole(number: str) -> None:
    scrubbed = scrub(f"tolong hubungi saya di {number} ya, soal kerja ke Taiwan")
    assert scrubbed == f"tolong hubungi saya di {PLACEHOLDER} ya, soal kerja ke Taiwan"


@pytest.mark.parametrize("number", PHONES + IDENTITY_NUMBERS)
def test_a_number_at_the_start_or_end_of_the_message_is_replaced(number: str) -> None:
    assert scrub(number) == PLACEHOLDER
    assert scrub(f"sy {number}") == f"sy {PLACEHOLDER}"
    assert scrub(f"{number}, gmn caranya") == f"{PLACEHOLDER}, gmn caranya"


@pytest.mark.parametrize("text", LABELLED)
def test_a_number_labelled_as_a_phone_is_replaced_and_the_label_kept(text: str) -> None:
    scrubbed = scrub(f"majikan sy {text}")
    assert _digits(scrubbed) == "" and scrubbed.endswith(PLACEHOLDER)
    assert scrubbed.startswith("majikan sy ")


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_figures_are_kept(text: str) -> None:
    assert scrub(text) == text
    assert scrub(f"brp biaya {text} ke hongkong?") == f"brp biaya {text} ke hongkong?"


def test_two_numbers_and_an_email_in_one_question() -> None:
    text = "biaya Rp 25.000.000 umur 17, wa 0812-3456-7890 atau +852 9123 4567, a.b@mail.com"
    assert scrub(text) == (
        f"biaya Rp 25.000.000 umur 17, wa {PLACEHOLDER} atau {PLACEHOLDER}, [email]"
    )


async def test_the_stored_question_holds_no_digit_of_the_phone(engine: AsyncEngine) -> None:
    await add_village(engine)
    chat = ChatTester(make_runner(engine), engine)
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    await chat.send(
        "resep rendang padang 2 kg yg enak, hub sy di +62 857-1122-3344 atau (0271) 998877"
    )
    chat.assert_reply("belum punya jawaban")
    async with engine.connect() as conn:
        rows = (
            await conn.execute(select(UnansweredQuestion.question, UnansweredQuestion.normalized))
        ).all()
    assert len(rows) == 1
    question, normalized = rows[0]
    assert question.count(PLACEHOLDER) == 2 and "2 kg" in question
    for stored in (question, normalized):
        assert _digits(stored) == "2", stored  # only the "2 kg" is left
