"""The end-to-end tests' common fixture: a fresh fake Bot API on 127.0.0.1 for each test.

A file that needs it set up differently (flood control, say) defines its own ``api``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.fake_bot_api import FakeBotApi


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API the bot process talks to."""
    async with FakeBotApi() as fake:
        yield fake
