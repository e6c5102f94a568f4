"""Configuration: one frozen Settings, built from the environment (and an optional .env) at startup.

This is the only module that reads the environment. Every value is cast and checked here; a
missing or bad value stops startup with the variable's name, and secrets never print.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from storage.db import default_sqlite_url

__all__ = ["Secret", "Settings", "SettingsError", "load_env_file", "settings_from_env"]

_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{5,100}$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_LOCALES = ("id", "en", "jv")


class SettingsError(ValueError):
    """A configuration value is missing or wrong; the message names the variable."""


class Secret:
    """A value that must not appear in logs, tracebacks or ``repr``."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself, for the one place that needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be 1 or 0 (got {raw!r})")


def _seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86400:
        raise SettingsError(f"{name} must be a number of seconds between 0 and 86400 (got {raw!r})")
    return value


def _rate(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1000:
        raise SettingsError(
            f"{name} must be a number of messages per second above 0, at most 1000 (got {raw!r})"
        )
    return value


def _url(name: str, raw: str, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not parsed.netloc:
        raise SettingsError(f"{name} must be a {' or '.join(schemes)} URL (got {raw!r})")
    return raw


def _directory(name: str, raw: str, default: Path) -> Path:
    """A folder the bot may create (absolute; it need not exist yet, but must not be a file)."""
    path = (Path(raw).expanduser() if raw else default).absolute()
    if path.exists() and not path.is_dir():
        raise SettingsError(f"{name} must be a folder, but {str(path)!r} is a file")
    return path


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot can be configured with."""

    telegram_bot_token: Secret
    telegram_api_base_url: str
    telegram_api_file_url: str
    database_url: Secret
    webhook_url: str | None
    webhook_secret: Secret
    port: int
    default_locale: str
    log_level: str
    auto_migrate: bool
    outbox_resend_after: float = 30.0
    delivery_rate: float = 25.0
    run_delivery_worker: bool = True
    delivery_lease_seconds: float = 60.0
    files_dir: Path = Path("data/files")
    #: The office's read-only web page (``/office/``): served in polling mode too when on.
    office_web: bool = False
    #: The public base address used in ``/web`` sign-in links (no trailing slash).
    office_web_url: str = "http://127.0.0.1:8080"

    @property
    def office_web_secure(self) -> bool:
        """Session cookies are marked Secure when the office page is reached over HTTPS."""
        return self.office_web_url.startswith("https://")

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts updates to, taken from WEBHOOK_URL."""
        path = urlparse(self.webhook_url or "").path
        return path if path and path != "/" else "/telegram"

    def require_token(self) -> str:
        """The bot token, or a clear error when running the bot without one."""
        if not self.telegram_bot_token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is required to run the bot (get one from @BotFather)"
            )
        return self.telegram_bot_token.reveal()

    @classmethod
    def from_mapping(cls, env: Mapping[str, str], *, data_dir: Path | None = None) -> Settings:
        """Build and validate settings from ``env`` (the process environment, or a test's dict)."""

        def get(name: str, default: str = "") -> str:
            return env.get(name, "").strip() or default  # empty means unset

        token = get("TELEGRAM_BOT_TOKEN")
        if token and not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)"
            )
        base = _url(
            "TELEGRAM_API_BASE_URL", get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot")
        )
        files = _url(
            "TELEGRAM_API_FILE_URL",
            get("TELEGRAM_API_FILE_URL", "https://api.telegram.org/file/bot"),
        )
        directory = data_dir or Path.cwd() / "data"
        database = get("DATABASE_URL") or default_sqlite_url(directory)
        if not re.match(r"^(sqlite|postgresql|postgres)(\+\w+)?://", database):
            raise SettingsError("DATABASE_URL must start with sqlite:// or postgresql://")
        database = re.sub(r"^postgres(\+\w+)?://", r"postgresql\1://", database)
        webhook_url = get("WEBHOOK_URL") or None
        secret = get("WEBHOOK_SECRET")
        if webhook_url:
            _url("WEBHOOK_URL", webhook_url, schemes=("https", "http"))
            if not secret:
                raise SettingsError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        if secret and not _WEBHOOK_SECRET.match(secret):
            raise SettingsError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        port_raw = get("PORT", "8080")
        if not (port_raw.isascii() and port_raw.isdigit()) or not 0 < int(port_raw) < 65536:
            raise SettingsError(f"PORT must be a port number (got {port_raw!r})")
        locale = get("DEFAULT_LOCALE", "id").lower()
        if locale not in _LOCALES:
            raise SettingsError(
                f"DEFAULT_LOCALE must be one of {', '.join(_LOCALES)} (got {locale!r})"
            )
        level = get("LOG_LEVEL", "INFO").upper()
        if level not in _LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(_LEVELS)} (got {level!r})")
        return cls(
            telegram_bot_token=Secret(token),
            telegram_api_base_url=base,
            telegram_api_file_url=files,
            database_url=Secret(database),
            webhook_url=webhook_url,
            webhook_secret=Secret(secret),
            port=int(port_raw),
            default_locale=locale,
            log_level=level,
            auto_migrate=_bool("AUTO_MIGRATE", get("AUTO_MIGRATE", "1")),
            outbox_resend_after=_seconds("OUTBOX_RESEND_AFTER", get("OUTBOX_RESEND_AFTER", "30")),
            delivery_rate=_rate("DELIVERY_RATE", get("DELIVERY_RATE", "25")),
            run_delivery_worker=_bool("RUN_DELIVERY_WORKER", get("RUN_DELIVERY_WORKER", "1")),
            delivery_lease_seconds=_seconds(
                "DELIVERY_LEASE_SECONDS", get("DELIVERY_LEASE_SECONDS", "60")
            ),
            files_dir=_directory("FILES_DIR", get("FILES_DIR"), directory / "files"),
            # on by default where the web server runs anyway (webhook mode); in polling mode
            # it opens PORT, so it is asked for
            office_web=_bool("OFFICE_WEB", get("OFFICE_WEB", "1" if webhook_url else "0")),
            office_web_url=_url(
                "OFFICE_WEB_URL", get("OFFICE_WEB_URL", f"http://127.0.0.1:{port_raw}")
            ).rstrip("/"),
        )


def load_env_file(path: Path) -> dict[str, str]:
    """Read ``KEY=value`` lines from a .env file (comments and blank lines skipped)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.removeprefix("export ").partition("=")
        if not sep:
            raise SettingsError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()  # KEY=value  # comment
        values[key.strip()] = value
    return values


def settings_from_env(env_file: Path | None = None) -> Settings:
    """Settings from the process environment, over the values of ``.env`` in the current folder."""
    merged = {**load_env_file(env_file or Path.cwd() / ".env"), **os.environ}
    settings = Settings.from_mapping(merged)
    logging.getLogger(__name__).debug("settings loaded: %r", settings)
    return settings
