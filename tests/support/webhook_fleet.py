"""Several installed bot processes in webhook mode on one PostgreSQL database, and a driver
that posts updates to them the way Telegram does (one chat's updates one at a time).

Used by ``tests/e2e/test_two_processes.py`` and ``benchmarks/two_processes.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy.engine import make_url

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

__all__ = [
    "SECRET",
    "Fleet",
    "fresh_pg_database",
    "pg_admin",
    "text_update",
    "webhook_fleet",
]

SECRET = "fleet-secret_token"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def pg_admin(admin_url: str, sql: str) -> None:
    """Run one statement on the admin database (CREATE/DROP DATABASE)."""
    import asyncpg  # type: ignore[import-untyped]

    url = make_url(admin_url)
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


@contextlib.asynccontextmanager
async def fresh_pg_database(admin_url: str, prefix: str) -> AsyncIterator[str]:
    """A new, empty database on the server of ``admin_url`` (its asyncpg URL), dropped after."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    await pg_admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin_url).set(drivername="postgresql+asyncpg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        await pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    """A TCP port nothing listens on right now, for a bot's webhook server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def text_update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    """A private text message as Telegram posts it."""
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if text.startswith("/")
        else []
    )
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1763870400,
            "chat": {"id": chat, "type": "private", "first_name": "Siti"},
            "from": {"id": chat, "is_bot": False, "first_name": "Siti", "language_code": "id"},
            "text": text,
            "entities": entities,
        },
    }


class Fleet:
    """The running processes' webhook URLs and one HTTP session to post to them."""

    def __init__(self, api: FakeBotApi, processes: Sequence[BotProcess], urls: Sequence[str]):
        self.api = api
        self.processes = list(processes)
        self.urls = list(urls)
        self._session: aiohttp.ClientSession | None = None
        self._ids = itertools.count(1000)

    def next_update_id(self) -> int:
        """Update ids rise across all chats, as Telegram's do."""
        return next(self._ids)

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=200)
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=aiohttp.ClientTimeout(total=60)
            )
        return self._session

    async def post(self, process: int, update: dict[str, Any]) -> int:
        """POST one update to process ``process``'s webhook; the HTTP status (after its answer)."""
        headers = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
        async with self.session.post(
            self.urls[process], data=json.dumps(update), headers=headers
        ) as response:
            await response.read()
            return response.status

    async def talk(self, chat: int, script: Sequence[str], *, first: int = 0) -> list[int]:
        """Send ``script`` in one chat like Telegram: each update only after the previous one
        was answered, consecutive updates alternating between the processes. The update ids."""
        ids = []
        for index, text in enumerate(script):
            update_id = self.next_update_id()
            status = await self.post(
                (first + index) % len(self.urls), text_update(update_id, chat, text)
            )
            if status != 200:
                raise AssertionError(f"update {update_id} to chat {chat} got HTTP {status}")
            ids.append(update_id)
        return ids

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


async def _healthy(url: str, attempts: int = 200) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(attempts):
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.05)
    raise AssertionError(f"{url} not healthy within {attempts * 0.05:.0f} s")


@contextlib.asynccontextmanager
async def webhook_fleet(
    api: FakeBotApi, workdir: Path, database_url: str, count: int, **env: str
) -> AsyncIterator[Fleet]:
    """``count`` ``desmigratif run`` processes in webhook mode on ``database_url``.

    They start one after the other: the first migrates the fresh database, so the others find
    it up to date (migrations of one database are not meant to run twice at once).
    """
    processes: list[BotProcess] = []
    urls: list[str] = []
    fleet: Fleet | None = None
    try:
        for number in range(count):
            port = free_port()
            folder = workdir / f"bot{number}"
            folder.mkdir(parents=True, exist_ok=True)
            process = BotProcess(
                api,
                folder,
                DATABASE_URL=database_url,
                WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
                WEBHOOK_SECRET=SECRET,
                PORT=str(port),
                **env,
            )
            processes.append(process)
            await process.start(wait_for="setWebhook")
            await _healthy(f"http://127.0.0.1:{port}/healthz")
            urls.append(f"http://127.0.0.1:{port}/hook")
        fleet = Fleet(api, processes, urls)
        yield fleet
    finally:
        if fleet is not None:
            await fleet.close()
        codes = [await process.stop() for process in processes]
        if any(codes):
            logs = "\n".join(p.log()[-3000:] for p in processes)
            raise AssertionError(f"a bot process exited with {codes}:\n{logs}")
