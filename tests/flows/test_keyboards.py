"""No keyboard is too big for a cheap phone: every menu a person can reach by tapping is walked.

Starting from a new resident (with and without a village, in Indonesian and English) and from a
village coordinator, every button of every keyboard is tapped, breadth first, and every reply
on the way is checked.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Awaitable, Callable
from itertools import count

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.admin import AdminStore
from tests.support.chat import ChatTester, add_village, make_runner

#: The most buttons a keyboard may have: more do not fit a small screen without scrolling.
MAX_BUTTONS = 8
#: Enough states to reach every menu; the walk stops there so the test stays quick.
MAX_STATES = 300
#: Keyboards explored per node: every topic list screen, a few topic pages.
PER_NODE = 6

#: Keyboards known to be bigger, outside the information capability; reported to their owners
#: rather than changed here. Remove an entry once its menu is paged.
KNOWN_TOO_BIG = {
    "profile:zone": "flows/welcome: nine time zones at once",
    "officer:invites": "flows/officers: one button per open invitation, however many",
    "officer:team": "flows/officers: shows the same invitation list after a revocation",
}

Start = Callable[[ChatTester], Awaitable[None]]


async def _registered(chat: ChatTester) -> None:
    await chat.send("/start 3301012001")
    await chat.tap(chat.buttons[-1])  # "Lewati" / "Skip": the one question after registering


async def _unregistered(chat: ChatTester) -> None:
    await chat.send("/start")


async def _officer(chat: ChatTester) -> None:
    await AdminStore(chat.engine).add_officer(
        chat.user_id, "coordinator", village_code="3301012001", actor="test"
    )
    await chat.send("/start 3301012001")
    await chat.send("/petugas")


async def _walk(
    engine: AsyncEngine, start: Start, language: str, limit: int
) -> tuple[int, list[str]]:
    """Tap every reachable button; return how many states were seen and any oversized keyboard."""
    runner = make_runner(engine)
    users = count(10_000)
    queue: deque[tuple[str, ...]] = deque([()])
    seen: set[tuple[object, ...]] = set()
    per_node: Counter[tuple[str, str]] = Counter()
    too_big: set[str] = set()
    while queue and len(seen) < limit:
        path = queue.popleft()
        chat = ChatTester(runner, engine, user_id=str(next(users)), language_code=language)
        await start(chat)
        for label in path:
            if label not in chat.buttons:
                break  # the keyboard changed on the way (e.g. a setting just taken)
            await chat.tap(label)
            for reply in chat.replies:
                if len(reply.choices) > MAX_BUTTONS:
                    where = ":".join(await chat.state())
                    if where not in KNOWN_TOO_BIG:
                        too_big.add(f"{where} after {label!r}: {len(reply.choices)} buttons")
        else:
            node = await chat.state()
            key = (*node, tuple(chat.buttons))
            # a few keyboards of each node are enough (not every topic's related buttons)
            if key in seen or per_node[node] >= PER_NODE:
                continue
            per_node[node] += 1
            seen.add(key)
            queue.extend((*path, label) for label in chat.buttons)
    return len(seen), sorted(too_big)


@pytest.mark.parametrize(
    ("start", "language", "limit"),
    [
        (_registered, "id", MAX_STATES),
        (_unregistered, "id", MAX_STATES),
        (_registered, "en", MAX_STATES),
        (_officer, "id", 60),  # every replay adds invitations: the officer walk is slower
    ],
    ids=["resident", "no-village", "english", "officer"],
)
async def test_no_keyboard_has_more_than_eight_buttons(
    sqlite_engine: AsyncEngine, start: Start, language: str, limit: int
) -> None:
    await add_village(sqlite_engine)
    states, too_big = await _walk(sqlite_engine, start, language, limit)
    assert states > 10, "the walk should reach many menus"
    assert too_big == [], "\n".join(too_big)
