"""The monthly report a village desk sends up to the kabupaten, and a kabupaten to the ministry.

A report is a list of sections, each a small table (title, columns, rows) that a spreadsheet,
a CSV file or a web page renders the same way. A section is one function in ``SECTIONS``
(``storage/monthly_sections.py``): to report on something new (the registry of migrant
families, say), write one more function there and add it to the tuple.

Months are calendar months **in the villages' own time zone** (WIB, WITA or WIT): a case
reported at 00:30 WIB on 1 March counts in March, although it is still February in UTC. A
kabupaten's villages share one zone (the most common one among them is used). Figures are of
what happened in the month (cases received, questions asked, notices published); a few are the
state at the month's end or today, and their column names say so (a resident's situation is
the one they last gave: the bot keeps no history of it).

For a kabupaten (the first four digits of village codes) each section has a row per village
(or per village and country, category, topic) and total rows for the whole kabupaten.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from flows.engine.i18n import N_
from storage.audit import write_audit
from storage.models import Village, table_of

__all__ = [
    "COLUMN_TITLES",
    "TOTAL",
    "MonthlyReport",
    "ReportError",
    "ReportScope",
    "ReportSection",
    "Section",
    "audit_report",
    "count_if",
    "hours",
    "in_month",
    "monthly_report",
    "rows",
]

villages = table_of(Village)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

#: The name shown in a total row's village name column.
TOTAL = N_("Whole kabupaten")

#: Column → its header (an English msgid; the file or page translates it).
COLUMN_TITLES: dict[str, str] = {
    "village_code": N_("Village code"),
    "village_name": N_("Village name"),
    "registered": N_("Registered at month end"),
    "new_residents": N_("New this month"),
    "prospective": N_("Want to work abroad"),
    "family": N_("Family of a worker abroad"),
    "abroad": N_("Working abroad"),
    "returned": N_("Came back home"),
    "not_stated": N_("Not stated"),
    "country": N_("Country"),
    "workers": N_("Workers abroad"),
    "category": N_("Category"),
    "received": N_("Received"),
    "urgent": N_("Urgent"),
    "new": N_("New, not yet handled"),
    "in_progress": N_("Being handled"),
    "waiting_reporter": N_("Waiting for the reporter"),
    "referred": N_("Referred"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
    "responded": N_("Answered"),
    "responded_in_time": N_("Answered in time"),
    "avg_hours_to_first_response": N_("Average hours to first answer"),
    "avg_hours_to_resolution": N_("Average hours to resolution"),
    "topic": N_("Topic"),
    "views": N_("Times opened"),
    "unanswered": N_("Questions not answered"),
    "different_questions": N_("Different questions"),
    "notices_published": N_("Job notices published"),
    "openings": N_("Openings"),
    "interested": N_("People interested"),
    "subscribed": N_("New subscriptions"),
    "offers_checked": N_("Offers sent to check"),
    "started": N_("Checklists started"),
    "departed": N_("Workers departed"),
    "cancelled": N_("Cancelled"),
    "documents_verified": N_("Documents verified"),
    "children": N_("Children at month end"),
    "parents_linked": N_("Parents linked at month end"),
    "new_links": N_("Newly linked"),
    "updates_written": N_("Updates written"),
    "updates_delivered": N_("Updates delivered"),
    "announcements": N_("Announcements"),
    "delivered": N_("Delivered"),
    "failed": N_("Failed"),
    "unreachable": N_("Unreachable"),
    "waiting": N_("Still to send"),
}


class ReportError(ValueError):
    """A report that cannot be made (bad month, unknown village or kabupaten)."""


@dataclass(frozen=True, slots=True)
class ReportSection:
    """One table of the report, ready to render: no database types, plain values.

    ``title`` and the headers (``COLUMN_TITLES``) are English msgids; values in ``labels``
    columns are msgids too (country names). ``totals`` are the kabupaten's total rows, with
    ``None`` as village name (render it as ``TOTAL``).
    """

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    totals: list[tuple[Any, ...]] = field(default_factory=list)
    labels: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ReportScope:
    """What a section reports on: villages (ordered by code) and the month's bounds."""

    conn: AsyncConnection
    code: str
    villages: dict[int, tuple[str, str]]  # id → (code, name), in code order
    start: datetime  # the month's first moment in the villages' zone, as UTC
    end: datetime  # the next month's first moment, as UTC
    first_day: date
    next_first_day: date
    is_regency: bool

    @property
    def ids(self) -> list[int]:
        """The villages' ids."""
        return list(self.villages)

    def section(
        self,
        key: str,
        title: str,
        columns: Sequence[str],
        found: Sequence[Sequence[Any]],
        *,
        keys: int = 0,
        derive: Callable[[Sequence[float]], Sequence[Any]] | None = None,
        labels: frozenset[str] = frozenset(),
    ) -> ReportSection:
        """Rows from query results ``(village id, *keys, *numbers)``; totals for a kabupaten.

        Without keys every village gets a row (zeros when nothing happened); with keys only
        the combinations found. ``derive`` turns summed numbers into the shown ones (averages
        from sums and counts), so totals are computed from sums, never from averages.
        """
        shown = derive or (lambda numbers: numbers)
        by: dict[tuple[Any, ...], list[float]] = {}
        for row in found:
            by[tuple(row[: 1 + keys])] = [_number(v) for v in row[1 + keys :]]
        width = len(columns) - 2 - keys
        order = {vid: n for n, vid in enumerate(self.villages)}
        wanted = (
            [(vid,) for vid in self.villages]
            if keys == 0
            else sorted(by, key=lambda k: (order.get(k[0], 0), *_desc(by[k]), *map(str, k[1:])))
        )
        rows = []
        sums: dict[tuple[Any, ...], list[float]] = {}
        for k in wanted:
            numbers = by.get(k, [0] * width)
            rows.append((*self.villages[k[0]], *k[1:], *shown(numbers)))
            total = sums.setdefault(k[1:], [0] * width)
            sums[k[1:]] = [a + b for a, b in zip(total, numbers, strict=True)]
        totals = []
        if self.is_regency:
            ordered = sorted(sums, key=lambda k: (*_desc(sums[k]), *map(str, k)))
            totals = [(self.code, None, *k, *shown(sums[k])) for k in ordered]
        return ReportSection(key, title, tuple(columns), rows, totals, labels)


