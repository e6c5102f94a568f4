"""Signing in with a ``/web`` link, signing out, and choosing the page's language.

A link's token is spent atomically by storage; a used, expired or unknown one gets a kind
refusal (403) and no session. The cookie is HttpOnly, SameSite=Lax, limited to ``/office``
and Secure when the page is served over HTTPS.
"""

from __future__ import annotations

from aiohttp import web

from bot.office_web.site import COOKIE, LOCALES, OfficeSite
from flows.engine.i18n import N_
from flows.office import token_hash
from storage.office_web import SESSION_MAX, end_session, redeem_token, set_locale

__all__ = ["auth_routes"]

LINK_REFUSED = N_(
    "This sign-in link cannot be used: it was used already, it has expired (links work for "
    "15 minutes) or it is not complete. Send /web to the bot for a new link."
)
SIGNED_OUT = N_("You are signed out. Send /web to the bot to sign in again.")


def _safe_next(target: str) -> str:
    """Only a page of the office site (never another site) after switching language."""
    if target.startswith("/office/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/office/"


def auth_routes(site: OfficeSite) -> list[web.RouteDef]:
    """The routes for signing in and out and for the language switch."""

    async def login(request: web.Request) -> web.StreamResponse:
        token = request.query.get("token", "")
        locale = site.locale_of(request)
        if not token or len(token) > 200:
            return site.refuse(request, locale, 403, LINK_REFUSED)
        session_id = site.new_secret()
        who = await redeem_token(
            site.engine, token_hash(token), token_hash(session_id), site.clock(), locale
        )
        if who is None:
            return site.refuse(request, locale, 403, LINK_REFUSED)
        response = web.HTTPSeeOther("/office/")
        response.set_cookie(
            COOKIE, session_id, path="/office", httponly=True, samesite="Lax",
            secure=site.settings.office_web_secure, max_age=int(SESSION_MAX.total_seconds()),
        )  # fmt: skip
        raise response  # a redirect is raised, its cookie with it

    async def logout(request: web.Request) -> web.StreamResponse:
        visit = await site.visit(request)
        if visit is not None:
            await end_session(site.engine, visit.session_hash, visit.who.officer)
        response = site.refuse(request, site.locale_of(request), 200, SIGNED_OUT)
        response.del_cookie(COOKIE, path="/office")
        return response

    async def language(request: web.Request) -> web.StreamResponse:
        locale = request.match_info["locale"]
        visit = await site.visit(request)
        if visit is not None and locale in LOCALES:
            await set_locale(site.engine, visit.session_hash, locale)
        raise web.HTTPSeeOther(_safe_next(request.query.get("next", "/office/")))

    return [
        web.get("/office/login", login),
        web.post("/office/logout", logout),
        web.get("/office/lang/{locale}", language),
    ]
