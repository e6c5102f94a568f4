"""Shared fixtures: real databases (a SQLite file always, PostgreSQL when reachable).

PostgreSQL tests run against a fresh database created for the session on the server at
DESMIGRATIF_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test). When the server is
unreachable they are skipped, unless DESMIGRATIF_REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.schema import METADATA

PG_ADMIN_URL = os.environ.get("DESMIGRATIF_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("DESMIGRATIF_REQUIRE_POSTGRES") == "1"


async def _pg_admin(sql: str) -> None:
    import asyncpg

    url = make_url(PG_ADMIN_URL)
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=5,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (its async URL)."""
    name = f"desmigratif_test_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, Exception) as exc:
        if REQUIRE_PG:
            pytest.fail(
                f"PostgreSQL required (DESMIGRATIF_REQUIRE_POSTGRES=1) but unreachable: {exc}"
            )
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = make_url(PG_ADMIN_URL).set(drivername="postgresql+asyncpg", database=name)
    yield url.render_as_string(hide_password=False)
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each backend: a SQLite file, and the session's PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
    url: str = request.getfixturevalue("pg_database")
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a fresh schema (tables from the models; migrations are tested apart)."""
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # shared by the session; migrations add views
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await conn.run_sync(METADATA.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A SQLite engine only, for tests about behaviour rather than the backend."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'flows.sqlite3'}")
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield engine
    await engine.dispose()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--rewrite-transcripts`` regenerates the golden chat transcripts after a reviewed change."""
    parser.addoption(
        "--rewrite-transcripts",
        action="store_true",
        help="rewrite tests/flows/transcripts/*.txt from the bot's current replies",
    )
