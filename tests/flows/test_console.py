"""The console channel: numbered buttons, typed answers, and nothing left pending in the outbox."""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.console import chat
from storage.models import OutboxMessage
from storage.outbox import OutboxStore
from tests.support.chat import add_village, make_runner


async def test_a_console_chat_shows_numbered_buttons_and_marks_replies_delivered(
    sqlite_engine: AsyncEngine,
) -> None:
    await add_village(sqlite_engine)
    typed = iter(["5", "3", "menu", "/keluar"])  # skip the one question, then the office
    out = io.StringIO()

    def read() -> str:
        return next(typed)

    runner = make_runner(sqlite_engine)
    await chat(
        runner,
        user="siti",
        read=read,
        out=out,
        first="/start 3301012001",
        delivered=OutboxStore(sqlite_engine).mark_sent,
    )
    text = out.getvalue()
    assert "🤖 Halo siti" in text and "mana yang paling sesuai" in text and "[5] Lewati" in text
    assert "[1] ℹ️ Info migrasi aman" in text
    assert "Kantor Desa Contoh" in text
    async with sqlite_engine.connect() as conn:
        statuses = {s for (s,) in (await conn.execute(select(OutboxMessage.status))).all()}
    assert statuses == {"sent"}
