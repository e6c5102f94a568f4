"""Splitting replies longer than Telegram's 4096 characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.outbound import MAX_MESSAGE, split_text


def test_short_text_is_one_part() -> None:
    assert split_text("halo") == ["halo"]


def test_long_text_breaks_between_paragraphs() -> None:
    first, second = "a" * 3000, "b" * 3000
    assert split_text(f"{first}\n\n{second}") == [first, second]


def test_text_without_breaks_is_cut_hard() -> None:
    parts = split_text("x" * 9000)
    assert [len(p) for p in parts] == [4096, 4096, 808]


@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=20000))
def test_parts_fit_and_keep_every_word(text: str) -> None:
    parts = split_text(text)
    assert all(len(p) <= MAX_MESSAGE for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
