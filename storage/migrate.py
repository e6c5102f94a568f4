"""Bring the schema up to date with Alembic, without an alembic.ini on disk.

The migration scripts ship inside the installed package, so ``pip install .`` followed by
``desmigratif migrate`` works from any directory.
"""

from __future__ import annotations

import asyncio
from importlib import resources

from alembic import command
from alembic.config import Config

from storage.db import sync_url

__all__ = ["alembic_config", "downgrade", "upgrade", "upgrade_async"]


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and ``url``."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` (call outside a running event loop)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Downgrade the database at ``url``."""
    command.downgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Upgrade from inside an event loop (Alembic's async env runs its own loop in a thread)."""
    await asyncio.to_thread(upgrade, url, revision)
