"""The monthly report on the office page: a village's (or a kabupaten's) month, with charts.

The same report data as ``desmigratif report monthly`` (``storage.monthly_report``), shown
section by section as a table and a bar chart, and downloadable as the same XLSX or CSV. A
village's report needs ``exports.summary`` there (it holds counts, no names); a kabupaten's
needs a district admin's role in one of its villages. Every page and file is audited.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from markupsafe import Markup

from bot.office_web.charts import row_chart
from bot.office_web.pages import NOT_SIGNED_IN, NOT_YOURS, UNKNOWN
from bot.office_web.site import OfficeSite, Visit
from bot.report_files import report_rows, write_report
from flows.officers import access
from storage.monthly_report import COLUMN_TITLES, MonthlyReport, ReportSection, monthly_report
from storage.office_web import audit_web

__all__ = ["report_routes"]

PERMISSION = "exports.summary"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_MONTHS_BACK = 12


def _months(today: date) -> list[str]:
    """The last twelve whole months and this one, newest first (the month chooser)."""
    first = today.replace(day=1)
    shown = []
    for _ in range(_MONTHS_BACK + 1):
        shown.append(f"{first:%Y-%m}")
        first = (first - timedelta(days=1)).replace(day=1)
    return shown


def _chart(
    section: ReportSection,
    rows: list[list[Any]],
    headers: list[str],
    title: str,
    regency: bool,
) -> Markup:
    """One bar per row (per village, country, category…) of the section's first figure."""
    width = range(2, len(section.columns))
    # the columns that tell rows apart (country, category, topic…) hold words, the rest figures
    keys = [n for n in width if any(isinstance(r[n], str) for r in rows)]
    numbers = [
        n for n in width if n not in keys and all(isinstance(r[n], int | float) for r in rows)
    ]
    if not rows or not numbers:
        return Markup("")
    first = numbers[0]
    if keys or regency:
        label = keys[0] if keys else 1
        points = [(str(r[label]), int(r[first])) for r in rows][:12]
    else:  # one village, one row: each figure is a bar
        points = [(headers[n], int(rows[0][n])) for n in numbers]
    return row_chart(points, title)


def report_routes(site: OfficeSite) -> list[web.RouteDef]:
    """The routes of the monthly report page and its downloads."""

    def area(request: web.Request, visit: Visit) -> tuple[str, str, bool] | None:
        """(code, name, is a kabupaten) the officer may read the report of, or None."""
        code = request.match_info["code"]
        if len(code) == 10 and access.may(visit.roles, PERMISSION, code):
            name = next(r.village_name for r in visit.roles if r.village_code == code)
            return code, name, False
        district = [
            r for r in visit.roles if r.role == access.DISTRICT_ROLE and r.village_code[:4] == code
        ]
        if len(code) == 4 and district:
            return code, code, True
        return None

    async def prepared(
        request: web.Request,
    ) -> tuple[Visit, str, str, bool, str, MonthlyReport] | web.Response:
        visit = await site.visit(request)
        if visit is None:
            return site.refuse(request, site.locale_of(request), 401, NOT_SIGNED_IN)
        found = area(request, visit)
        if found is None:
            return site.refuse(request, visit.who.locale, 403, NOT_YOURS)
        code, name, regency = found
        months = _months(site.clock().date())
        month = request.query.get("month", "")
        month = month if _MONTH.match(month) else months[1]  # last whole month by default
        report = await monthly_report(
            site.engine, month, village=None if regency else code, regency=code if regency else None
        )
        return visit, code, name, regency, month, report

    async def page(request: web.Request) -> web.StreamResponse:
        found = await prepared(request)
        if isinstance(found, web.Response):
            return found
        visit, code, name, regency, month, report = found
        tr = site.translations(visit.who.locale)
        shown = []
        for section in report.sections:
            every = list(report_rows(section, tr))
            title = tr.gettext(section.title)
            headers = [tr.gettext(COLUMN_TITLES.get(c, c)) for c in section.columns]
            # a kabupaten's section per village *and* country, topic…: thousands of rows no
            # phone can read; the page shows the kabupaten's totals, the file every row
            detailed = regency and len(section.rows) > len({r[0] for r in section.rows})
            if detailed:
                rows = [values for total, values in every if total]
                chart = _chart(section, rows, headers, title, regency)
            else:
                rows = [values for _total, values in every]
                chart = _chart(section, rows[: len(section.rows)], headers, title, regency)
            shown.append(
                {
                    "title": title,
                    "headers": headers,
                    "rows": rows,
                    "totals": len(rows) if detailed else len(section.totals),
                    "chart": chart,
                    "detailed": detailed,
                }
            )
        await audit_web(site.engine, visit.who.officer, None if regency else code,
                        "web.viewed", f"monthly-report/{code}/{month}")  # fmt: skip
        return site.render(
            request, "report.html", visit.who.locale, visit=visit, code=code, name=name,
            regency=regency, month=month, months=_months(site.clock().date()), sections=shown,
            zone=report.timezone,
        )  # fmt: skip

    async def download(request: web.Request) -> web.StreamResponse:
        fmt = request.match_info["fmt"]
        if fmt not in ("csv", "xlsx"):
            return site.refuse(request, site.locale_of(request), 404, UNKNOWN)
        found = await prepared(request)
        if isinstance(found, web.Response):
            return found
        visit, code, _name, regency, month, report = found
        folder = Path(tempfile.mkdtemp(prefix="office-report-"))
        filename = f"laporan-bulanan-{code}-{month}.{fmt}"
        try:
            path = folder / filename
            rows = write_report(report, path, fmt, site.translations(visit.who.locale))
            await audit_web(site.engine, visit.who.officer, None if regency else code,
                            "web.downloaded", f"monthly-report/{code}/{month}",
                            {"format": fmt, "rows": rows})  # fmt: skip
            return web.Response(
                body=path.read_bytes(),
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
                content_type="text/csv" if fmt == "csv" else _XLSX,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return [
        web.get("/office/report/{code}", page),
        web.get("/office/report/{code}/download.{fmt}", download),
    ]


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
