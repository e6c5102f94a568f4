"""Topic pages fit a cheap phone: the answer first, one short source line, lists in screens."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.pages import paginate
from flows.information.library import load_library
from flows.information.topics import Phase
from tests.support.chat import ChatTester, add_village, make_runner

LIBRARY = load_library()


@pytest.fixture
async def chat(sqlite_engine: AsyncEngine) -> ChatTester:
    await add_village(sqlite_engine)
    tester = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    await tester.send("/start 3301012001")
    await tester.tap("Lewati")
    await tester.send("ℹ️ Info migrasi aman")
    return tester


async def test_the_source_is_one_short_line_and_the_full_list_is_a_tap_away(
    chat: ChatTester,
) -> None:
    topic = LIBRARY.topics.topic("id", "syarat-pmi")
    assert topic is not None and len(topic.sources) > 1 and len(paginate(topic.body)) == 1
    await chat.tap("Sebelum berangkat")
    await chat.tap(topic.title)
    first, *others = topic.sources
    assert chat.text.startswith(f"{topic.title}\n\n{topic.body.strip()[:40]}")  # answer first
    last_line = chat.text.splitlines()[-1]
    assert last_line == f"Sumber: {first.title} (+{len(others)} sumber). Dicek 2026-11-23."
    assert all(source.title not in chat.text for source in others)
    await chat.tap("📚 Sumber")
    chat.assert_reply(*(f"{n}. {s.title}" for n, s in enumerate(topic.sources, start=1)))
    assert chat.buttons == ["⬅ Kembali", "🏠 Menu utama"]
    await chat.tap("⬅ Kembali")
    assert chat.text.splitlines()[-1] == last_line
    await chat.assert_state("info", "show")


async def test_a_long_topic_keeps_the_sources_for_its_last_page(chat: ChatTester) -> None:
    long = next(t for t in LIBRARY.topics.topics("id") if len(paginate(t.body)) > 1)
    phase = next(p for p in LIBRARY.topics.phases("id") if long.id in p.topic_ids)
    await chat.tap(phase.title)
    while long.title not in chat.buttons:
        await chat.tap("Lainnya ›")
    await chat.tap(long.title)
    chat.assert_no_reply_contains("Sumber:")
    assert "📚 Sumber" not in chat.buttons
    while "Selanjutnya ▶" in chat.buttons:
        await chat.tap("Selanjutnya ▶")
    chat.assert_reply("Sumber:")


@pytest.mark.parametrize("phase", LIBRARY.topics.phases("id"), ids=lambda p: p.id)
async def test_every_topic_of_a_phase_is_reached_screen_by_screen(
    chat: ChatTester, phase: Phase
) -> None:
    titles = [t.title for t in LIBRARY.topics.topics("id") if t.id in phase.topic_ids]
    await chat.tap(phase.title)
    seen: list[str] = []
    screens = 0
    while True:
        screens += 1
        assert len(chat.buttons) <= 8
        seen += [b for b in chat.buttons if b in titles]
        if "Lainnya ›" not in chat.buttons:
            break
        await chat.tap("Lainnya ›")
    assert seen == titles
    for _ in range(screens - 1):  # back walks the screens backwards, then to the phases
        await chat.tap("⬅ Kembali")
        await chat.assert_state("info", "topics")
    await chat.tap("⬅ Kembali")
    await chat.assert_state("info", "phases")
