"""The Telegram bot: PTB Application, update handling, polling or webhook, outbox recovery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from functools import partial

from aiohttp import web
from sqlalchemy import text
from telegram import BotCommand, CallbackQuery, ChatMemberUpdated, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.inbound import CHANNEL, text_inbound, to_inbound
from bot.outbound import TelegramSender
from bot.polling import CommitTracker, poll, raw_updates
from bot.request import AiohttpRequest
from bot.settings import Settings
from bot.updates import UpdateReader
from bot.wiring import Core
from bot.worker import start_complaint_jobs, start_worker
from flows.engine.core import APOLOGY
from flows.engine.messages import Inbound, Reply
from flows.registry import MENU_COMMANDS
from storage.models import utcnow
from storage.outbox import PendingMessage

__all__ = ["ALLOWED_UPDATES", "TelegramBot"]

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class TelegramBot:
    """Runs the flows on Telegram."""

    def __init__(self, settings: Settings, core: Core) -> None:
        self.settings = settings
        self.core = core
        self._updates_request = AiohttpRequest(connection_pool_size=2)
        self.app: Application = (  # type: ignore[type-arg]
            ApplicationBuilder()
            .token(settings.require_token())
            .base_url(settings.telegram_api_base_url)
            .base_file_url(settings.telegram_api_file_url)
            .request(AiohttpRequest(connection_pool_size=128))
            .get_updates_request(self._updates_request)
            .updater(None)
            .build()
        )
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)
        self.sender = TelegramSender(
            self.app.bot, core.outbox, hold_for=float(settings.outbox_resend_after)
        )
        self.tracker = CommitTracker()
        self.reader = UpdateReader(self.app.bot)
        core.runner.link_for = self._link_for

    def _link_for(self, payload: str) -> str | None:
        """``https://t.me/<bot>?start=<payload>``, once the bot knows its username."""
        try:
            username = self.app.bot.username
        except RuntimeError:  # before initialize(): PTB does not know it yet
            return None
        return f"https://t.me/{username}?start={payload}"

    async def process(self, update: Update) -> None:
        """Handle one update through PTB's handlers (errors go to the error handler)."""
        await self.app.process_update(update)

    async def process_raw(self, data: object) -> None:
        """Handle one raw update: a plain text message directly, anything else through PTB.

        An update PTB cannot read is logged without its content, counted and skipped.
        """
        inbound = text_inbound(data) if isinstance(data, dict) else None
        if inbound is None:
            update = self.reader.read(data)
            if update is not None:
                await self.process(update)
            return
        try:
            await self._handle(inbound)
        except Exception:
            log.error("error handling update %s", inbound.update_id, exc_info=True)
            await self._apologise(inbound.chat_id)

    async def _handle(self, inbound: Inbound) -> None:
        update_id = inbound.update_id
        await self.core.runner.handle(
            inbound, self.sender.deliver, on_commit=lambda: self.tracker.done(update_id)
        )

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.my_chat_member is not None:
            await self._membership(update.my_chat_member)
            return
        inbound = to_inbound(update)
        if inbound is None:
            return
        try:  # the chat's lock is taken first, so a later message cannot overtake this tap
            await self._handle(inbound)
        finally:
            if update.callback_query is not None:
                await self._answer(update.callback_query)

    async def _answer(self, query: CallbackQuery) -> None:
        with contextlib.suppress(TelegramError):
            await query.answer()

    async def _membership(self, change: ChatMemberUpdated) -> None:
        """A person who blocks the bot is marked unreachable at once."""
        if change.chat.type == "private" and change.new_chat_member.status == "kicked":
            await self.core.outbox.mark_unreachable(CHANNEL, str(change.chat.id))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("error handling update %s", update_id, exc_info=context.error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.type == "private":
            await self._apologise(str(chat.id))

    async def _apologise(self, chat_id: str) -> None:
        """Tell the person something went wrong on our side (best effort)."""
        apology = self.core.catalogs.get(self.settings.default_locale).gettext(APOLOGY)
        with contextlib.suppress(Exception):
            await self.sender.send(chat_id, Reply(apology))

    async def _set_commands(self) -> None:
        for locale in self.core.catalogs.locales:
            translations = self.core.catalogs.get(locale)
            commands = [
                BotCommand(name, translations.gettext(desc)) for name, desc in MENU_COMMANDS
            ]
            language = None if locale == self.settings.default_locale else locale
            try:
                await self.sender.call(
                    partial(self.app.bot.set_my_commands, commands, language_code=language)
                )
            except TelegramError as exc:
                log.warning("could not set the %s command menu: %s", locale, exc)

    async def resend_stale(self) -> int:
        """Send replies left pending by an interrupted run, in their chats' order."""
        count = 0
        stale = timedelta(seconds=self.settings.outbox_resend_after)
        for message in await self.core.outbox.pending(older_than=stale, channel=CHANNEL):

            async def send(message: PendingMessage = message) -> None:
                # the live path may be sending it, or have sent it, while we waited for the lock;
                # another process may be sending it: the claim is taken atomically
                until = utcnow() + stale
                if not self.sender.owns(message.id) and await self.core.outbox.claim_for_resend(
                    message.id, until
                ):
                    await self.sender.deliver(message.chat_id, [message.reply], [message.id])

            await self.core.runner.locks.run(f"{CHANNEL}:{message.chat_id}", send)
            count += 1
        return count

    async def _recovery_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                resent = await self.resend_stale()
                if resent:
                    log.info("resent %d interrupted replies", resent)
            except Exception:
                log.exception("outbox recovery failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    stop.wait(), timeout=min(10.0, self.settings.outbox_resend_after)
                )

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set: long polling, or a webhook when WEBHOOK_URL is set."""
        await self.app.initialize()
        recovery = asyncio.create_task(self._recovery_loop(stop))
        recorder = asyncio.create_task(self.sender.sent.run(stop))
        deliveries = start_worker(self.settings, self.core.engine, self.app.bot, self.sender, stop)
        jobs = start_complaint_jobs(
            self.settings, self.core.engine, self.app.bot, self.core.catalogs, stop
        )
        try:
            await self._set_commands()
            if self.settings.webhook_url:
                await self._serve_webhook(stop)
            else:
                await self.sender.call(lambda: self.app.bot.delete_webhook())
                log.info("long polling %s", self.settings.telegram_api_base_url)
                site = await self._serve_office() if self.settings.office_web else None
                fetch = raw_updates(self._updates_request, self.app.bot.base_url, ALLOWED_UPDATES)
                try:
                    await poll(fetch, self.process_raw, self.tracker, stop)
                finally:
                    if site is not None:
                        await site.cleanup()
        finally:
            stop.set()
            await recovery
            await recorder
            if deliveries is not None:
                await deliveries
            if jobs is not None:  # a download under way may take long: not past 15 s
                with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(jobs, timeout=15.0)
            await self.app.shutdown()

    async def _serve_office(self) -> web.AppRunner | None:
        """In polling mode, serve the office web page on PORT (a busy port is logged, not fatal:
        residents' chats matter more than the office page)."""
        from bot.webhook import office_app

        runner = web.AppRunner(office_app(self))
        await runner.setup()
        try:
            await web.TCPSite(runner, "0.0.0.0", self.settings.port).start()
        except OSError as exc:
            log.error("office web page: cannot listen on port %d: %s", self.settings.port, exc)
            await runner.cleanup()
            return None
        log.info("office web page at %s/office/", self.settings.office_web_url)
        return runner

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        from bot.webhook import webhook_app

        await self.sender.call(
            lambda: self.app.bot.set_webhook(
                self.settings.webhook_url or "",
                secret_token=self.settings.webhook_secret.reveal(),
                allowed_updates=ALLOWED_UPDATES,
                max_connections=40,
            )
        )
        runner = web.AppRunner(webhook_app(self))
        await runner.setup()
        site = web.TCPSite(runner, "0.0.0.0", self.settings.port)
        await site.start()
        log.info(
            "webhook listening on port %d at %s", self.settings.port, self.settings.webhook_path
        )
        try:
            await stop.wait()
        finally:
            await runner.cleanup()

    async def healthy(self) -> bool:
        """True when the database answers."""
        try:
            async with self.core.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            log.exception("health check failed")
            return False
        return True
