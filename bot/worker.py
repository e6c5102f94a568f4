"""Where the delivery worker runs: inside ``desmigratif run``, or as ``desmigratif worker``.

Why both: a village server runs one process (SQLite has one writer; the bot's worker shares
its reply sender, so it can give way to replies). A larger deployment on PostgreSQL runs web
processes with RUN_DELIVERY_WORKER=0 and one or more ``desmigratif worker`` processes; they
share the pace through the database, so adding a worker never adds to Telegram's load.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.deliveries import DeliveryWorker
from bot.outbound import TelegramSender
from bot.request import AiohttpRequest
from bot.settings import Settings
from storage.db import create_engine
from storage.delivery_queue import DeliveryStore
from storage.migrate import upgrade_async

__all__ = ["run_worker", "start_worker"]

log = logging.getLogger(__name__)


def start_worker(
    settings: Settings,
    engine: AsyncEngine,
    bot: Bot,
    replies: TelegramSender | None,
    stop: asyncio.Event,
) -> asyncio.Task[None] | None:
    """Start the worker as a task of this process when RUN_DELIVERY_WORKER is on."""
    if not settings.run_delivery_worker:
        log.info("delivery worker off in this process (RUN_DELIVERY_WORKER=0)")
        return None
    worker = DeliveryWorker(
        bot,
        DeliveryStore(engine),
        rate=settings.delivery_rate,
        lease=settings.delivery_lease_seconds,
        replies=replies,
    )
    return asyncio.create_task(worker.run(stop), name="delivery-worker")


async def run_worker(settings: Settings) -> None:
    """``desmigratif worker``: only deliveries, until SIGTERM or SIGINT."""
    url = settings.database_url.reveal()
    if settings.auto_migrate:
        await upgrade_async(url)
    engine = create_engine(url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    request = AiohttpRequest(connection_pool_size=64)
    bot = Bot(
        settings.require_token(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
        request=request,
    )
    worker = DeliveryWorker(
        bot,
        DeliveryStore(engine),
        rate=settings.delivery_rate,
        lease=settings.delivery_lease_seconds,
    )
    try:
        async with bot:
            await worker.run(stop)
    finally:
        await engine.dispose()
