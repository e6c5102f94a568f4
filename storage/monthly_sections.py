"""The monthly report's sections: one small function per table, in the order of the report.

Each reads only counts (never a name, a text or a contact) for the scope's villages and month
and hands ``(village id, *keys, *numbers)`` rows to ``ReportScope.section``, which adds the
village names, the zero rows and the kabupaten's totals. To add a section, write a function
here (or in a module of its own) and append it to ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, distinct, func, literal, select

from flows.engine.i18n import N_
from storage.capabilities.information import TopicView
from storage.complaint_models import Complaint
from storage.models import RESIDENT_SITUATIONS, Resident, UnansweredQuestion, table_of
from storage.monthly_registry import REGISTRY_SECTIONS
from storage.monthly_report import ReportScope, ReportSection, count_if, hours, in_month, rows
from storage.monthly_sections_more import (
    announcement_section,
    checklist_section,
    job_section,
    parenting_section,
)

__all__ = ["COUNTRIES", "SECTIONS"]

residents = table_of(Resident)
complaints = table_of(Complaint)
topic_views = table_of(TopicView)
unanswered = table_of(UnansweredQuestion)

#: A worker's own time zone (asked when they say they work abroad) → the country's name.
COUNTRIES: dict[str | None, str] = {
    "Asia/Hong_Kong": N_("Hong Kong"),
    "Asia/Taipei": N_("Taiwan"),
    "Asia/Kuala_Lumpur": N_("Malaysia"),
    "Asia/Singapore": N_("Singapore"),
    "Asia/Seoul": N_("South Korea"),
    "Asia/Tokyo": N_("Japan"),
    "Asia/Riyadh": N_("Saudi Arabia"),
    "Asia/Dubai": N_("United Arab Emirates"),
    None: N_("Not stated"),
}
COMPLAINT_STATUSES = (
    "new", "in_progress", "waiting_reporter", "referred", "resolved", "closed", "withdrawn",
)  # fmt: skip


async def resident_section(scope: ReportScope) -> ReportSection:
    """Residents registered at the month's end by their situation, and new ones this month."""
    registered = residents.c.created_at < scope.end
    situations = [count_if(and_(registered, residents.c.situation == s)) for s in
                  RESIDENT_SITUATIONS]  # fmt: skip
    found = await rows(scope, select(
        residents.c.village_id, count_if(registered),
        count_if(in_month(residents.c.created_at, scope)), *situations,
        count_if(and_(registered, residents.c.situation.is_(None))),
    ).where(residents.c.village_id.in_(scope.ids)).group_by(residents.c.village_id))  # fmt: skip
    columns = ("village_code", "village_name", "registered", "new_residents",
               *RESIDENT_SITUATIONS, "not_stated")  # fmt: skip
    return scope.section("residents", N_("Registered residents by situation"), columns, found)


async def abroad_section(scope: ReportScope) -> ReportSection:
    """Workers abroad at the month's end, by the country of the time zone they gave."""
    found = await rows(scope, select(
        residents.c.village_id, residents.c.timezone, func.count(),
    ).where(
        residents.c.village_id.in_(scope.ids), residents.c.situation == "abroad",
        residents.c.created_at < scope.end,
    ).group_by(residents.c.village_id, residents.c.timezone))  # fmt: skip
    named: dict[tuple[int, str], int] = {}
    for village_id, zone, count in found:
        key = (village_id, COUNTRIES.get(zone, zone))
        named[key] = named.get(key, 0) + count
    return scope.section(
        "abroad", N_("Workers abroad by country"),
        ("village_code", "village_name", "country", "workers"),
        [(*k, n) for k, n in named.items()], keys=1, labels=frozenset({"country"}),
    )  # fmt: skip


async def complaint_category_section(scope: ReportScope) -> ReportSection:
    """Complaints received this month, by category."""
    found = await rows(scope, select(
        complaints.c.village_id, complaints.c.category, func.count(),
        count_if(complaints.c.urgent == literal(True)),
    ).where(complaints.c.village_id.in_(scope.ids), in_month(complaints.c.created_at, scope))
     .group_by(complaints.c.village_id, complaints.c.category))  # fmt: skip
    return scope.section(
        "complaint_categories", N_("Complaints received by category"),
        ("village_code", "village_name", "category", "received", "urgent"), found, keys=1,
    )  # fmt: skip


