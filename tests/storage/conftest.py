"""Storage fixtures: an empty database (no tables at all) on each backend, for migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage.db import create_engine, is_sqlite


async def _reset(url: str) -> None:
    """Start from an empty database (the PostgreSQL one is shared by the whole session)."""
    if is_sqlite(url):  # a file in the test's own tmp_path, not created yet
        return
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@pytest.fixture
async def empty_url(database_url: str) -> str:
    """``database_url`` with nothing in it: no model tables, no alembic_version."""
    await _reset(database_url)
    return database_url
