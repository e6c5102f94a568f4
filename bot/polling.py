"""Long polling that confirms an update to Telegram only after it is committed.

PTB's Updater confirms a batch as soon as it asks for the next one, so a crash could lose
updates it had fetched but not yet handled. Here each batch is handled concurrently (one lock
per chat keeps each chat in order) and the offset moves on only once every update in the batch
is committed to our database or has failed with a logged error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.outbound import retry_seconds

__all__ = ["CommitTracker", "poll"]

log = logging.getLogger(__name__)


class CommitTracker:
    """Futures that resolve when an update's transaction is committed (or its handling ends)."""

    def __init__(self) -> None:
        self._futures: dict[int, asyncio.Future[None]] = {}

    def expect(self, update_id: int) -> asyncio.Future[None]:
        """Start waiting for ``update_id``."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._futures[update_id] = future
        return future

    def done(self, update_id: int | None) -> None:
        """Mark ``update_id`` as safe to confirm."""
        if update_id is None:
            return
        future = self._futures.pop(update_id, None)
        if future is not None and not future.done():
            future.set_result(None)


async def poll(
    bot: Bot,
    process: Callable[[Update], Awaitable[None]],
    tracker: CommitTracker,
    stop: asyncio.Event,
    *,
    poll_seconds: int = 10,
    allowed_updates: list[str] | None = None,
) -> None:
    """Fetch updates until ``stop`` is set, handing each to ``process`` in its own task."""
    offset: int | None = None
    tasks: set[asyncio.Task[None]] = set()
    delay = 1.0
    while not stop.is_set():
        try:
            updates = await _unless_stopped(
                bot.get_updates(
                    offset=offset,
                    timeout=poll_seconds,
                    allowed_updates=allowed_updates,
                    read_timeout=poll_seconds + 10,
                ),
                stop,
            )
            if updates is None:
                break
            delay = 1.0
        except (InvalidToken, Conflict):
            raise
        except RetryAfter as exc:
            await asyncio.sleep(retry_seconds(exc))
            continue
        except (NetworkError, TelegramError, TypeError, ValueError, KeyError) as exc:
            # TypeError/ValueError: an update this PTB version cannot parse; logged, retried
            log.warning("getUpdates failed (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
            continue
        if not updates:
            continue
        waits = []
        for update in updates:
            waits.append(tracker.expect(update.update_id))
            task = asyncio.create_task(_run(process, update, tracker))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*waits)
        offset = updates[-1].update_id + 1
    if offset is not None:  # confirm the last batch so it is not delivered again
        try:
            await bot.get_updates(offset=offset, timeout=0, read_timeout=2)
        except TelegramError as exc:
            log.warning("could not confirm the last updates: %s", exc)
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


async def _unless_stopped(
    call: Awaitable[tuple[Update, ...]], stop: asyncio.Event
) -> tuple[Update, ...] | None:
    """The result of ``call``, or None when ``stop`` is set first (no waiting out a long poll)."""
    fetch = asyncio.ensure_future(call)
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if fetch.done():
        stopped.cancel()
        return fetch.result()
    fetch.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await fetch
    return None


async def _run(
    process: Callable[[Update], Awaitable[None]], update: Update, tracker: CommitTracker
) -> None:
    try:
        await process(update)
    finally:
        tracker.done(update.update_id)
