"""The office web page's pages: villages, a village's dashboard, its views, downloads, schema.

Each village page asks ``flows.officers.access`` first: a village the officer does not serve
gets a 403 that names nothing of it; a view the role may not read (complaints for a parenting
facilitator) gets the same. Every page shown and every file sent is written to the audit log.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from datetime import date
from pathlib import Path

from aiohttp import web

from bot.export_files import HEADERS, write_export
from bot.office_web.charts import bar_chart, row_chart
from bot.office_web.schema import schema_html
from bot.office_web.site import OfficeSite, Visit
from bot.office_web.text import SITUATIONS, VIEW_TITLES, column_title
from flows.engine.i18n import N_
from flows.office import view_permission
from flows.officers import access
from storage.exports import EXPORTS, stream_export
from storage.office_dashboard import dashboard
from storage.office_pages import CHOICE_COLUMNS, PageQuery, view_page
from storage.office_web import audit_web

__all__ = ["page_routes"]

NOT_SIGNED_IN = N_(
    "Please sign in first: send /web to the bot in Telegram and open the link it sends you."
)
NOT_YOURS = N_("You cannot see this page: it is not for a village you serve, or your role.")
NO_VILLAGE = N_("You serve no village at the moment, so there is nothing to show.")
UNKNOWN = N_("There is no such page.")

#: Dashboard section → the permission it needs in the village.
_SECTIONS = {
    "residents": "office.view",
    "questions": "office.view",
    "topics": "office.view",
    "jobs": "office.view",
    "complaints": "complaints.count",
    "parenting": "parenting.manage",
}


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None  # a mistyped date filters nothing rather than failing


def _regencies(visit: Visit) -> list[str]:
    """The kabupaten (4-digit codes) whose monthly report this officer may read."""
    return sorted({r.village_code[:4] for r in visit.roles if r.role == access.DISTRICT_ROLE})


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def _send_file(request: web.Request, path: Path, filename: str) -> web.StreamResponse:
    """Send a written export in chunks; it is sent in full before the caller deletes it."""
    response = web.StreamResponse(
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Type": _TYPES[path.suffix.lstrip(".")],
        }
    )
    response.content_length = (await asyncio.to_thread(path.stat)).st_size
    await response.prepare(request)
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        while chunk := await asyncio.to_thread(handle.read, 256 * 1024):
            await response.write(chunk)
    finally:
        handle.close()
    await response.write_eof()
    return response


def page_routes(site: OfficeSite) -> list[web.RouteDef]:
    """The routes of the pages an officer reads."""

    async def signed_in(request: web.Request) -> Visit | web.Response:
        visit = await site.visit(request)
        if visit is None:
            return site.refuse(request, site.locale_of(request), 401, NOT_SIGNED_IN)
        return visit

    def village(request: web.Request, visit: Visit) -> tuple[str, str, frozenset[str]] | None:
        code = request.match_info["code"]
        allowed = access.permissions_in(visit.roles, code)
        if "menu.open" not in allowed:
            return None
        name = next(r.village_name for r in visit.roles if r.village_code == code)
        return code, name, allowed

    def readable(allowed: frozenset[str]) -> list[tuple[str, str]]:
        return [
            (what, VIEW_TITLES.get(what, what))
            for what in EXPORTS
            if view_permission(what) in allowed
        ]

    async def home(request: web.Request) -> web.StreamResponse:
        visit = await signed_in(request)
        if isinstance(visit, web.Response):
            return visit
        served = access.villages_where(visit.roles, "menu.open")
        if len(served) == 1:
            raise web.HTTPSeeOther(f"/office/v/{served[0].village_code}/")
        if not served:
            return site.refuse(request, visit.who.locale, 403, NO_VILLAGE)
        return site.render(
            request, "villages.html", visit.who.locale, visit=visit, served=served,
            regencies=_regencies(visit),
        )  # fmt: skip

    async def village_dashboard(request: web.Request) -> web.StreamResponse:
        visit = await signed_in(request)
        if isinstance(visit, web.Response):
            return visit
        found = village(request, visit)
        if found is None:
            return site.refuse(request, visit.who.locale, 403, NOT_YOURS)
        code, name, allowed = found
        sections = {s for s, perm in _SECTIONS.items() if perm in allowed}
        figures = await dashboard(site.engine, code, site.clock(), sections)
        await audit_web(site.engine, visit.who.officer, code, "web.viewed", "dashboard")
        tr = site.translations(visit.who.locale)
        charts = {
            "views": bar_chart(
                [(day[5:], n) for day, n in figures.views_by_day],  # 11-24: month-day
                tr.gettext("Topics read per day"),
                every=5,
            ),
            "topics": row_chart(figures.top_topics, tr.gettext("Most read topics")),
            "complaints": bar_chart(
                figures.complaints_by_month, tr.gettext("Complaints per month")
            ),
            "situations": row_chart(
                [(tr.gettext(SITUATIONS.get(s, s)), n) for s, n in figures.by_situation],
                tr.gettext("Residents by situation"),
            ),
        }
        return site.render(
            request, "dashboard.html", visit.who.locale, visit=visit, code=code, name=name,
            figures=figures, charts=charts, views=readable(allowed), situations=SITUATIONS,
            report="exports.summary" in allowed, regencies=_regencies(visit),
            many=len(access.villages_where(visit.roles, "menu.open")) > 1,
        )  # fmt: skip

    async def view(request: web.Request) -> web.StreamResponse:
        visit = await signed_in(request)
        if isinstance(visit, web.Response):
            return visit
        found = village(request, visit)
        what = request.match_info["what"]
        if found is None:
            return site.refuse(request, visit.who.locale, 403, NOT_YOURS)
        code, name, allowed = found
        if what not in EXPORTS:
            return site.refuse(request, visit.who.locale, 404, UNKNOWN)
        if view_permission(what) not in allowed:
            return site.refuse(request, visit.who.locale, 403, NOT_YOURS)
        q = request.query
        query = PageQuery(
            words=q.get("q", "")[:100],
            equals={c: q.get(c, "")[:100] for c in CHOICE_COLUMNS if q.get(c)},
            date_from=_date(q.get("from", "")),
            date_to=_date(q.get("to", "")),
            page=_page_number(q.get("page", "1")),
        )
        page = await view_page(site.engine, what, code, query)
        await audit_web(
            site.engine, visit.who.officer, code, "web.viewed", what, {"page": page.page}
        )
        locale = visit.who.locale
        titles = [column_title(c, locale, HEADERS) for c in page.columns]
        kept = {k: v for k, v in q.items() if k != "page"}
        return site.render(
            request, "view.html", locale, visit=visit, code=code, name=name, what=what,
            title=VIEW_TITLES.get(what, what), page=page, titles=titles, query=query,
            kept=kept, column_title=lambda c: column_title(c, locale, HEADERS),
        )  # fmt: skip

    async def download(request: web.Request) -> web.StreamResponse:
        visit = await signed_in(request)
        if isinstance(visit, web.Response):
            return visit
        found = village(request, visit)
        what, fmt = request.match_info["what"], request.match_info["fmt"]
        if found is None:
            return site.refuse(request, visit.who.locale, 403, NOT_YOURS)
        code, _name, allowed = found
        if what not in EXPORTS or fmt not in ("csv", "xlsx"):
            return site.refuse(request, visit.who.locale, 404, UNKNOWN)
        if view_permission(what) not in allowed:
            return site.refuse(request, visit.who.locale, 403, NOT_YOURS)
        folder = Path(tempfile.mkdtemp(prefix="office-"))
        filename = f"{what}-{code}-{site.clock():%Y%m%d}.{fmt}"
        try:
            path = folder / filename
            rows = await write_export(stream_export(site.engine, what, code), path, fmt)
            await audit_web(
                site.engine, visit.who.officer, code, "web.downloaded", what,
                {"format": fmt, "rows": rows},
            )  # fmt: skip
            return await _send_file(request, path, filename)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    async def schema(request: web.Request) -> web.StreamResponse:
        visit = await signed_in(request)
        if isinstance(visit, web.Response):
            return visit
        await audit_web(site.engine, visit.who.officer, None, "web.viewed", "schema")
        return site.render(
            request, "schema.html", visit.who.locale, visit=visit, body=schema_html()
        )

    return [
        web.get("/office/", home),
        web.get("/office/schema", schema),
        web.get("/office/v/{code}/", village_dashboard),
        web.get("/office/v/{code}/{what}", view),
        web.get("/office/v/{code}/{what}/download.{fmt}", download),
    ]
