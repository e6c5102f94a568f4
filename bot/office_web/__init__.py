"""The village office's read-only web page (``/office/``), served by the bot's own aiohttp server.

Exports ``add_office_routes`` (the composition root adds the page to its web application) and
``OfficeSite`` (tests build one with a fixed clock and secrets).
"""

from __future__ import annotations

from importlib import resources

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.office_web.auth import auth_routes
from bot.office_web.pages import page_routes
from bot.office_web.report_page import report_routes
from bot.office_web.site import OfficeSite

__all__ = ["OfficeSite", "add_office_routes"]

_HEADERS = {
    # nothing from elsewhere: no CDN, no script; the page's own CSS and inline SVG only
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",  # a sign-in link never leaves in a Referer header
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@web.middleware
async def _secure_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Office pages are never cached, framed or sent with a referrer."""
    if not request.path.startswith("/office"):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # a redirect (after sign-in) gets the headers too
        exc.headers.update({k: v for k, v in _HEADERS.items() if k not in exc.headers})
        raise
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def add_office_routes(app: web.Application, site: OfficeSite) -> None:
    """Serve the office page (and its stylesheet) on ``app``."""
    css = (resources.files("bot.office_web") / "templates" / "office.css").read_bytes()

    async def stylesheet(_request: web.Request) -> web.Response:
        return web.Response(
            body=css, content_type="text/css", headers={"Cache-Control": "max-age=3600"}
        )

    async def to_office(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPSeeOther("/office/")

    app.middlewares.append(_secure_headers)
    app.router.add_get("/office/static/office.css", stylesheet)
    app.router.add_get("/office", to_office)
    app.add_routes(auth_routes(site) + page_routes(site) + report_routes(site))
