"""Long polling that confirms an update to Telegram only after it is committed.

PTB's Updater confirms a batch as soon as it asks for the next one, so a crash could lose
updates it had fetched but not yet handled. Here each batch is handled concurrently (one lock
per chat keeps each chat in order) and the offset moves on only once every update in the batch
is committed to our database or has failed with a logged error.

Batches are fetched as raw JSON and parsed one update at a time (``bot.updates``): an update
python-telegram-bot cannot read is logged without its content, counted, confirmed and skipped,
while the rest of its batch is served at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.request import BaseRequest

from bot.outbound import retry_seconds
from bot.request import BotApi
from bot.updates import update_id_of

__all__ = ["CommitTracker", "FetchUpdates", "poll", "raw_updates"]

#: Asks the Bot API for the next batch: (offset, long-poll seconds) → raw update objects.
FetchUpdates = Callable[[int | None, int], Awaitable[Sequence[Any]]]

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


def raw_updates(
    request: BaseRequest, base_url: str, allowed_updates: Sequence[str] | None = None
) -> FetchUpdates:
    """``getUpdates`` through PTB's request layer (its error mapping), without PTB's parsing."""
    api = BotApi(request, base_url)

    async def fetch(offset: int | None, wait: int) -> Sequence[Any]:
        params: dict[str, Any] = {"timeout": wait}
        if offset is not None:
            params["offset"] = offset
        if allowed_updates is not None:
            params["allowed_updates"] = list(allowed_updates)
        result = await api.call("getUpdates", params, read_timeout=wait + 10)
        return result if isinstance(result, list) else []

    return fetch


async def poll(
    fetch: FetchUpdates,
    process: Callable[[object], Awaitable[None]],
    tracker: CommitTracker,
    stop: asyncio.Event,
    *,
    poll_seconds: int = 10,
) -> None:
    """Fetch updates until ``stop`` is set, handing each raw update to ``process``.

    ``process`` reads the update itself (one it cannot read is logged, counted and skipped),
    so one bad update never fails its batch.
    """
    offset: int | None = None
    tasks: set[asyncio.Task[None]] = set()
    delay = 1.0
    while not stop.is_set():
        try:
            batch = await _unless_stopped(fetch(offset, poll_seconds), stop)
            if batch is None:
                break
            delay = 1.0
        except (InvalidToken, Conflict):
            raise
        except RetryAfter as exc:
            await asyncio.sleep(retry_seconds(exc))
            continue
        except (NetworkError, TelegramError) as exc:
            log.warning("getUpdates failed (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
            continue
        ids = [i for i in map(update_id_of, batch) if i is not None]
        if not ids:
            continue
        waits = []
        for raw in batch:
            update_id = update_id_of(raw)
            if update_id is None:  # not an update at all: logged, counted, confirmed with the batch
                await process(raw)
                continue
            waits.append(tracker.expect(update_id))
            task = asyncio.create_task(_run(process, raw, update_id, tracker))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*waits)
        offset = max(ids) + 1
    if offset is not None:  # confirm the last batch so it is not delivered again
        try:
            await asyncio.wait_for(fetch(offset, 0), timeout=3)
        except (TelegramError, TimeoutError) as exc:
            log.warning("could not confirm the last updates: %s", exc)
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


async def _unless_stopped(
    call: Awaitable[Sequence[Any]], stop: asyncio.Event
) -> Sequence[Any] | None:
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
    process: Callable[[object], Awaitable[None]],
    raw: object,
    update_id: int,
    tracker: CommitTracker,
) -> None:
    try:
        await process(raw)
    finally:
        tracker.done(update_id)