def _number(value: Any) -> float:
    """Counts stay ints; sums of hours (Decimal on PostgreSQL) become floats."""
    if value is None:
        return 0
    return value if isinstance(value, int) else float(value)


def _desc(numbers: Sequence[float]) -> tuple[float, ...]:
    """Sort key: the largest first number first (the most views, the most workers)."""
    return (-numbers[0],) if numbers else ()


#: A section of the report: reads one table's figures for the scope (see monthly_sections).
Section = Callable[[ReportScope], Awaitable[ReportSection]]


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """How many rows meet ``condition`` (portable: no FILTER clause on old SQLite)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def in_month(column: Any, scope: ReportScope) -> ColumnElement[bool]:
    """``column`` (a UTC time) falls in the scope's month."""
    return and_(column >= scope.start, column < scope.end)


def hours(scope: ReportScope, start: Any, end: Any) -> ColumnElement[Any]:
    """Hours from ``start`` to ``end`` (SQLite keeps times as text that julianday reads)."""
    if scope.conn.dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 24.0
    return func.extract("epoch", end - start) / 3600.0


async def rows(scope: ReportScope, statement: Any) -> Sequence[Sequence[Any]]:
    """Run one of the sections' statements."""
    return (await scope.conn.execute(statement)).all()


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """A whole report: which area and month, and its sections in order."""

    code: str
    month: str
    timezone: str
    sections: list[ReportSection]


def _bounds(month: str, zone: str) -> tuple[datetime, datetime, date, date]:
    found = _MONTH.match(month)
    if found is None:
        raise ReportError(f"month must be YYYY-MM, not {month!r}")
    year, number = int(found[1]), int(found[2])
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    tz = ZoneInfo(zone)

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)

    return at(first), at(following), first, following


async def monthly_report(
    engine: AsyncEngine,
    month: str,
    *,
    village: str | None = None,
    regency: str | None = None,
    sections: Sequence[Section] | None = None,
) -> MonthlyReport:
    """Build the report of one village (10-digit code) or one kabupaten (4-digit code)."""
    from storage.monthly_sections import SECTIONS

    if (village is None) == (regency is None):
        raise ReportError("give either a village code or a kabupaten code")
    code = village or regency or ""
    if not re.fullmatch(r"\d{10}" if village else r"\d{4}", code):
        raise ReportError(f"{code!r} is not a {'10' if village else '4'}-digit code")
    where = villages.c.code == code if village else villages.c.code.like(f"{code}%")
    async with engine.connect() as conn:
        found = (
            await conn.execute(
                select(villages.c.id, villages.c.code, villages.c.name, villages.c.timezone)
                .where(where)
                .order_by(villages.c.code)
            )
        ).all()
        if not found:
            kind = "village" if village else "kabupaten"
            raise ReportError(f"no {kind} with code {code} in this database")
        zone = Counter(row.timezone for row in found).most_common(1)[0][0]
        start, end, first, following = _bounds(month, zone)
        scope = ReportScope(
            conn, code, {r.id: (r.code, r.name) for r in found}, start, end, first, following,
            is_regency=regency is not None,
        )  # fmt: skip
        made = [await section(scope) for section in (sections or SECTIONS)]
    return MonthlyReport(code, month, zone, made)


async def audit_report(engine: AsyncEngine, *, actor: str, code: str, month: str, fmt: str) -> None:
    """Record who took which area's report for which month (like an export)."""
    villages_of = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
    async with engine.begin() as conn:
        await write_audit(
            conn,
            actor_type="admin",  # the command line is run by whoever administers the server
            actor_id=actor,
            village_id=villages_of if len(code) == 10 else None,
            action="report",
            subject=("monthly_report", f"{code}/{month}"),
            detail={"format": fmt, "area": "village" if len(code) == 10 else "kabupaten"},
        )
