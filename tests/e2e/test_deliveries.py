"""End to end: the installed ``desmigratif run`` delivers an announcement queued in its database.

Rows are queued directly in the bot's SQLite file (as the announcements capability will, in its
own transaction); the bot is SIGKILLed halfway and restarted: every resident still gets the
message, and only the few in flight at the kill may get it twice.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from storage.db import create_engine
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Resident, table_of
from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

CHATS = list(range(7000, 7060))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        fake.enforce_flood_control(per_second=20)
        yield fake


async def _announce(bot: BotProcess) -> None:
    engine = create_engine(bot.env["DATABASE_URL"])
    residents = table_of(Resident)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(residents),
                [{"channel": "telegram", "external_id": str(c), "chat_id": str(c)} for c in CHATS],
            )
            ids = dict((await conn.execute(select(residents.c.chat_id, residents.c.id))).all())
            await enqueue_deliveries(
                conn,
                kind="announcement",
                source_id=1,
                recipients=[Recipient(ids[str(c)], "telegram", str(c)) for c in CHATS],
                payload={"text": "Pengumuman: rapat desa hari Sabtu."},
                send_at=datetime.now(UTC),
                urgent=True,  # the test must not depend on the hour it runs at
            )
    finally:
        await engine.dispose()


def _in_flight(bot: BotProcess) -> int:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return int(
            conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sending'").fetchone()[0]
        )


async def test_an_announcement_survives_a_kill_and_reaches_everyone(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = BotProcess(api, tmp_path, DELIVERY_RATE="20", DELIVERY_LEASE_SECONDS="2")
    assert bot.cli("migrate").returncode == 0
    await _announce(bot)
    await bot.start()
    try:
        for _ in range(200):  # about a third delivered, then the power goes
            if sum(1 for c in CHATS if api.sent_messages(c)) >= 20:
                break
            await asyncio.sleep(0.05)
        bot.kill()
        in_flight = _in_flight(bot)
        assert sum(1 for c in CHATS if api.sent_messages(c)) < len(CHATS)
        await bot.start()
        for _ in range(300):  # at most 30 s
            if all(api.sent_messages(c) for c in CHATS):
                break
            await asyncio.sleep(0.1)
    finally:
        await bot.stop()
    received = [len(api.sent_messages(c)) for c in CHATS]
    assert min(received) == 1, "someone never got the announcement"
    assert sum(received) - len(CHATS) <= in_flight  # only rows in flight at the kill repeat
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        states = dict(conn.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status"))
    assert states == {"sent": len(CHATS)}
    assert "Pengumuman" not in bot.log()  # no message text in the log