async def complaint_status_section(scope: ReportScope) -> ReportSection:
    """Complaints received this month, by where each stands today."""
    found = await rows(scope, select(
        complaints.c.village_id, func.count(),
        *(count_if(complaints.c.status == s) for s in COMPLAINT_STATUSES),
    ).where(complaints.c.village_id.in_(scope.ids), in_month(complaints.c.created_at, scope))
     .group_by(complaints.c.village_id))  # fmt: skip
    return scope.section(
        "complaint_statuses", N_("Complaints received this month: where they stand today"),
        ("village_code", "village_name", "received", *COMPLAINT_STATUSES), found,
    )  # fmt: skip


def _averages(numbers: Sequence[float]) -> Sequence[Any]:
    received, responded, in_time, to_first, resolved, to_resolution = numbers
    return (
        int(received), int(responded), int(in_time),
        round(to_first / responded, 1) if responded else None,
        int(resolved), round(to_resolution / resolved, 1) if resolved else None,
    )  # fmt: skip


async def response_time_section(scope: ReportScope) -> ReportSection:
    """How fast the desk answered and resolved the complaints received this month."""
    answered = complaints.c.first_response_at.is_not(None)
    done = complaints.c.resolved_at.is_not(None)
    found = await rows(scope, select(
        complaints.c.village_id, func.count(), count_if(answered),
        count_if(and_(answered, complaints.c.first_response_at <= complaints.c.due_at)),
        func.coalesce(func.sum(
            hours(scope, complaints.c.created_at, complaints.c.first_response_at)), 0),
        count_if(done),
        func.coalesce(func.sum(hours(scope, complaints.c.created_at, complaints.c.resolved_at)),
                      0),
    ).where(complaints.c.village_id.in_(scope.ids), in_month(complaints.c.created_at, scope))
     .group_by(complaints.c.village_id))  # fmt: skip
    columns = ("village_code", "village_name", "received", "responded", "responded_in_time",
               "avg_hours_to_first_response", "resolved", "avg_hours_to_resolution")  # fmt: skip
    return scope.section(
        "response_times", N_("Complaints: response times"), columns, found, derive=_averages
    )


async def topic_section(scope: ReportScope) -> ReportSection:
    """Information pages opened this month, by topic (days in the village's zone)."""
    found = await rows(scope, select(
        topic_views.c.village_id, topic_views.c.topic_id, func.sum(topic_views.c.views),
    ).where(
        topic_views.c.village_id.in_(scope.ids), topic_views.c.day >= scope.first_day,
        topic_views.c.day < scope.next_first_day,
    ).group_by(topic_views.c.village_id, topic_views.c.topic_id))  # fmt: skip
    return scope.section(
        "topics", N_("Information requests by topic"),
        ("village_code", "village_name", "topic", "views"), found, keys=1,
    )  # fmt: skip


async def unanswered_section(scope: ReportScope) -> ReportSection:
    """Questions the bot could not answer this month (how many, how many different)."""
    found = await rows(scope, select(
        unanswered.c.village_id, func.count(), func.count(distinct(unanswered.c.normalized)),
    ).where(unanswered.c.village_id.in_(scope.ids), in_month(unanswered.c.asked_at, scope))
     .group_by(unanswered.c.village_id))  # fmt: skip
    return scope.section(
        "unanswered", N_("Questions the bot could not answer"),
        ("village_code", "village_name", "unanswered", "different_questions"), found,
    )  # fmt: skip


#: The report's sections, in order.
SECTIONS = (
    resident_section,
    *REGISTRY_SECTIONS,
    abroad_section,
    complaint_category_section,
    complaint_status_section,
    response_time_section,
    topic_section,
    unanswered_section,
    job_section,
    checklist_section,
    parenting_section,
    announcement_section,
)
