"""Where the delivery worker runs: inside ``desmigratif run``, or as ``desmigratif worker``.

The complaint jobs (evidence copies, deadlines, draft reminders) run wherever the delivery
worker runs: one switch, RUN_DELIVERY_WORKER, says which process does background work.

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

from bot.checklist_jobs import ChecklistJobs
from bot.complaint_jobs import ComplaintJobs
from bot.deliveries import DeliveryWorker
from bot.export_jobs import ExportJobs
from bot.outbound import TelegramSender
from bot.parenting_jobs import ParentingJobs
from bot.request import AiohttpRequest
from bot.settings import Settings
from flows.engine.i18n import Catalogs, load_catalogs
from storage.checklist_jobs import ChecklistJobStore
from storage.complaint_jobs import ComplaintJobStore
from storage.db import create_engine
from storage.delivery_queue import DeliveryStore
from storage.migrate import upgrade_async
from storage.office_export_jobs import ExportJobStore
from storage.parenting_jobs import ParentingJobStore

__all__ = ["run_worker", "start_complaint_jobs", "start_worker"]

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
        files_dir=settings.files_dir,
    )
    return asyncio.create_task(worker.run(stop), name="delivery-worker")


def _jobs(settings: Settings, engine: AsyncEngine, bot: Bot, catalogs: Catalogs) -> ComplaintJobs:
    """The background jobs: complaints', with the checklists', parenting's and the office
    exports' rounds and the checklists' files in the same loop."""
    checklists = ChecklistJobStore(engine)
    rounds = ChecklistJobs(
        checklists, catalogs, settings.files_dir, default_locale=settings.default_locale
    )
    parenting = ParentingJobs(ParentingJobStore(engine), catalogs)
    exports = ExportJobs(ExportJobStore(engine), catalogs, settings.files_dir)
    return ComplaintJobs(
        bot,
        ComplaintJobStore(engine),
        catalogs,
        settings.files_dir,
        default_locale=settings.default_locale,
        file_stores=(checklists,),
        also=(rounds.run_round, parenting.run_round),
        often=(exports.run_round,),
    )


def start_complaint_jobs(
    settings: Settings, engine: AsyncEngine, bot: Bot, catalogs: Catalogs, stop: asyncio.Event
) -> asyncio.Task[None] | None:
    """Start the complaint jobs as a task of this process when RUN_DELIVERY_WORKER is on."""
    if not settings.run_delivery_worker:
        return None
    jobs = _jobs(settings, engine, bot, catalogs)
    return asyncio.create_task(jobs.run(stop), name="complaint-jobs")


async def run_worker(settings: Settings) -> None:
    """``desmigratif worker``: deliveries and the complaint jobs, until SIGTERM or SIGINT."""
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
        files_dir=settings.files_dir,
    )
    jobs = _jobs(settings, engine, bot, load_catalogs())
    try:
        async with bot:
            await asyncio.gather(worker.run(stop), jobs.run(stop))
    finally:
        await engine.dispose()
