"""The delivery worker: sends queued deliveries at Telegram's pace, in people's waking hours.

Why it works this way:
- Pace. Telegram allows about 30 messages a second per bot and about one per second per chat;
  past that it answers 429 and blocks the whole bot, conversations included. Sends are booked
  on one clock in the database (``DeliveryStore.book``), so any number of workers together
  stay under DELIVERY_RATE (default 25, leaving room for replies), with a 3% margin because a
  request that arrives a few milliseconds late must not make Telegram count one too many.
- Replies first. In ``desmigratif run`` the worker waits while the reply sender is held by a
  429, and a 429 it gets itself holds the replies and every other worker too.
- Every row ends readable: sent; unreachable (403); failed with Telegram's reason (400, or a
  timeout/5xx after a few tries with growing waits); back in the queue for its person's
  morning (quiet hours began) or for a retry; a worker killed mid-send leaves rows 'sending'
  that another run puts back after DELIVERY_LEASE_SECONDS (those few may arrive twice).
Logs name delivery ids only, never a person's text or name.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import secrets
import socket
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.delivery_send import message_calls
from bot.outbound import TelegramSender, retry_seconds
from storage.deliveries import quiet_hours_end
from storage.delivery_queue import ClaimedDelivery, DeliveryStore
from storage.models import utcnow

__all__ = ["MAX_ATTEMPTS", "DeliveryWorker", "new_worker_id"]

log = logging.getLogger(__name__)

#: Tries of one delivery before a timeout or 5xx makes it 'failed'.
MAX_ATTEMPTS = 4
#: Fraction of DELIVERY_RATE actually booked: room for network jitter (see module docstring).
_MARGIN = 0.97
#: Seconds between two messages to one chat (Telegram: about one a second).
_PER_CHAT = 1.1
#: 429s one delivery may meet in a row before it goes back to the queue.
_FLOOD_TRIES = 8
#: Rounds (a send, or a wait for a 429 to pass) one delivery gets before it is queued again.
_ROUNDS = 50


def new_worker_id() -> str:
    """A name for this worker that no other process shares (host, pid, random)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(3)}"


