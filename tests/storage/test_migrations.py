"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

These tests deliberately avoid the ``engine`` fixture (which builds tables from the models): the
migrations have to create the schema themselves, and the result is compared with the models.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.db import create_engine
from storage.schema import METADATA

MODEL_TABLES = set(METADATA.tables)


async def _with_engine(url: str, fn: Any) -> Any:
    engine: AsyncEngine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _diff(sync_conn: Connection) -> list[Any]:
    # Same comparison options as storage/migrations/env.py uses for autogenerate; nothing is
    # ignored, so any drift between models and migrations (types, nullability, indexes,
    # constraints, comments on PostgreSQL) shows up here.
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return list(compare_metadata(context, METADATA))


def _tables(sync_conn: Connection) -> set[str]:
    return set(inspect(sync_conn).get_table_names())


def _revision(sync_conn: Connection) -> str | None:
    return MigrationContext.configure(sync_conn).get_current_revision()


async def test_upgrade_head_matches_the_models(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url)

    assert await _with_engine(empty_url, _tables) == MODEL_TABLES | {"alembic_version"}
    diff = await _with_engine(empty_url, _diff)
    assert diff == [], f"migrations and models disagree: {diff}"


async def test_upgrade_is_idempotent(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url)
    head = await _with_engine(empty_url, _revision)
    assert head is not None

    await asyncio.to_thread(migrate.upgrade, empty_url)  # already at head: a no-op

    assert await _with_engine(empty_url, _revision) == head


async def test_downgrade_to_base_and_back(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url)
    head = await _with_engine(empty_url, _revision)

    await asyncio.to_thread(migrate.downgrade, empty_url, "base")
    assert await _with_engine(empty_url, _tables) == {"alembic_version"}
    assert await _with_engine(empty_url, _revision) is None

    await asyncio.to_thread(migrate.upgrade, empty_url)
    assert await _with_engine(empty_url, _revision) == head
    assert await _with_engine(empty_url, _tables) == MODEL_TABLES | {"alembic_version"}


async def test_every_step_downgrades_cleanly(empty_url: str) -> None:
    """Each revision's downgrade undoes exactly its upgrade (walk down one step at a time)."""
    await asyncio.to_thread(migrate.upgrade, empty_url)
    seen = []
    while (revision := await _with_engine(empty_url, _revision)) is not None:
        seen.append(revision)
        await asyncio.to_thread(migrate.downgrade, empty_url, "-1")
        assert await _with_engine(empty_url, _revision) != revision
        assert len(seen) < 50, "downgrade does not make progress"
    assert await _with_engine(empty_url, _tables) == {"alembic_version"}
    assert len(seen) >= 2  # 0001 initial schema, 0002 unanswered questions


async def test_migrated_schema_accepts_the_bot_s_writes(empty_url: str) -> None:
    """A migrated (not create_all) database works with the real unit of work."""
    from flows.engine.messages import Inbound, Reply
    from flows.engine.ports import ConversationState
    from storage.unit_of_work import SqlUnitOfWork

    await asyncio.to_thread(migrate.upgrade, empty_url)
    engine = create_engine(empty_url)
    try:
        async with SqlUnitOfWork(engine) as uow:
            person = await uow.identify(Inbound("telegram", "42", "42", display_name="Siti"))
            await uow.save_state(person.id, ConversationState("start", "menu", {"a": 1}))
            ids = await uow.enqueue_replies(person.id, "telegram", "42", [Reply("Halo")])
            await uow.commit()
        assert len(ids) == 1
        async with SqlUnitOfWork(engine) as uow:
            again = await uow.identify(Inbound("telegram", "42", "42", display_name="Siti"))
            assert again.id == person.id and not again.is_new
            assert await uow.load_state(person.id) == ConversationState("start", "menu", {"a": 1})
    finally:
        await engine.dispose()


def _pragmas(url: str) -> tuple[str, int]:
    async def read() -> tuple[str, int]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                mode = (await conn.execute(text("PRAGMA journal_mode"))).scalar_one()
                fks = (await conn.execute(text("PRAGMA foreign_keys"))).scalar_one()
                return str(mode), int(fks)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_sqlite_file_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "bot.sqlite3"  # the folder does not exist yet
    url = f"sqlite+aiosqlite:///{path}"
    migrate.upgrade(url)

    assert _pragmas(url) == ("wal", 1)
    # WAL is a property of the file itself: a plain sqlite3 connection sees it too, while
    # foreign keys are per connection (off by default), which is why the engine turns them on.
    plain = sqlite3.connect(path)
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert plain.execute("PRAGMA foreign_keys").fetchone()[0] == 0
    finally:
        plain.close()
