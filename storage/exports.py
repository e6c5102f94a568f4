"""Reading the office's views for an export: one village or a whole kabupaten, row by row.

Exports read only the ``office_*`` views, which hold counts and references, never message
texts or contacts; only ``resident-list`` (the office's own register of people) carries each
person's first name, so that file is personal data, which the bot gives only to
coordinators and desk officers (``exports.personal`` in ``flows/officers/access.py``). Rows
are streamed from the database (a server-side cursor on PostgreSQL), so a district's 100,000
residents never sit in memory at once. Every export is written to the audit log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.audit import write_audit
from storage.models import village_id_of

__all__ = ["EXPORTS", "PERSONAL_EXPORTS", "ExportError", "audit_export", "stream_export"]

#: What can be exported (the command's name for it) → the office view it reads.
EXPORTS: Mapping[str, str] = {
    "residents": "office_residents_per_village",
    "residents-by-situation": "office_residents_by_situation",
    "unanswered-questions": "office_unanswered_questions",
    "topic-views": "office_topic_views",
    "open-complaints": "office_open_complaints",
    "complaints-per-month": "office_complaints_per_month",
    "complaint-response-times": "office_complaint_response_times",
    "checklist-progress": "office_checklist_progress",
    "checklist-documents": "office_checklist_items",
    "job-notices-per-month": "office_job_notices_per_month",
    "job-interests": "office_job_interests_per_notice",
    "announcement-reach": "office_announcement_reach",
    "parenting-children": "office_parenting_children",
    "parenting-updates-per-month": "office_parenting_updates_per_month",
    "parenting-messages-per-month": "office_parenting_messages_per_month",
    "resident-list": "office_resident_list",
    # the migrant-family registry: counts only (names stay in office_households)
    "registry-summary": "office_registry_summary",
    "workers-abroad": "office_workers_abroad_by_country",
    "businesses": "office_businesses_by_sector",
}
#: The exports that hold personal data (names of residents).
PERSONAL_EXPORTS = frozenset({"resident-list"})


class ExportError(ValueError):
    """An export that cannot be made (unknown kind or village)."""


async def stream_export(
    engine: AsyncEngine,
    what: str,
    village_code: str | None = None,
    *,
    regency: str | None = None,
    batch: int = 2_000,
) -> AsyncIterator[tuple[Sequence[str], Sequence[Sequence[Any]]]]:
    """Yield (column names, a batch of rows) for one village or one kabupaten (4 digits)."""
    view = EXPORTS.get(what)
    if view is None:
        raise ExportError(f"unknown export {what!r}; choose one of {', '.join(EXPORTS)}")
    if (village_code is None) == (regency is None):
        raise ExportError("give either a village code or a kabupaten code")
    if regency is not None and not (len(regency) == 4 and regency.isdigit()):
        raise ExportError(f"{regency!r} is not a 4-digit kabupaten code")
    # a kabupaten is every village whose code starts with its four digits
    match, code = ("=", village_code) if regency is None else ("LIKE", f"{regency}%")
    async with engine.connect() as conn:
        known = await conn.execute(
            text(f"SELECT 1 FROM villages WHERE code {match} :code"), {"code": code}
        )
        if known.first() is None:
            kind = "village" if regency is None else "kabupaten"
            raise ExportError(f"no {kind} with code {village_code or regency}")
        # the view name comes from EXPORTS above, never from the caller
        result = await conn.stream(
            text(f"SELECT * FROM {view} WHERE village_code {match} :code"), {"code": code}
        )
        columns = list(result.keys())
        yield columns, []  # the header, even for a village with nothing to export yet
        async for rows in result.partitions(batch):
            yield columns, [tuple(row) for row in rows]


async def audit_export(
    engine: AsyncEngine,
    *,
    actor: str,
    what: str,
    village_code: str | None = None,
    regency: str | None = None,
    fmt: str,
    rows: int,
) -> None:
    """Record who exported what, for which village (or kabupaten), and how many rows."""
    detail: dict[str, object] = {"format": fmt, "rows": rows}
    if regency is not None:
        detail["kabupaten"] = regency
    async with engine.begin() as conn:
        await write_audit(
            conn,
            actor_type="admin",  # the command line is run by whoever administers the server
            actor_id=actor,
            village_id=village_id_of(village_code) if village_code else None,
            action="export",
            subject=("export", what),
            detail=detail,
        )
