"""The figures on the office web page's dashboard: one village's counts and short series.

Read from the tables' counts and the office views only (never a name or a message), for one
village. Each section is read only when the page asks for it: the web server leaves out what
the officer's role may not see (complaints for a parenting facilitator, for instance).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

__all__ = ["SECTIONS", "Dashboard", "dashboard"]

#: The dashboard's sections, each read only when asked for.
SECTIONS = ("residents", "questions", "topics", "jobs", "complaints", "parenting")


@dataclass(frozen=True, slots=True)
class Dashboard:
    """One village's figures; a section not asked for stays empty (and is not shown)."""

    sections: frozenset[str]
    residents: int = 0
    unreachable: int = 0
    by_situation: tuple[tuple[str, int], ...] = ()
    unanswered: int = 0
    topic_views_30_days: int = 0
    views_by_day: tuple[tuple[str, int], ...] = ()
    top_topics: tuple[tuple[str, int], ...] = ()
    open_notices: int = 0
    notices: int = 0
    open_complaints: int = 0
    overdue_complaints: int = 0
    complaints_by_month: tuple[tuple[str, int], ...] = ()
    children: int = 0


async def _one(conn: AsyncConnection, sql: str, params: dict[str, Any]) -> int:
    return int((await conn.execute(text(sql), params)).scalar() or 0)


async def _pairs(
    conn: AsyncConnection, sql: str, params: dict[str, Any]
) -> tuple[tuple[str, int], ...]:
    return tuple((str(k), int(n or 0)) for k, n in (await conn.execute(text(sql), params)).all())


_RESIDENTS = "FROM office_residents_per_village WHERE village_code = :village"
_SITUATIONS = (
    "SELECT COALESCE(r.situation, 'unknown') AS s, COUNT(*) FROM residents r "
    "JOIN villages v ON v.id = r.village_id WHERE v.code = :village "
    "GROUP BY COALESCE(r.situation, 'unknown') ORDER BY 2 DESC, 1"
)
_QUESTIONS = "SELECT COUNT(*) FROM office_unanswered_questions WHERE village_code = :village"
_VIEWS = "FROM office_topic_views WHERE village_code = :village AND day >= :since"
_NOTICES = "FROM office_job_notices_per_month WHERE village_code = :village"
_OPEN = "SELECT COUNT(*) FROM office_open_complaints WHERE village_code = :village"
_PER_MONTH = (
    "SELECT month, SUM(complaints) FROM office_complaints_per_month "
    "WHERE village_code = :village GROUP BY month ORDER BY month DESC LIMIT 12"
)
_CHILDREN = "SELECT children FROM office_parenting_children WHERE village_code = :village"


async def dashboard(
    engine: AsyncEngine, village_code: str, now: datetime, sections: Collection[str]
) -> Dashboard:
    """The figures of one village for the sections asked for."""
    p: dict[str, Any] = {"village": village_code}
    since = (now - timedelta(days=30)).date()
    found: dict[str, Any] = {}
    async with engine.connect() as conn:
        p["since"] = since.isoformat() if conn.dialect.name == "sqlite" else since
        if "residents" in sections:
            found["residents"] = await _one(conn, f"SELECT residents {_RESIDENTS}", p)
            found["unreachable"] = await _one(conn, f"SELECT unreachable {_RESIDENTS}", p)
            found["by_situation"] = await _pairs(conn, _SITUATIONS, p)
        if "questions" in sections:
            found["unanswered"] = await _one(conn, _QUESTIONS, p)
        if "topics" in sections:
            found["topic_views_30_days"] = await _one(conn, f"SELECT SUM(views) {_VIEWS}", p)
            found["views_by_day"] = await _pairs(
                conn, f"SELECT CAST(day AS TEXT), SUM(views) {_VIEWS} GROUP BY day ORDER BY day", p
            )
            found["top_topics"] = await _pairs(
                conn,
                f"SELECT topic_id, SUM(views) {_VIEWS} GROUP BY topic_id ORDER BY 2 DESC, 1 "
                "LIMIT 8",
                p,
            )
        if "jobs" in sections:
            found["notices"] = await _one(conn, f"SELECT SUM(notices) {_NOTICES}", p)
            found["open_notices"] = await _one(conn, f"SELECT SUM(still_open) {_NOTICES}", p)
        if "complaints" in sections:
            found["open_complaints"] = await _one(conn, _OPEN, p)
            found["overdue_complaints"] = await _one(conn, f"{_OPEN} AND overdue = 1", p)
            by_month = await _pairs(conn, _PER_MONTH, p)
            found["complaints_by_month"] = tuple(reversed(by_month))
        if "parenting" in sections:
            found["children"] = await _one(conn, _CHILDREN, p)
    return Dashboard(sections=frozenset(sections), **found)
