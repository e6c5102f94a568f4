"""The office web page's shared parts: templates, translations, sessions and refusals.

Every page is rendered for one signed-in officer in the session's language. The session
cookie holds a random id whose hash is looked up (and its idle time restarted) on each page;
the officer's roles are read fresh each time, so a removed role stops at the next click.
"""

from __future__ import annotations

import gettext
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from flows.engine.i18n import LOCALE_NAMES, Catalogs
from flows.office import token_hash
from flows.officers import OfficerRole
from storage.office_web import SignedIn, open_session, roles_of

__all__ = ["COOKIE", "LOCALES", "OfficeSite", "Visit"]

COOKIE = "office_session"
#: Languages the page is offered in (Indonesian first).
LOCALES = ("id", "en")


@dataclass(frozen=True, slots=True)
class Visit:
    """One page request by a signed-in officer."""

    who: SignedIn
    session_hash: str
    roles: tuple[OfficerRole, ...]


def _now() -> datetime:
    return datetime.now(UTC)


class OfficeSite:
    """What every handler of the office page needs."""

    def __init__(
        self,
        engine: AsyncEngine,
        settings: Settings,
        catalogs: Catalogs,
        *,
        clock: Callable[[], datetime] = _now,
        new_secret: Callable[[], str] = lambda: secrets.token_urlsafe(32),
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.catalogs = catalogs
        self.clock = clock
        self.new_secret = new_secret
        loader = jinja2.FileSystemLoader(str(resources.files("bot.office_web") / "templates"))
        self.templates = jinja2.Environment(
            loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
        )

    def translations(self, locale: str) -> gettext.NullTranslations:
        """The catalog for the page's language."""
        return self.catalogs.get(locale)

    def render(
        self, request: web.Request, template: str, locale: str, *, status: int = 200, **values: Any
    ) -> web.Response:
        """A page in ``locale``; templates translate with ``_("…", name=value)``."""
        translations = self.translations(locale)

        def translate(message: str, **named: Any) -> str:
            text = translations.gettext(message)
            return text.format(**named) if named else text

        html = self.templates.get_template(template).render(
            _=translate,
            locale=locale,
            locales=[(code, LOCALE_NAMES.get(code, code)) for code in LOCALES],
            here=request.path_qs,
            **values,
        )
        return web.Response(text=html, status=status, content_type="text/html")

    def refuse(self, request: web.Request, locale: str, status: int, message: str) -> web.Response:
        """A kind page saying why nothing is shown (never any data of what was asked for)."""
        return self.render(
            request, "refused.html", locale, status=status, message=message, visit=None
        )

    def locale_of(self, request: web.Request) -> str:
        """The language for a page without a session: Indonesian unless set otherwise."""
        default = self.settings.default_locale
        return default if default in LOCALES else "id"

    async def visit(self, request: web.Request) -> Visit | None:
        """The signed-in officer behind this request, or None (no, ended or unknown session)."""
        cookie = request.cookies.get(COOKIE, "")
        if not cookie or len(cookie) > 200:
            return None
        hashed = token_hash(cookie)
        who = await open_session(self.engine, hashed, self.clock())
        if who is None:
            return None
        return Visit(who, hashed, await roles_of(self.engine, who))
