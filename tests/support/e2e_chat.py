"""Talking to the real bot process through the fake Bot API, for the end-to-end tests.

One place for the few moves every journey needs (send and wait for a reply, find a button,
read the bot's SQLite database), so each e2e file reads as the journey it tests.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

__all__ = ["button", "daytime_zone", "db", "say", "shown", "wait"]

#: How long a reply may take: 400 × 50 ms (the bot process shares 2 cores with the suite).
_TRIES = 400


def db(bot: BotProcess, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Rows of one query on the bot process's own SQLite database."""
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


def shown(message: dict[str, object]) -> str:
    """What a person reads in one sent message: its text, or a file's caption."""
    return str(message.get("text", "") or message.get("caption", "") or "")


async def wait(api: FakeBotApi, chat: int, seen: int, expect: str, after: str) -> str:
    """The first message after the first ``seen`` ones that contains ``expect``."""
    for _ in range(_TRIES):
        for message in api.sent_messages(chat)[seen:]:
            if expect in shown(message):
                return shown(message)
        await asyncio.sleep(0.05)
    sent = api.sent_messages(chat)
    last = shown(sent[-1]) if sent else ""
    raise AssertionError(f"no reply with {expect!r} to {after!r}; last: {last!r}")


async def say(api: FakeBotApi, chat: int, text: str, expect: str) -> str:
    """Send ``text`` and wait for a reply containing ``expect``; returns that reply."""
    seen = len(api.sent_messages(chat))
    api.push_text(chat, text)
    return await wait(api, chat, seen, expect, text)


def button(api: FakeBotApi, chat: int, part: str) -> str:
    """The label of the last keyboard's button that contains ``part``."""
    keyboard = api.sent_messages(chat)[-1].get("reply_markup", {}).get("keyboard", [])
    return next(b["text"] for row in keyboard for b in row if part in b["text"])


def daytime_zone() -> str:
    """A time zone where it is daytime now, so a notice is not held for the morning.

    Notices respect a person's quiet hours (21:00–06:00 their time); a test that expects one
    at once moves its resident to such a zone, whatever the hour the suite runs at.
    """
    now = datetime.now(UTC)
    zones = (
        "Asia/Jakarta", "Europe/London", "America/New_York", "Pacific/Auckland",
        "Asia/Kolkata", "America/Los_Angeles", "Europe/Moscow", "Asia/Tokyo",
    )  # fmt: skip
    return next((z for z in zones if 8 <= now.astimezone(ZoneInfo(z)).hour < 19), zones[0])
