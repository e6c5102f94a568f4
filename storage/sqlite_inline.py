"""aiosqlite without its thread: every SQLite call runs at once on the event loop's thread.

Why: aiosqlite sends each statement to a worker thread and wakes the event loop again when it
is done, and that hop costs more CPU than the statement itself (a message's unit of work is a
handful of statements that take tens of microseconds each on a local WAL file). The bot has
one SQLite connection anyway (SQLite has one writer), so running the calls in place changes
no ordering; it trades the hops for short, bounded blocking of the loop. PostgreSQL (asyncpg)
is unaffected.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from typing import Any

import aiosqlite

__all__ = ["InlineConnection", "connect_inline"]


class _RunAtOnce:
    """Stands in for aiosqlite's queue to its thread (SQLAlchemy's adapter puts work on it)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        """Run the queued function now and settle its future."""
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to whoever awaits the future
            if future is not None and not future.done():
                future.set_exception(exc)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An ``aiosqlite.Connection`` that runs each call inline instead of on its thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunAtOnce()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        return self._connect().__await__()  # no worker thread to start

    async def _connect(self) -> aiosqlite.Connection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    def stop(self) -> None:
        """Close the sqlite3 connection (there is no thread to stop)."""
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        """Close the connection."""
        self.stop()

    def begin_immediate(self) -> None:
        """``BEGIN IMMEDIATE`` at once (SQLAlchemy's own path costs more than the statement)."""
        self._conn.execute("BEGIN IMMEDIATE")


def connect_inline(database: str, **kwargs: Any) -> InlineConnection:
    """What SQLAlchemy's aiosqlite dialect calls instead of ``aiosqlite.connect``."""
    kwargs.pop("iter_chunk_size", None)
    kwargs.setdefault("check_same_thread", False)
    return InlineConnection(lambda: sqlite3.connect(database, **kwargs))
