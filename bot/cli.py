"""The ``desmigratif`` command: run, worker, migrate, chat, village …, officer …, content …,
export …, import …, report ….

This is the composition root: it reads Settings once and wires everything together.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import getpass
import logging
import signal
import sys
from collections.abc import Sequence

from bot.admin_cli import add_admin_commands, run_admin
from bot.content_cli import add_content_commands, run_content
from bot.export_cli import add_export_commands
from bot.import_cli import add_import_commands
from bot.logs import configure_logging
from bot.report_cli import add_report_commands
from bot.settings import Settings, SettingsError, settings_from_env
from storage.admin import VillageRegions
from storage.models import VILLAGE_ROLES

__all__ = ["main"]

log = logging.getLogger("desmigratif")

DEMO_VILLAGE = ("3301012001", "Desa Contoh")
DEMO_REGIONS = VillageRegions("Jawa Tengah", "Kabupaten Cilacap", "Contoh")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desmigratif", description="Desmigratif village migration desk bot"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "run", help="run the Telegram bot (long polling, or webhook when WEBHOOK_URL is set)"
    )
    sub.add_parser("migrate", help="bring the database schema up to date")
    sub.add_parser(
        "worker",
        help="send queued deliveries (announcements…) at Telegram's pace and run the complaint "
        "jobs (evidence copies, deadlines, draft reminders)",
    )
    chat = sub.add_parser("chat", help="chat with the bot in this terminal (no Telegram)")
    chat.add_argument(
        "--demo", action="store_true", help="also register the demo village 3301012001"
    )
    chat.add_argument(
        "--user", default="", help="who you are in the console chat (default: your login)"
    )
    chat.add_argument(
        "--as",
        dest="as_role",
        choices=VILLAGE_ROLES,
        help="with --demo: act as an officer of the demo village in this role",
    )
    add_admin_commands(sub)
    add_content_commands(sub)
    add_export_commands(sub)
    add_report_commands(sub)
    add_import_commands(sub)
    return parser


async def _run(settings: Settings) -> None:
    from bot.app import TelegramBot
    from bot.wiring import build_core

    core = await build_core(settings)
    bot = TelegramBot(settings, core)
    # The content and its search indexes live as long as the process: keep them out of the
    # garbage collector's full passes, which otherwise pause every chat for milliseconds.
    gc.collect()
    gc.freeze()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await bot.run(stop)
    finally:
        await core.engine.dispose()


async def _chat(settings: Settings, demo: bool, user: str, as_role: str | None) -> None:
    from bot.console import chat
    from bot.wiring import build_core
    from storage.admin import AdminError, AdminStore

    core = await build_core(settings, migrate=True)
    user = user or getpass.getuser()
    try:
        if demo:
            store = AdminStore(core.engine)
            with contextlib.suppress(AdminError):  # already there from an earlier demo
                await store.add_village(
                    *DEMO_VILLAGE, "Asia/Jakarta", actor="demo", regions=DEMO_REGIONS
                )
            if as_role:
                with contextlib.suppress(AdminError):  # already that role
                    await store.add_officer(
                        user, as_role, village_code=DEMO_VILLAGE[0], channel="console", actor="demo"
                    )
                print(f"Anda petugas ({as_role}) {DEMO_VILLAGE[1]}: ketik /petugas.")
        print("Ketik pesan Anda (atau /keluar untuk berhenti). Type /quit to stop.")
        first = f"/start {DEMO_VILLAGE[0]}" if demo else "/start"
        await chat(
            core.runner,
            user=user,
            first=first,
            delivered=core.outbox.mark_sent,
        )
    finally:
        await core.engine.dispose()


async def _admin(settings: Settings, args: argparse.Namespace) -> None:
    from storage.admin import AdminStore
    from storage.db import create_engine
    from storage.migrate import upgrade_async

    url = settings.database_url.reveal()
    if settings.auto_migrate:
        await upgrade_async(url)
    engine = create_engine(url)
    try:
        await run_admin(AdminStore(engine), args)
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "content":
        # reads only the packaged content files: works without a database or a .env
        from flows.engine.content import ContentError

        try:
            run_content(args)
        except ContentError as exc:
            print(f"content error: {exc}", file=sys.stderr)
            return 2
        return 0
    try:
        settings = settings_from_env()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    from storage.admin import AdminError

    try:
        if args.command == "run":
            asyncio.run(_run(settings))
        elif args.command == "migrate":
            from storage.migrate import upgrade

            upgrade(settings.database_url.reveal())
            print("database schema is up to date")
        elif args.command == "worker":
            from bot.worker import run_worker

            asyncio.run(run_worker(settings))
        elif args.command == "export":
            from bot.export_cli import run_export
            from storage.exports import ExportError

            try:
                asyncio.run(run_export(settings, args))
            except ExportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        elif args.command == "report":
            from bot.report_cli import run_report
            from storage.monthly_report import ReportError

            try:
                asyncio.run(run_report(settings, args))
            except ReportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        elif args.command == "import":
            from bot.import_cli import run_import
            from storage.household_import import HouseholdImportError

            try:
                return asyncio.run(run_import(settings, args))
            except HouseholdImportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        elif args.command == "chat":
            if args.as_role and not args.demo:
                raise SettingsError("--as works with --demo (the demo village)")
            asyncio.run(_chat(settings, args.demo, args.user, args.as_role))
        else:
            asyncio.run(_admin(settings, args))
    except (SettingsError, AdminError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
