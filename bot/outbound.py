"""Reply → Bot API calls, with Telegram's limits and failures handled.

Long text is split at paragraph or line breaks under 4096 characters; buttons go on the last
part. A 429 pauses every send for ``retry_after`` seconds (Telegram throttles the whole bot),
timeouts and 5xx are retried with backoff, a 403 marks the person unreachable, and a 400 is
logged and given up on. Sent messages are marked in the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import (
    Bot,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.request import BotApi
from flows.engine.messages import Reply
from storage.models import utcnow
from storage.outbox import OutboxStore, SentRecorder

__all__ = [
    "MAX_MESSAGE",
    "TelegramSender",
    "Unreachable",
    "markup_json",
    "retry_seconds",
    "split_text",
]

log = logging.getLogger(__name__)

MAX_MESSAGE = 4096
_RETRIES = 5


class Unreachable(Exception):
    """The person blocked the bot or deleted their account."""


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait (PTB gives an int or a timedelta, by version setting)."""
    wait = exc.retry_after
    return float(wait) if isinstance(wait, int | float) else wait.total_seconds()


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` characters, at the gentlest break available."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not parts:
        parts.append(rest)
    return parts


def markup_json(reply: Reply) -> dict[str, Any] | None:
    """``reply_markup`` as the Bot API's JSON, without building PTB objects on the hot path."""
    if reply.actions:
        return {
            "inline_keyboard": [[{"text": a.label, "callback_data": a.id}] for a in reply.actions]
        }
    if reply.choices:
        return {"keyboard": [[{"text": c.label}] for c in reply.choices], "resize_keyboard": True}
    if reply.remove_keyboard:
        return {"remove_keyboard": True}
    return None


class TelegramSender:
    """Sends replies for one bot, sharing Telegram's flood-wait across all chats."""

    def __init__(
        self, bot: Bot, outbox: OutboxStore, *, backoff: float = 0.5, hold_for: float = 0.0
    ) -> None:
        self._bot = bot
        #: A delivery still running after half of this holds its outbox rows for this long
        #: again, so another process's recovery does not resend them (0: one process only).
        self._hold_for = hold_for
        self._api = BotApi(bot.request, bot.base_url)
        self._outbox = outbox
        self.sent = SentRecorder(outbox)
        self._delivering: set[int] = set()
        self._backoff = backoff
        self._paused_until = 0.0

    def owns(self, message_id: int) -> bool:
        """True while this process is sending the message or has sent it but not recorded it."""
        return message_id in self._delivering or message_id in self.sent

    async def _wait_for_flood(self) -> None:
        delay = self._paused_until - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    def paused_for(self) -> float:
        """Seconds until Telegram lets this bot send again (0 when it may send now)."""
        return max(0.0, self._paused_until - time.monotonic())

    def pause(self, seconds: float) -> None:
        """Hold every reply for ``seconds`` (Telegram's 429 applies to the whole bot)."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def call(self, action: Callable[[], Awaitable[Any]]) -> Any:
        """Run one Bot API call with Telegram's failure modes handled."""
        for attempt in range(1, _RETRIES + 1):
            await self._wait_for_flood()
            try:
                return await action()
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                self.pause(seconds + 0.1)
                log.warning("telegram flood control: pausing sends for %.1f s", seconds)
            except Forbidden as exc:
                raise Unreachable(str(exc)) from exc
            except BadRequest:
                raise
            except NetworkError as exc:  # timeouts, connection errors and 5xx
                if attempt == _RETRIES:
                    raise
                log.warning("telegram call failed (%s), retry %d", exc, attempt)
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        raise NetworkError("telegram kept refusing: gave up after retries")

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send one reply, split if it is too long, with its buttons on the last part."""
        parts = split_text(reply.text)
        markup = markup_json(reply)
        for index, part in enumerate(parts):
            params: dict[str, Any] = {"chat_id": chat_id, "text": part}
            if markup is not None and index == len(parts) - 1:
                params["reply_markup"] = markup
            await self.call(partial(self._api.call, "sendMessage", params))

    async def deliver(
        self, chat_id: str, replies: Sequence[Reply], outbox_ids: Sequence[int]
    ) -> None:
        """Send a message's replies in order and record the outcome in the outbox."""
        sent: list[int] = []
        ids = list(outbox_ids) or [0] * len(replies)
        self._delivering.update(ids)
        holding = _Holding(self._outbox, ids, self._hold_for) if self._hold_for > 0 else None
        try:
            for reply, outbox_id in zip(replies, ids, strict=False):
                await self.send(chat_id, reply)
                sent.append(outbox_id)
        except Unreachable:
            log.info("chat %s blocked the bot; marked unreachable", chat_id)
            await self._outbox.mark_unreachable("telegram", chat_id)
            await self._outbox.mark_failed(ids[len(sent) :], "blocked by the user", final=True)
        except BadRequest as exc:
            log.error("telegram refused a reply to chat %s: %s", chat_id, exc)
            await self._outbox.mark_failed(ids[len(sent) :], f"bad request: {exc}", final=True)
        except TelegramError as exc:
            log.error("could not deliver to chat %s: %s (will retry later)", chat_id, exc)
            await self._outbox.mark_failed(ids[len(sent) :], str(exc), final=False)
        finally:
            if holding is not None:
                holding.stop()
            self.sent.record(sent)
            self._delivering.difference_update(ids)


class _Holding:
    """While a slow delivery runs, keep re-holding its outbox rows for this process.

    Costs nothing for a quick send: the first hold is written only after half the window.
    """

    def __init__(self, outbox: OutboxStore, ids: Sequence[int], hold_for: float) -> None:
        self._outbox = outbox
        self._ids = [i for i in ids if i]
        self._hold_for = hold_for
        self._loop = asyncio.get_running_loop()
        self._tasks: set[asyncio.Task[None]] = set()
        self._handle = self._loop.call_later(hold_for / 2, self._renew) if self._ids else None

    def _renew(self) -> None:
        task = self._loop.create_task(self._write())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._handle = self._loop.call_later(self._hold_for / 2, self._renew)

    async def _write(self) -> None:
        until = utcnow() + timedelta(seconds=self._hold_for)
        try:
            await self._outbox.hold(self._ids, until)
        except Exception:
            log.exception("could not hold outbox messages %s", self._ids)

    def stop(self) -> None:
        """The delivery is over: no more holds."""
        if self._handle is not None:
            self._handle.cancel()
