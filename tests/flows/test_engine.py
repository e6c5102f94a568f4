"""Engine rules: matching input to buttons, global words, guards against bad flows and input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.context import Context
from flows.engine.core import MAX_HOPS, clean_text, match_choice
from flows.engine.messages import Inbound, Reply
from flows.engine.nodes import Data, Prompt, Say, make_flow
from flows.registry import FLOWS
from storage.models import Conversation
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

OFFERED = (("a", "📞 Kontak kantor desa"), ("b", "🌐 Bahasa / Language"), ("c", "❓ Bantuan"))


def _typed(text: str) -> Inbound:
    return Inbound(channel="t", user_id="1", chat_id="1", text=text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2", "b"),
        (" 3 ", "c"),
        ("kontak kantor desa", "a"),
        ("KONTAK KANTOR DESA!!", "a"),
        ("kontak kantor dsa", "a"),
        ("bantuan", "c"),
        ("4", None),
        ("0", None),
        ("apa ini", None),
        ("", None),
    ],
)
def test_typed_input_matches_buttons_by_number_label_or_small_typo(
    typed: str, expected: str | None
) -> None:
    match = match_choice(_typed(typed), OFFERED)
    assert (match.id if match else None) == expected


def test_a_forged_button_id_matches_nothing() -> None:
    forged = Inbound(channel="t", user_id="1", chat_id="1", choice_id="admin:delete-all")
    assert match_choice(forged, OFFERED) is None
    real = Inbound(channel="t", user_id="1", chat_id="1", choice_id="b")
    assert match_choice(real, OFFERED) is not None


def test_clean_text_drops_emoji_and_punctuation() -> None:
    assert clean_text("  📞 Kontak,  kantor!! ") == "kontak kantor"


async def test_unknown_command_gets_a_kind_reply_and_the_menu(sqlite_engine: AsyncEngine) -> None:
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/hapus_semua")
    chat.assert_reply("Perintah itu tidak saya kenal", "Menu utama")


async def test_unplaceable_text_is_never_met_with_silence(sqlite_engine: AsyncEngine) -> None:
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start")
    for text in ["asdfghjkl", "🙂🙂🙂", "x" * 4096, "'; DROP TABLE residents; --"]:
        await chat.send(text)
        assert chat.replies, f"no reply to {text[:20]!r}"
        assert chat.buttons, "the menu keyboard should come back"


async def test_a_state_saved_by_an_older_version_restarts_kindly(
    sqlite_engine: AsyncEngine,
) -> None:
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await chat.send("/start")
    async with sqlite_engine.begin() as conn:
        await conn.execute(update(Conversation).values(flow="retired", node="gone"))
    await chat.send("1")
    chat.assert_reply("bagian layanan ini sudah berubah", "Menu utama")


async def test_a_looping_flow_is_stopped_and_the_person_sent_home(
    sqlite_engine: AsyncEngine,
) -> None:
    async def echo(ctx: Context, data: Data) -> Prompt:
        return Prompt(replies=(Reply("loop"),))

    looping = make_flow("loop", "a", Say("a", echo, next="b"), Say("b", echo, next="a"))
    flows = {**FLOWS, "loop": looping}
    flows["start"] = make_flow("start", "welcome", Say("welcome", echo, next="loop:a"))
    chat = ChatTester(make_runner(sqlite_engine, flows=flows), sqlite_engine)
    await chat.send("/start")
    assert chat.text.count("loop") == MAX_HOPS
    chat.assert_reply("ada gangguan di sistem kami", "Menu utama")
    await chat.assert_state("main", "menu")


async def test_after_a_week_of_silence_lower_update_ids_are_new_messages(
    sqlite_engine: AsyncEngine,
) -> None:
    """Telegram may restart update ids at a random number after a week without updates."""
    now = [FIXED_NOW]
    runner = make_runner(sqlite_engine, clock=lambda: now[0])

    def hello(update_id: int) -> Inbound:
        return Inbound(
            channel="telegram", user_id="8", chat_id="8", text="halo", update_id=update_id
        )

    assert not (await runner.handle(hello(900_000))).duplicate
    assert (await runner.handle(hello(900_000))).duplicate
    now[0] = FIXED_NOW + timedelta(days=8)
    restarted = await runner.handle(hello(17))
    assert not restarted.duplicate and restarted.replies


async def test_a_message_delivered_twice_is_handled_once(sqlite_engine: AsyncEngine) -> None:
    await add_village(sqlite_engine)
    runner = make_runner(sqlite_engine)
    inbound = Inbound(
        channel="telegram",
        user_id="5",
        chat_id="5",
        command="start",
        payload="3301012001",
        update_id=77,
    )
    first = await runner.handle(inbound)
    again = await runner.handle(inbound)
    assert first.replies and not first.duplicate
    assert again.duplicate and again.replies == ()
