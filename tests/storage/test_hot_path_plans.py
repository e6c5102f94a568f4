"""Every statement the hot path runs uses an index on the big tables, on both databases.

A conversation is driven through the real runner, the reply outbox is read back as the
recovery loop does, and the delivery worker claims its rows; each statement is captured and
explained. SQLite must not ``SCAN`` a big table; PostgreSQL, told to avoid sequential scans,
must still find an index (it falls back to ``Seq Scan`` only when none fits). Tables grow
with a district (100,000 residents, their outbox and deliveries), so a full scan there is
what would make the bot slower as the data grows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.delivery_queue import DeliveryStore
from storage.outbox import OutboxStore
from tests.support.chat import ChatTester, add_village, make_runner

BIG = ("residents", "conversations", "outbox", "deliveries", "unanswered_questions",
       "audit_log", "officers", "village_topics", "announcements")  # fmt: skip
SCRIPT = ("/start 3301012001", "Lewati", "ℹ️ Info migrasi aman", "Sebelum berangkat",
          "gmn caranya kerja ke taiwan", "menu", "📞 Kontak kantor desa",
          "siapa juara piala dunia", "/petugas")  # fmt: skip


async def _captured(engine: AsyncEngine) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        head = statement.lstrip().split(None, 1)[0].upper()
        if head in ("SELECT", "UPDATE", "DELETE", "WITH"):
            seen.append((statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await add_village(engine)
        chat = ChatTester(make_runner(engine), engine)
        for text_ in SCRIPT:
            await chat.send(text_)
        await OutboxStore(engine).pending(older_than=timedelta(seconds=30), channel="telegram")
        await DeliveryStore(engine).claim("worker-1", 50)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return seen


def _full_scans(line: str, postgres: bool) -> list[str]:
    """The big tables a plan line reads in full."""
    words = line.replace("(", " ").split()
    if postgres and "Seq Scan" in line:
        scanned = [words[words.index("on") + 1]]
    elif not postgres and words[:1] == ["SCAN"]:
        scanned = [words[1]]
    else:
        scanned = []
    return [table for table in scanned if table in BIG]


def test_the_plan_reader_notices_full_scans() -> None:
    assert _full_scans("SCAN residents", postgres=False) == ["residents"]
    assert _full_scans("SEARCH residents USING INDEX x (channel=?)", postgres=False) == []
    assert _full_scans("  ->  Seq Scan on outbox  (cost=0.00..1.01)", postgres=True) == ["outbox"]
    assert _full_scans("Index Scan using pk_outbox on outbox", postgres=True) == []
    assert _full_scans("SCAN villages", postgres=False) == []  # small: one row per village


async def test_the_hot_path_never_scans_a_big_table(engine: AsyncEngine) -> None:
    statements = await _captured(engine)
    assert len(statements) > 10
    problems = []
    async with engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            await conn.execute(text("SET enable_seqscan = off"))
        for statement, params in statements:
            prefix = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
            plan = [
                str(row[-1])
                for row in (await conn.exec_driver_sql(prefix + statement, params)).all()
            ]
            problems += [
                f"{line.strip()}  <-  {' '.join(statement.split()[:12])}"
                for line in plan
                if _full_scans(line, postgres)
            ]
        await conn.rollback()
    assert problems == []