class DeliveryWorker:
    """Claims due deliveries in small batches and sends them, paced, until stopped."""

    def __init__(
        self,
        bot: Bot,
        store: DeliveryStore,
        *,
        rate: float = 25.0,
        lease: float = 60.0,
        replies: TelegramSender | None = None,
        worker_id: str | None = None,
        backoff: float = 5.0,
        idle: float = 1.0,
        clock: Callable[[], datetime] = utcnow,
        files_dir: Path | None = None,
    ) -> None:
        self.id = worker_id or new_worker_id()
        self._files_dir = files_dir  # local attachments (office exports) live under it
        self._bot = bot
        self._store = store
        self._pace = rate * _MARGIN
        self._lease = lease
        self._replies = replies
        self._backoff = backoff
        self._idle = idle
        self._clock = clock
        self._queue: deque[ClaimedDelivery] = deque()
        self._sending: dict[int, asyncio.Task[None]] = {}
        self._sent: list[int] = []
        self._held_until = 0.0  # monotonic; Telegram's 429
        self._epoch = 0  # bumped by each 429: slots booked before it are void
        self._chat_next: dict[str, float] = {}
        self._batch = max(2, math.ceil(self._pace))  # about a second of sending per claim
        self._chunk = max(1, math.ceil(self._pace / 4))  # slots booked a quarter second ahead

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set, then let sends under way finish and record them."""
        log.info("delivery worker %s started (%.1f messages/s)", self.id, self._pace)
        keeper = asyncio.create_task(self._keep(stop))
        try:
            while not stop.is_set():
                try:
                    if not await self._step(stop):
                        await self._rest(stop, self._idle)
                except Exception:
                    log.exception("delivery worker step failed; trying again shortly")
                    await self._rest(stop, self._idle)
        finally:
            await self._drain()
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            log.info("delivery worker %s stopped", self.id)

    async def _step(self, stop: asyncio.Event) -> bool:
        """Claim if the queue runs low, then book and start one chunk; False when idle."""
        await self._flush()
        if len(self._queue) <= self._batch // 2:
            claimed = await self._store.claim(
                self.id, self._batch - len(self._queue), self._clock()
            )
            self._queue.extend(claimed)
        if not self._queue:
            return False
        await self._wait_for_telegram()
        chunk: list[tuple[ClaimedDelivery, int]] = []
        messages = 0
        now = self._clock()
        while self._queue and messages < self._chunk:
            row = self._queue.popleft()
            morning = quiet_hours_end(now, row.timezone)
            if not row.urgent and morning > now:
                await self._store.postpone(row.id, morning)
                continue
            try:
                count = len(message_calls(self._bot, row.chat_id, row.payload, self._files_dir))
            except ValueError as exc:
                await self._store.mark_failed(row.id, f"cannot be sent: {exc}")
                continue
            chunk.append((row, count))
            messages += count
        if not chunk:
            return True
        start = await self._store.book(messages, self._pace, utcnow())
        first = time.monotonic() + (start - utcnow()).total_seconds()
        epoch, slot = self._epoch, 0
        for row, count in chunk:
            slots = [first + (slot + i) / self._pace for i in range(count)]
            slot += count
            self._sending[row.id] = asyncio.create_task(self._deliver(row, slots, epoch, stop))
        # book the next chunk only when this one is almost used: never far ahead of the clock
        await self._rest(stop, max(0.0, first + slot / self._pace - time.monotonic() - 0.05))
        return True

    async def _deliver(
        self, row: ClaimedDelivery, slots: list[float], epoch: int, stop: asyncio.Event
    ) -> None:
        """Send one delivery's messages at their slots; leave the row in a readable state."""
        try:
            calls = message_calls(self._bot, row.chat_id, row.payload, self._files_dir)
            index, floods = 0, 0
            for _ in range(_ROUNDS):  # bounded: each round sends, or waits out one 429
                if index >= len(calls):
                    break
                if epoch != self._epoch or index >= len(slots):  # a 429 voided our slots
                    await self._wait_for_telegram()
                    start = await self._store.book(len(calls) - index, self._pace, utcnow())
                    base = time.monotonic() + (start - utcnow()).total_seconds()
                    slots = [base + i / self._pace for i in range(len(calls) - index)]
                    epoch, index, calls = self._epoch, 0, calls[index:]
                at = max(slots[index], self._chat_next.get(row.chat_id, 0.0))
                await asyncio.sleep(max(0.0, at - time.monotonic()))
                replies = self._replies.paused_for() if self._replies is not None else 0.0
                if replies > 0:  # a reply met a 429: give way, and book again after it
                    self._hold(replies, tell_replies=False)
                if self._held_until > time.monotonic() or epoch != self._epoch:
                    continue
                self._chat_next[row.chat_id] = time.monotonic() + _PER_CHAT
                try:
                    await calls[index]()
                except RetryAfter as exc:
                    floods += 1
                    self._hold(retry_seconds(exc))
                    await self._store.hold_all(utcnow() + timedelta(seconds=retry_seconds(exc)))
                    if floods >= _FLOOD_TRIES or stop.is_set():
                        break
                    continue
                index += 1
            if index < len(calls):
                await self._store.retry_later(row.id, self._held_at(), "flood control")
                return
            self._sent.append(row.id)
        except Forbidden:
            log.info("delivery %d: the person blocked the bot", row.id)
            await self._store.mark_unreachable(row.id)
        except BadRequest as exc:
            log.warning("delivery %d refused by telegram: %s", row.id, exc.message)
            await self._store.mark_failed(row.id, f"telegram refused it: {exc.message}")
        except NetworkError as exc:  # timeouts, connection errors and 5xx
            await self._failed_attempt(row, f"telegram did not answer: {exc.message}")
        except Exception as exc:
            log.exception("delivery %d failed unexpectedly", row.id)
            await self._failed_attempt(row, f"unexpected error: {type(exc).__name__}")
        finally:
            self._sending.pop(row.id, None)

    async def _failed_attempt(self, row: ClaimedDelivery, reason: str) -> None:
        attempts = row.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            log.warning("delivery %d failed %d times; giving up", row.id, attempts)
            await self._store.mark_failed(row.id, f"{reason} (gave up after {attempts} tries)")
            return
        wait = timedelta(seconds=self._backoff * 2 ** (attempts - 1))
        log.info("delivery %d attempt %d failed; retrying in %s", row.id, attempts, wait)
        await self._store.retry_later(row.id, self._clock() + wait, reason)

    def _hold(self, seconds: float, *, tell_replies: bool = True) -> None:
        """Telegram said 429: nothing goes out (replies included) for ``seconds``."""
        until = time.monotonic() + seconds + (0.1 if tell_replies else 0.0)
        if until > self._held_until:
            self._held_until = until
            self._epoch += 1
            if tell_replies:
                log.warning("telegram flood control: deliveries pause for %.1f s", seconds)
        if tell_replies and self._replies is not None:
            self._replies.pause(seconds + 0.1)

    def _held_at(self) -> datetime:
        return self._clock() + timedelta(seconds=max(0.0, self._held_until - time.monotonic()))

    async def _wait_for_telegram(self) -> None:
        """Wait out a 429, ours or the reply sender's (replies go first)."""
        for _ in range(100):  # bounded: each round waits out one announced pause
            replies = self._replies.paused_for() if self._replies is not None else 0.0
            wait = max(self._held_until - time.monotonic(), replies)
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def _keep(self, stop: asyncio.Event) -> None:
        """Renew our leases, return crashed workers' rows, record sends, every few seconds."""
        lease = timedelta(seconds=self._lease)
        while not stop.is_set():
            try:
                released = await self._store.release_stale(lease)
                if released:
                    log.warning("%d deliveries left by a stopped worker queued again", released)
                held = [r.id for r in self._queue] + list(self._sending)
                await self._store.renew(self.id, held)
                self._chat_next = {c: t for c, t in self._chat_next.items() if t > time.monotonic()}
            except Exception:
                log.exception("delivery lease upkeep failed")
            await self._rest(stop, min(self._lease / 3, 10.0))

    async def _flush(self) -> None:
        sent, self._sent = self._sent, []
        if sent:
            await self._store.mark_sent(sent)

    async def _drain(self) -> None:
        """On stop: finish sends under way (bounded), record them, return unsent rows."""
        if self._sending:
            await asyncio.wait(list(self._sending.values()), timeout=15.0)
        for task in list(self._sending.values()):
            task.cancel()
        await self._flush()
        for row in self._queue:
            await self._store.postpone(row.id, self._clock())
        self._queue.clear()

    @staticmethod
    async def _rest(stop: asyncio.Event, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=seconds)
