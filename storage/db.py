"""Database engines: SQLite (one file, the default) and PostgreSQL, configured for the bot.

SQLite gets WAL (readers never block the writer), foreign keys (off by default in SQLite) and a
busy timeout; the bot uses one connection so its short transactions queue instead of failing
with "database is locked". PostgreSQL gets a normal pool.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.sqlite_inline import InlineConnection, connect_inline

__all__ = ["create_engine", "default_sqlite_url", "is_sqlite", "sync_url"]


def default_sqlite_url(directory: Path) -> str:
    """The SQLite file used when DATABASE_URL is not set."""
    return f"sqlite+aiosqlite:///{directory / 'desmigratif.sqlite3'}"


def is_sqlite(url: str) -> bool:
    """True when ``url`` points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def sync_url(url: str) -> str:
    """The same database with its async driver named, e.g. postgresql:// → postgresql+asyncpg://."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    driver = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}.get(backend)
    if driver is None:
        raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql")
    return parsed.set(drivername=f"{backend}+{driver}").render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin


def _sqlite_begin(conn: Any) -> None:
    # The sqlite3 driver only opens a transaction at the first write, so SAVEPOINTs and reads
    # before it would escape the unit of work; begin explicitly (SQLAlchemy's SQLite recipe).
    # IMMEDIATE takes the write lock up front, so two processes wait instead of deadlocking.
    driver = conn.connection.driver_connection
    if isinstance(driver, InlineConnection):
        driver.begin_immediate()
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str, *, pool_size: int = 20, echo: bool = False) -> AsyncEngine:
    """An async engine for ``url`` with the settings this bot relies on."""
    url = sync_url(url)
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url,
            echo=echo,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            async_creator=partial(connect_inline, database or ":memory:"),
            json_serializer=_to_json,
            json_deserializer=orjson.loads,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    # A fixed pool (no overflow: a connection opened and closed per message costs more than
    # waiting for one) and no ping before each use (a round trip per message); a connection
    # found dead invalidates the pool and the runner retries that message once.
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=60,
        json_serializer=_to_json,
        json_deserializer=orjson.loads,
    )


def _to_json(value: object) -> str:
    """JSON columns through orjson: several times faster than ``json``, dataclasses included."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
