"""The monthly report's sections on the desk's services: jobs, checklists, children, news.

Each service's figures come from several tables (a notice and the people interested in it),
so a section runs a few small grouped counts and joins them per village here, in Python,
rather than in one statement that would multiply rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select

from flows.engine.i18n import N_
from storage.capabilities.announcements import KIND as ANNOUNCEMENT_KIND
from storage.capabilities.announcements import Announcement
from storage.checklist_models import Checklist, ChecklistItem
from storage.delivery_models import Delivery
from storage.job_models import JobInterest, JobNotice, JobOffer, JobSubscription
from storage.models import Resident, table_of
from storage.monthly_report import ReportScope, ReportSection, count_if, in_month, rows
from storage.parenting_models import Child, ChildLink, ChildUpdate
from storage.parenting_officers import UPDATE_KIND

__all__ = ["announcement_section", "checklist_section", "job_section", "parenting_section"]

residents = table_of(Resident)
notices = table_of(JobNotice)
interests = table_of(JobInterest)
subscriptions = table_of(JobSubscription)
offers = table_of(JobOffer)
checklists = table_of(Checklist)
items = table_of(ChecklistItem)
children = table_of(Child)
links = table_of(ChildLink)
updates = table_of(ChildUpdate)
announcements = table_of(Announcement)
deliveries = table_of(Delivery)


async def _merged(scope: ReportScope, *statements: Any) -> list[tuple[Any, ...]]:
    """Per village, the numbers of several ``(village id, *numbers)`` statements side by side."""
    merged: dict[int, list[Any]] = {}
    width = 0
    for statement in statements:
        found: Sequence[Sequence[Any]] = await rows(scope, statement)
        size = len(statement.selected_columns) - 1
        for row in found:
            merged.setdefault(row[0], [0] * width).extend(row[1:])
        for numbers in merged.values():
            numbers.extend([0] * (width + size - len(numbers)))
        width += size
    return [(village_id, *numbers) for village_id, numbers in merged.items()]


async def job_section(scope: ReportScope) -> ReportSection:
    """Job notices the desk published, interest in them, subscriptions and offers to check."""
    published = in_month(notices.c.published_at, scope)
    found = await _merged(
        scope,
        select(notices.c.village_id, func.count(), func.coalesce(func.sum(notices.c.openings), 0))
        .where(notices.c.village_id.in_(scope.ids), published)
        .group_by(notices.c.village_id),
        select(notices.c.village_id, count_if(interests.c.status == "interested"))
        .join(notices, notices.c.id == interests.c.notice_id)
        .where(notices.c.village_id.in_(scope.ids), in_month(interests.c.created_at, scope))
        .group_by(notices.c.village_id),
        select(residents.c.village_id, func.count())
        .join(residents, residents.c.id == subscriptions.c.resident_id)
        .where(residents.c.village_id.in_(scope.ids), in_month(subscriptions.c.created_at, scope))
        .group_by(residents.c.village_id),
        select(offers.c.village_id, func.count())
        .where(offers.c.village_id.in_(scope.ids), in_month(offers.c.created_at, scope))
        .group_by(offers.c.village_id),
    )
    columns = ("village_code", "village_name", "notices_published", "openings", "interested",
               "subscribed", "offers_checked")  # fmt: skip
    return scope.section("jobs", N_("Job notices and job offers"), columns, found)


async def checklist_section(scope: ReportScope) -> ReportSection:
    """Document checklists started, workers departed, documents the desk verified."""
    keeper = residents.c.id == checklists.c.resident_id
    found = await _merged(
        scope,
        select(residents.c.village_id, count_if(in_month(checklists.c.created_at, scope)),
               count_if(and_(checklists.c.status == "departed",
                             in_month(checklists.c.closed_at, scope))),
               count_if(and_(checklists.c.status == "cancelled",
                             in_month(checklists.c.closed_at, scope))))
        .join(residents, keeper)
        .where(residents.c.village_id.in_(scope.ids),
               or_(in_month(checklists.c.created_at, scope),
                   in_month(checklists.c.closed_at, scope)))
        .group_by(residents.c.village_id),
        select(residents.c.village_id, func.count())
        .select_from(items.join(checklists, checklists.c.id == items.c.checklist_id)
                     .join(residents, keeper))
        .where(residents.c.village_id.in_(scope.ids), in_month(items.c.verified_at, scope))
        .group_by(residents.c.village_id),
    )  # fmt: skip
    columns = ("village_code", "village_name", "started", "departed", "cancelled",
               "documents_verified")  # fmt: skip
    return scope.section("checklists", N_("Document checklists"), columns, found)


async def parenting_section(scope: ReportScope) -> ReportSection:
    """Children followed, parents linked to them, updates written and delivered."""
    linked = and_(
        links.c.status.in_(("active", "ended")), links.c.confirmed_at < scope.end,
        or_(links.c.ended_at.is_(None), links.c.ended_at >= scope.end),
    )  # fmt: skip
    found = await _merged(
        scope,
        select(children.c.village_id, count_if(children.c.created_at < scope.end))
        .where(children.c.village_id.in_(scope.ids))
        .group_by(children.c.village_id),
        select(children.c.village_id, count_if(linked),
               count_if(in_month(links.c.confirmed_at, scope)))
        .join(children, children.c.id == links.c.child_id)
        .where(children.c.village_id.in_(scope.ids), links.c.relation != "caregiver")
        .group_by(children.c.village_id),
        select(children.c.village_id, func.count())
        .join(children, children.c.id == updates.c.child_id)
        .where(children.c.village_id.in_(scope.ids), in_month(updates.c.created_at, scope))
        .group_by(children.c.village_id),
        select(children.c.village_id, func.count())
        .select_from(deliveries.join(updates, updates.c.id == deliveries.c.source_id)
                     .join(children, children.c.id == updates.c.child_id))
        .where(deliveries.c.kind == UPDATE_KIND, deliveries.c.status == "sent",
               children.c.village_id.in_(scope.ids), in_month(deliveries.c.sent_at, scope))
        .group_by(children.c.village_id),
    )  # fmt: skip
    columns = ("village_code", "village_name", "children", "parents_linked", "new_links",
               "updates_written", "updates_delivered")  # fmt: skip
    return scope.section("parenting", N_("Community parenting"), columns, found)


async def announcement_section(scope: ReportScope) -> ReportSection:
    """Announcements that started this month, and how many people they reached."""
    this_month = and_(announcements.c.village_id.in_(scope.ids),
                      in_month(announcements.c.send_at, scope))  # fmt: skip
    status = deliveries.c.status
    found = await _merged(
        scope,
        select(announcements.c.village_id, func.count())
        .where(this_month)
        .group_by(announcements.c.village_id),
        select(announcements.c.village_id, count_if(status == "sent"),
               count_if(status == "failed"), count_if(status == "unreachable"),
               count_if(status == "cancelled"), count_if(status.in_(("pending", "sending"))))
        .join(announcements, and_(announcements.c.id == deliveries.c.source_id,
                                  deliveries.c.kind == ANNOUNCEMENT_KIND))
        .where(this_month)
        .group_by(announcements.c.village_id),
    )  # fmt: skip
    columns = ("village_code", "village_name", "announcements", "delivered", "failed",
               "unreachable", "cancelled", "waiting")  # fmt: skip
    return scope.section("announcements", N_("Announcements and their reach"), columns, found)
