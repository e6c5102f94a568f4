"""Composition: build the runner and its parts from Settings (shared by the bot and the console)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from flows.engine.i18n import Catalogs, load_catalogs
from flows.engine.runner import Runner
from flows.registry import FLOWS, build_engine, check_transitions, load_contents
from storage.db import create_engine
from storage.migrate import upgrade_async
from storage.outbox import OutboxStore
from storage.unit_of_work import SqlUnitOfWork

__all__ = ["Core", "build_core", "new_reference"]

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: references are read aloud


def new_reference(prefix: str) -> str:
    """A short reference a person can read out over the phone, e.g. ADU-7KQ2MX."""
    return f"{prefix}-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Core:
    """What every channel needs: the database, the runner, the outbox and the catalogs."""

    engine: AsyncEngine
    runner: Runner
    outbox: OutboxStore
    catalogs: Catalogs


async def build_core(settings: Settings, *, migrate: bool | None = None) -> Core:
    """Load content and catalogs (failing fast on errors), migrate if asked, build the runner."""
    problems = check_transitions(FLOWS)
    if problems:
        raise RuntimeError("flow transitions point nowhere: " + "; ".join(problems))
    content = load_contents()
    catalogs = load_catalogs()
    url = settings.database_url.reveal()
    if settings.auto_migrate if migrate is None else migrate:
        await upgrade_async(url)
    engine = create_engine(url)
    runner = Runner(
        engine=build_engine(),
        units=lambda: SqlUnitOfWork(engine),
        catalogs=catalogs,
        content=content,
        clock=_now,
        new_reference=new_reference,
        default_locale=settings.default_locale,
    )
    if settings.office_web:
        base = settings.office_web_url
        runner.web_link = lambda path: f"{base}{path}"
    return Core(engine=engine, runner=runner, outbox=OutboxStore(engine), catalogs=catalogs)
