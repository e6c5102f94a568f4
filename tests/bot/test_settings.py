"""Configuration: defaults, every refused value named, secrets kept out of sight, .env handling."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.settings import Settings, SettingsError, load_env_file, settings_from_env
from storage.db import default_sqlite_url, sync_url

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
DB_PASSWORD = "pa55-w0rd-xyz"
DATABASE = f"postgresql://bot:{DB_PASSWORD}@db.internal:5432/desmigratif"
WEBHOOK_SECRET = "s3cr3t-W3bhook_value"

VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "TELEGRAM_API_FILE_URL",
    "DATABASE_URL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "PORT",
    "DEFAULT_LOCALE",
    "LOG_LEVEL",
    "AUTO_MIGRATE",
    "OUTBOX_RESEND_AFTER",
    "DELIVERY_RATE",
    "RUN_DELIVERY_WORKER",
    "DELIVERY_LEASE_SECONDS",
    "OFFICE_WEB",
    "OFFICE_WEB_URL",
)


def build(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_mapping(env, data_dir=tmp_path)


def test_defaults(tmp_path: Path) -> None:
    settings = build(tmp_path)

    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_api_file_url == "https://api.telegram.org/file/bot"
    database = settings.database_url.reveal()
    assert make_url(database).get_backend_name() == "sqlite"
    assert make_url(database).database == str(tmp_path / "desmigratif.sqlite3")
    assert database == default_sqlite_url(tmp_path)  # same file as storage's default
    assert settings.port == 8080
    assert settings.default_locale == "id"
    assert settings.log_level == "INFO"
    assert settings.auto_migrate is True
    assert settings.webhook_url is None
    assert settings.webhook_path == "/telegram"
    assert not settings.telegram_bot_token
    assert not settings.webhook_secret
    assert settings.outbox_resend_after == 30.0
    assert settings.delivery_rate == 25.0  # under Telegram's ~30/s: room for replies
    assert settings.run_delivery_worker is True
    assert settings.delivery_lease_seconds == 60.0
    assert settings.files_dir == tmp_path / "files"  # evidence copies beside the database


def test_files_dir_is_a_folder_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert build(tmp_path, FILES_DIR="bukti").files_dir == tmp_path / "bukti"
    assert build(tmp_path, FILES_DIR=str(tmp_path / "x" / "y")).files_dir == tmp_path / "x" / "y"
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match="FILES_DIR"):
        build(tmp_path, FILES_DIR=str(tmp_path / "a-file"))


def test_without_data_dir_the_database_is_under_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_mapping({})
    expected = tmp_path / "data" / "desmigratif.sqlite3"
    assert make_url(settings.database_url.reveal()).database == str(expected)


def test_good_values_are_read_and_normalised(tmp_path: Path) -> None:
    settings = build(
        tmp_path,
        TELEGRAM_BOT_TOKEN=f"  {TOKEN}  ",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:8081/bot",
        DATABASE_URL=DATABASE,
        WEBHOOK_URL="https://bot.desa.id/hook/abc",
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        PORT="8443",
        DEFAULT_LOCALE="JV",
        LOG_LEVEL="debug",
        AUTO_MIGRATE="0",
        OUTBOX_RESEND_AFTER="2.5",
        DELIVERY_RATE="12.5",
        RUN_DELIVERY_WORKER="0",
        DELIVERY_LEASE_SECONDS="5",
    )
    assert settings.telegram_bot_token.reveal() == TOKEN
    assert settings.require_token() == TOKEN
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.database_url.reveal() == DATABASE
    assert settings.webhook_secret.reveal() == WEBHOOK_SECRET
    assert settings.port == 8443
    assert settings.default_locale == "jv"
    assert settings.log_level == "DEBUG"
    assert settings.auto_migrate is False
    assert settings.outbox_resend_after == 2.5
    assert settings.delivery_rate == 12.5
    assert settings.run_delivery_worker is False
    assert settings.delivery_lease_seconds == 5.0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False)],
)
def test_auto_migrate_values(tmp_path: Path, raw: str, expected: bool) -> None:
    assert build(tmp_path, AUTO_MIGRATE=raw).auto_migrate is expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_BOT_TOKEN", "123456789:abc"),
        ("TELEGRAM_BOT_TOKEN", "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
        ("PORT", "abc"),
        ("PORT", "70000"),
        ("PORT", "0"),
        ("PORT", "-1"),
        ("DEFAULT_LOCALE", "fr"),
        ("LOG_LEVEL", "LOUD"),
        ("AUTO_MIGRATE", "maybe"),
        ("DATABASE_URL", "mysql://bot@db/desmigratif"),
        ("DATABASE_URL", "mysql://"),
        ("WEBHOOK_SECRET", "has spaces in it"),
        ("WEBHOOK_SECRET", "x" * 257),
        ("WEBHOOK_URL", "ftp://bot.desa.id/hook"),
        ("TELEGRAM_API_BASE_URL", "ftp://x"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot"),
        ("TELEGRAM_API_FILE_URL", "ftp://x"),
        ("OUTBOX_RESEND_AFTER", "abc"),
        ("OUTBOX_RESEND_AFTER", "0"),
        ("OUTBOX_RESEND_AFTER", "nan"),
        ("DELIVERY_RATE", "0"),
        ("DELIVERY_RATE", "-3"),
        ("DELIVERY_RATE", "fast"),
        ("DELIVERY_RATE", "nan"),
        ("DELIVERY_RATE", "5000"),
        ("RUN_DELIVERY_WORKER", "perhaps"),
        ("DELIVERY_LEASE_SECONDS", "0"),
        ("DELIVERY_LEASE_SECONDS", "soon"),
    ],
)
def test_bad_value_is_refused_naming_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    env = {variable: value}
    if variable == "WEBHOOK_URL":
        env["WEBHOOK_SECRET"] = WEBHOOK_SECRET
    with pytest.raises(SettingsError, match=variable):
        Settings.from_mapping(env, data_dir=tmp_path)


def test_webhook_url_needs_a_secret(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET") as excinfo:
        build(tmp_path, WEBHOOK_URL="https://bot.desa.id/hook")
    assert "WEBHOOK_URL" in str(excinfo.value)


@pytest.mark.parametrize(
    ("variable", "value", "hidden"),
    [
        ("TELEGRAM_BOT_TOKEN", "123456789:bad token with spaces", "bad token"),
        ("DATABASE_URL", f"mysql://bot:{DB_PASSWORD}@db/desmigratif", DB_PASSWORD),
        ("WEBHOOK_SECRET", "almost secret value", "almost secret"),
    ],
)
def test_errors_about_secrets_do_not_echo_them(
    tmp_path: Path, variable: str, value: str, hidden: str
) -> None:
    with pytest.raises(SettingsError, match=variable) as excinfo:
        Settings.from_mapping({variable: value}, data_dir=tmp_path)
    assert hidden not in str(excinfo.value)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("postgres://bot:pw@db:5432/app", "postgresql://bot:pw@db:5432/app"),
        ("postgres+asyncpg://bot@db/app", "postgresql+asyncpg://bot@db/app"),
        ("postgresql://bot@db/app", "postgresql://bot@db/app"),
        ("postgresql+asyncpg://bot@db/app", "postgresql+asyncpg://bot@db/app"),
        ("sqlite+aiosqlite:////srv/bot/db.sqlite3", "sqlite+aiosqlite:////srv/bot/db.sqlite3"),
    ],
)
def test_database_url_scheme_is_normalised(tmp_path: Path, raw: str, normalised: str) -> None:
    database = build(tmp_path, DATABASE_URL=raw).database_url.reveal()
    assert database == normalised
    sync_url(database)  # storage accepts it (raises on an unsupported backend)


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = build(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.database_url = settings.webhook_secret  # type: ignore[misc]
    assert settings.port == 8080


def test_secrets_never_appear_in_repr_or_str(tmp_path: Path) -> None:
    settings = build(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        DATABASE_URL=DATABASE,
        WEBHOOK_URL="https://bot.desa.id/hook",
        WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    token_tail = TOKEN.split(":")[1]
    for shown in (repr(settings), str(settings), f"{settings}", f"{settings!r}"):
        for secret in (TOKEN, token_tail, DATABASE, DB_PASSWORD, WEBHOOK_SECRET):
            assert secret not in shown
    for secret_value in (settings.telegram_bot_token, settings.database_url):
        assert "*" in repr(secret_value)
    # Non-secret values stay visible, so the repr is still useful in logs.
    assert "https://bot.desa.id/hook" in repr(settings)
    assert "8080" in repr(settings)


def test_require_token(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        build(tmp_path).require_token()
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        build(tmp_path, TELEGRAM_BOT_TOKEN="   ").require_token()
    assert build(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN).require_token() == TOKEN


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://bot.desa.id/hook/abc", "/hook/abc"),
        ("https://bot.desa.id/telegram/webhook?x=1", "/telegram/webhook"),
        ("https://bot.desa.id/", "/telegram"),
        ("https://bot.desa.id", "/telegram"),
    ],
)
def test_webhook_path_comes_from_webhook_url(tmp_path: Path, url: str, path: str) -> None:
    settings = build(tmp_path, WEBHOOK_URL=url, WEBHOOK_SECRET=WEBHOOK_SECRET)
    assert settings.webhook_url == url
    assert settings.webhook_path == path


# --- .env files -------------------------------------------------------------------------------


def test_load_env_file_parses_comments_export_and_quotes(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "\n".join(
            [
                "# Desmigratif bot configuration",
                "",
                "   # an indented comment",
                f"TELEGRAM_BOT_TOKEN={TOKEN}",
                "export PORT=9000",
                'LOG_LEVEL="DEBUG"',
                "DEFAULT_LOCALE='jv'",
                f"DATABASE_URL = {DATABASE}?sslmode=require",
                'WEBHOOK_SECRET="abc#def"',
                "EMPTY=",
                "  SPACED  =  value with spaces  ",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    assert load_env_file(env_file) == {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "PORT": "9000",
        "LOG_LEVEL": "DEBUG",
        "DEFAULT_LOCALE": "jv",
        "DATABASE_URL": f"{DATABASE}?sslmode=require",  # '=' inside a value is kept
        "WEBHOOK_SECRET": "abc#def",
        "EMPTY": "",
        "SPACED": "value with spaces",
    }


def test_load_env_file_refuses_a_line_without_equals(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=9000\n# fine\nTELEGRAM_BOT_TOKEN\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\.env:3: expected KEY=value"):
        load_env_file(env_file)


def test_load_env_file_missing_file_is_empty(tmp_path: Path) -> None:
    assert load_env_file(tmp_path / "absent.env") == {}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No bot variable set in the process environment, and a scratch working directory."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_environment_wins_over_env_file(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text(
        "PORT=9000\nLOG_LEVEL=DEBUG\nDEFAULT_LOCALE=en\nexport AUTO_MIGRATE=0\n", encoding="utf-8"
    )
    clean_environment.setenv("PORT", "9100")
    clean_environment.setenv("DEFAULT_LOCALE", "jv")

    settings = settings_from_env(env_file)

    assert settings.port == 9100  # environment
    assert settings.default_locale == "jv"  # environment
    assert settings.log_level == "DEBUG"  # .env
    assert settings.auto_migrate is False  # .env
    expected = tmp_path / "data" / "desmigratif.sqlite3"
    assert make_url(settings.database_url.reveal()).database == str(expected)


def test_env_file_in_working_directory_is_read_by_default(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("PORT=9200\n", encoding="utf-8")
    assert settings_from_env().port == 9200


def test_bad_value_in_env_file_is_refused(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text("LOG_LEVEL=LOUD\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="LOG_LEVEL"):
        settings_from_env(env_file)
    # ...but a good value in the environment overrides it.
    clean_environment.setenv("LOG_LEVEL", "warning")
    assert settings_from_env(env_file).log_level == "WARNING"


def test_loading_logs_no_secret(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nDATABASE_URL={DATABASE}\n"
        f"WEBHOOK_URL=https://bot.desa.id/hook\nWEBHOOK_SECRET={WEBHOOK_SECRET}\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.DEBUG, logger="bot.settings"):
        settings = settings_from_env(env_file)
    assert settings.require_token() == TOKEN
    assert caplog.records, "settings_from_env should log what it loaded"
    for secret in (TOKEN, DB_PASSWORD, WEBHOOK_SECRET):
        assert secret not in caplog.text


def test_the_office_web_page_is_on_with_a_webhook_and_asked_for_in_polling(
    tmp_path: Path,
) -> None:
    polling = build(tmp_path, PORT="9001")
    assert polling.office_web is False  # polling opens no port unless asked
    assert polling.office_web_url == "http://127.0.0.1:9001"
    assert polling.office_web_secure is False
    hooked = build(tmp_path, WEBHOOK_URL="https://bot.example.org/tg", WEBHOOK_SECRET="s")
    assert hooked.office_web is True
    asked = build(tmp_path, OFFICE_WEB="1", OFFICE_WEB_URL="https://desa.example.org/")
    assert asked.office_web is True
    assert asked.office_web_url == "https://desa.example.org"  # links append /office/…
    assert asked.office_web_secure is True


@pytest.mark.parametrize(("name", "raw"), [("OFFICE_WEB", "maybe"), ("OFFICE_WEB_URL", "desa")])
def test_a_bad_office_web_value_is_refused_by_name(tmp_path: Path, name: str, raw: str) -> None:
    with pytest.raises(SettingsError, match=name):
        build(tmp_path, **{name: raw})
