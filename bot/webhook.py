"""The webhook web server: Telegram's POSTs (secret checked) and a health check for the platform.

An update is answered 200 only after it is committed, so if the process dies first Telegram
sends it again (and the runner ignores one it has already handled). A JSON object that is not
an update we can read is answered 200 too (logged without its content and counted): Telegram
retries anything else, so a bad update would keep coming back. Only a body that is not a JSON
object gets 400.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from bot.app import TelegramBot

__all__ = ["SECRET_HEADER", "office_app", "webhook_app"]

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_MAX_BODY = 1_000_000


def _with_office(app: web.Application, bot: TelegramBot) -> web.Application:
    """Add the office's read-only web page when it is switched on (OFFICE_WEB)."""
    if bot.settings.office_web:
        from bot.office_web import OfficeSite, add_office_routes

        add_office_routes(app, OfficeSite(bot.core.engine, bot.settings, bot.core.catalogs))
    return app


def office_app(bot: TelegramBot) -> web.Application:
    """In polling mode: ``GET /healthz`` and the office's web page, without a webhook route."""

    async def healthz(_request: web.Request) -> web.Response:
        ok = await bot.healthy()
        return web.json_response({"status": "ok" if ok else "database unavailable"},
                                 status=200 if ok else 503)  # fmt: skip

    app = web.Application(client_max_size=_MAX_BODY)
    app.router.add_get("/healthz", healthz)
    return _with_office(app, bot)


def webhook_app(bot: TelegramBot) -> web.Application:
    """The aiohttp application with the webhook route, ``GET /healthz`` and the office page."""
    expected = bot.settings.webhook_secret.reveal()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            log.warning("webhook call with a wrong secret from %s", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            data = json.loads(await request.read())
        except ValueError as exc:  # UnicodeDecodeError is a ValueError too
            log.warning("webhook body is not JSON: %s", type(exc).__name__)
            data = None
        if not isinstance(data, dict):
            return web.json_response({"ok": False, "error": "not a JSON object"}, status=400)
        await bot.process_raw(data)
        return web.json_response({"ok": True})

    async def healthz(_request: web.Request) -> web.Response:
        ok = await bot.healthy()
        return web.json_response(
            {
                "status": "ok" if ok else "database unavailable",
                "unreadable_updates": bot.reader.unreadable,
            },
            status=200 if ok else 503,
        )

    app = web.Application(client_max_size=_MAX_BODY)
    app.router.add_post(bot.settings.webhook_path, receive)
    app.router.add_get("/healthz", healthz)
    return _with_office(app, bot)
