"""Reading the office's views for an export: one village, streamed row by row.

Exports read only the ``office_*`` views, which hold counts and references, never names,
message texts or contacts, so a file that leaves the desk carries no personal data. Rows are
streamed from the database (a server-side cursor on PostgreSQL), so a district's data never
sits in memory at once. Every export is written to the audit log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.audit import write_audit
from storage.models import village_id_of

__all__ = ["EXPORTS", "ExportError", "audit_export", "stream_export"]

#: What can be exported (the command's name for it) → the office view it reads.
EXPORTS: Mapping[str, str] = {
    "residents": "office_residents_per_village",
    "unanswered-questions": "office_unanswered_questions",
    "topic-views": "office_topic_views",
    "open-complaints": "office_open_complaints",
    "complaints-per-month": "office_complaints_per_month",
    "complaint-response-times": "office_complaint_response_times",
    # the migrant-family registry: counts only (names stay in office_households)
    "registry-summary": "office_registry_summary",
    "workers-abroad": "office_workers_abroad_by_country",
    "businesses": "office_businesses_by_sector",
}


class ExportError(ValueError):
    """An export that cannot be made (unknown kind or village)."""


async def stream_export(
    engine: AsyncEngine, what: str, village_code: str, *, batch: int = 500
) -> AsyncIterator[tuple[Sequence[str], Sequence[Sequence[Any]]]]:
    """Yield (column names, a batch of rows) for one village, batch after batch."""
    view = EXPORTS.get(what)
    if view is None:
        raise ExportError(f"unknown export {what!r}; choose one of {', '.join(EXPORTS)}")
    async with engine.connect() as conn:
        known = await conn.execute(
            text("SELECT 1 FROM villages WHERE code = :code"), {"code": village_code}
        )
        if known.first() is None:
            raise ExportError(f"no village with code {village_code}")
        # the view name comes from EXPORTS above, never from the caller
        result = await conn.stream(
            text(f"SELECT * FROM {view} WHERE village_code = :code"), {"code": village_code}
        )
        columns = list(result.keys())
        yield columns, []  # the header, even for a village with nothing to export yet
        async for rows in result.partitions(batch):
            yield columns, [tuple(row) for row in rows]


async def audit_export(
    engine: AsyncEngine, *, actor: str, what: str, village_code: str, fmt: str, rows: int
) -> None:
    """Record who exported what, for which village, and how many rows."""
    async with engine.begin() as conn:
        await write_audit(
            conn,
            actor_type="admin",  # the command line is run by whoever administers the server
            actor_id=actor,
            village_id=village_id_of(village_code),
            action="export",
            subject=("export", what),
            detail={"format": fmt, "rows": rows},
        )
