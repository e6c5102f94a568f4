"""Logging setup: timestamps and levels, never a person's message text, name or phone number.

Our own log lines carry ids only. Libraries log data at DEBUG: python-telegram-bot whole
request parameters and responses ("Calling Bot API endpoint `getUpdates` … finished with
return value …"), aiosqlite and SQLAlchemy every statement with its parameters (names, texts).
``HidePersonalData`` blanks every argument of those libraries' records that is not a plain
word or number, whatever the level.
"""

from __future__ import annotations

import logging
import re

__all__ = ["HidePersonalData", "configure_logging"]

#: Libraries whose log records may carry what people wrote (as request or SQL parameters).
DATA_LOGGERS = frozenset({"telegram", "aiosqlite", "sqlalchemy", "asyncpg", "aiohttp"})
_PLAIN = re.compile(r"[A-Za-z0-9_./:-]{0,64}")
HIDDEN = "<hidden>"


def _plain(value: object) -> object:
    """Keep numbers and single words (endpoint names, ids); hide anything else."""
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, str) and _PLAIN.fullmatch(value):
        return value
    return HIDDEN


class HidePersonalData(logging.Filter):
    """Blanks the arguments of library log records that may carry personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's arguments in place; never drops a record."""
        if record.name.split(".", 1)[0] not in DATA_LOGGERS or not record.args:
            return True
        if isinstance(record.args, dict):
            record.args = {key: _plain(value) for key, value in record.args.items()}
        else:
            record.args = tuple(_plain(value) for value in record.args)
        return True


def configure_logging(level: str) -> None:
    """Log to stderr at ``level``; keep the HTTP client libraries quiet."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, HidePersonalData) for f in handler.filters):
            handler.addFilter(HidePersonalData())
    for noisy in ("httpx", "httpcore", "aiohttp.access", "telegram.ext", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
