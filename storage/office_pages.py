"""One page of an office view for the office web page: filtered, in a stable order, 50 rows.

Only views named in ``storage.exports.EXPORTS`` are read, always for one village, and a filter
names a column only after it was checked against the view's own columns; every value a person
typed travels as a bound parameter. Views hold counts and references, never names or contacts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.exports import EXPORTS

__all__ = [
    "CHOICE_COLUMNS",
    "DATE_COLUMNS",
    "PAGE_SIZE",
    "PageQuery",
    "ViewPage",
    "view_columns",
    "view_page",
]

PAGE_SIZE = 50
#: Columns offered as a drop-down of the values the village has (exact match).
CHOICE_COLUMNS = (
    "month", "status", "category", "locale", "topic_id", "country", "sector", "verdict",
    "topic", "template", "item",
)  # fmt: skip
#: Columns holding a date or a time: the first one a view has gets a from/to range.
DATE_COLUMNS = ("day", "created_at", "last_asked_at", "last_message_at", "due_at")
_HIDDEN = ("village_code", "village_name")


@dataclass(frozen=True, slots=True)
class PageQuery:
    """What the person asked for: words to find, exact values, a date range, a page number."""

    words: str = ""
    equals: Mapping[str, str] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


@dataclass(frozen=True, slots=True)
class ViewPage:
    """One page of a view for one village, with what the filters can offer."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    page: int
    has_next: bool
    choices: Mapping[str, tuple[str, ...]]
    date_column: str | None


def _view(what: str) -> str:
    view = EXPORTS.get(what)
    if view is None:
        raise LookupError(f"unknown office view {what!r}")
    return view


async def _columns(conn: AsyncConnection, view: str) -> tuple[str, ...]:
    result = await conn.execute(text(f"SELECT * FROM {view} WHERE 1 = 0"))
    return tuple(result.keys())


async def view_columns(engine: AsyncEngine, what: str) -> tuple[str, ...]:
    """The columns of an office view, as the page shows them (without the village's own)."""
    async with engine.connect() as conn:
        return tuple(c for c in await _columns(conn, _view(what)) if c not in _HIDDEN)


def _bound(conn: AsyncConnection, day: date) -> object:
    """A date as the backend compares it: SQLite keeps times as ISO text, PostgreSQL as dates."""
    return day.isoformat() if conn.dialect.name == "sqlite" else day


def _where(
    conn: AsyncConnection, columns: Sequence[str], query: PageQuery, date_column: str | None
) -> tuple[list[str], dict[str, object]]:
    clauses = ["village_code = :village"]
    params: dict[str, object] = {}
    for n, (column, value) in enumerate(sorted(query.equals.items())):
        if column in columns and column in CHOICE_COLUMNS and value:
            clauses.append(f"CAST({column} AS TEXT) = :eq{n}")
            params[f"eq{n}"] = value
    words = query.words.strip().lower()
    if words:
        shown = [c for c in columns if c not in _HIDDEN]
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["words"] = f"%{escaped}%"
        clauses.append(
            "(" + " OR ".join(
                f"LOWER(CAST({c} AS TEXT)) LIKE :words ESCAPE '\\'" for c in shown
            ) + ")"
        )  # fmt: skip
    if date_column and query.date_from:
        clauses.append(f"{date_column} >= :date_from")
        params["date_from"] = _bound(conn, query.date_from)
    if date_column and query.date_to:
        clauses.append(f"{date_column} < :date_to")
        params["date_to"] = _bound(conn, query.date_to + timedelta(days=1))
    return clauses, params


async def view_page(
    engine: AsyncEngine, what: str, village_code: str, query: PageQuery
) -> ViewPage:
    """One page (``PAGE_SIZE`` rows) of an office view for one village, newest first."""
    view = _view(what)  # the name comes from EXPORTS, never from the request
    page = max(1, query.page)
    async with engine.connect() as conn:
        columns = await _columns(conn, view)
        date_column = next((c for c in DATE_COLUMNS if c in columns), None)
        clauses, params = _where(conn, columns, query, date_column)
        params["village"] = village_code
        newest = [c for c in (date_column, "month") if c and c in columns]
        order = [f"{c} DESC" for c in newest] + [
            c for c in columns if c not in newest and c not in _HIDDEN
        ]
        sql = (
            f"SELECT * FROM {view} WHERE {' AND '.join(clauses)} "
            f"ORDER BY {', '.join(order)} LIMIT {PAGE_SIZE + 1} OFFSET {(page - 1) * PAGE_SIZE}"
        )
        rows = (await conn.execute(text(sql), params)).all()
        choices: dict[str, tuple[str, ...]] = {}
        for column in (c for c in CHOICE_COLUMNS if c in columns):
            found = await conn.execute(
                text(
                    f"SELECT DISTINCT CAST({column} AS TEXT) AS value FROM {view} "
                    f"WHERE village_code = :village AND {column} IS NOT NULL "
                    "ORDER BY value LIMIT 200"
                ),
                {"village": village_code},
            )
            choices[column] = tuple(str(v) for v in found.scalars())
    keep = [i for i, c in enumerate(columns) if c not in _HIDDEN]
    return ViewPage(
        columns=tuple(columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in rows[:PAGE_SIZE]),
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        choices=choices,
        date_column=date_column,
    )
