"""Fuzzing: random text and random update shapes never crash the engine or the adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Bot, Update

from bot.inbound import to_inbound
from flows.engine.messages import Inbound
from flows.engine.runner import Runner
from storage.db import create_engine
from storage.schema import METADATA
from tests.support.chat import add_village, make_runner

BOT = Bot("123456:TEST-TOKEN")

texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "menu",
            "batal",
            "1",
            "2",
            "9",
            "0",
            "bahasa",
            "3301012001",
            "kontak",
            "📞 Kontak kantor desa",
            "",
        ]
    ),
)
actions = st.lists(
    st.tuples(
        st.sampled_from(["text", "command", "press"]),
        texts,
        st.sampled_from(["start", "menu", "help", "bahasa", "xyz", "START", "batal"]),
    ),
    min_size=1,
    max_size=8,
)


@pytest.fixture(scope="module")
def loop_and_runner(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[asyncio.AbstractEventLoop, Runner]]:
    loop = asyncio.new_event_loop()
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")

    async def setup() -> None:
        async with engine.begin() as conn:
            await conn.run_sync(METADATA.create_all)
        await add_village(engine)

    loop.run_until_complete(setup())
    yield loop, make_runner(engine)
    loop.run_until_complete(engine.dispose())
    loop.close()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=actions, user=st.integers(min_value=1, max_value=5))
def test_engine_always_answers_and_never_raises(
    loop_and_runner: tuple[asyncio.AbstractEventLoop, Runner],
    steps: list[tuple[str, str, str]],
    user: int,
) -> None:
    loop, runner = loop_and_runner
    for kind, text, command in steps:
        inbound = Inbound(
            channel="fuzz",
            user_id=str(user),
            chat_id=str(user),
            text=text if kind == "text" else "",
            command=command if kind == "command" else None,
            payload=text[:64] if kind == "command" else "",
            choice_id=text[:64] if kind == "press" else None,
        )
        handled = loop.run_until_complete(runner.handle(inbound))
        assert handled.replies, f"silence after {inbound}"
        assert all(reply.text.strip() for reply in handled.replies)


users = st.fixed_dictionaries(
    {"id": st.integers(1, 2**40), "is_bot": st.booleans(), "first_name": st.text(max_size=30)},
    optional={"language_code": st.sampled_from(["id", "en", "in", "jv", "", "xx-YY"])},
)
chats = st.fixed_dictionaries(
    {
        "id": st.integers(-(2**40), 2**40),
        "type": st.sampled_from(["private", "group", "supergroup", "channel"]),
    }
)
entities = st.lists(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["bot_command", "bold", "url", "mention"]),
            "offset": st.integers(0, 50),
            "length": st.integers(0, 80),
        }
    ),
    max_size=3,
)
messages = st.fixed_dictionaries(
    {"message_id": st.integers(1, 10**6), "date": st.integers(0, 2**31), "chat": chats},
    optional={
        "from": users,
        "text": st.text(max_size=500),
        "caption": st.text(max_size=100),
        "entities": entities,
        "location": st.fixed_dictionaries(
            {"latitude": st.floats(-90, 90), "longitude": st.floats(-180, 180)}
        ),
        "contact": st.fixed_dictionaries(
            {"phone_number": st.text(max_size=15), "first_name": st.text(max_size=10)}
        ),
    },
)
updates = st.fixed_dictionaries(
    {"update_id": st.integers(1, 2**31)},
    optional={
        "message": messages,
        "edited_message": messages,
        "callback_query": st.fixed_dictionaries(
            {
                "id": st.text(min_size=1, max_size=10),
                "from": users,
                "chat_instance": st.text(max_size=5),
            },
            optional={"data": st.text(max_size=200), "message": messages},
        ),
    },
)


@settings(max_examples=300, deadline=None)
@given(raw=updates)
def test_adapter_turns_any_update_shape_into_an_inbound_or_nothing(raw: dict[str, Any]) -> None:
    update = Update.de_json(raw, BOT)
    assert update is not None
    inbound = to_inbound(update)
    if inbound is not None:
        assert inbound.channel == "telegram"
        assert len(inbound.text) <= 4096 and len(inbound.payload) <= 64
        assert inbound.choice_id is None or len(inbound.choice_id) <= 64
