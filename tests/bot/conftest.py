"""Adapter fixtures: the fake Bot API over real HTTP, a PTB bot talking to it, a SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.request import AiohttpRequest
from storage.db import create_engine
from storage.schema import METADATA
from tests.support.fake_bot_api import FakeBotApi


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """SQLite only: these tests are about talking to Telegram, not about the database."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    request = AiohttpRequest(read_timeout=0.5, connect_timeout=0.5, write_timeout=0.5)
    async with Bot(api.token, base_url=api.base_url, request=request) as client:
        yield client
