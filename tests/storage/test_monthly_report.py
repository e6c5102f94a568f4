"""The monthly report: what a village desk and a kabupaten send up, on SQLite and PostgreSQL.

Checked on made-up cases whose figures are known (the month in the village's own zone, a
kabupaten's totals, another kabupaten left out) and on ``seed-demo``'s fake district, where
every section has figures in every month of the past year.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.complaint_models import Complaint
from storage.household_models import (
    Household,
    HouseholdBusiness,
    HouseholdMemberAbroad,
    HouseholdReturnee,
    HouseholdTraining,
)
from storage.models import AuditEntry, Resident, Village
from storage.monthly_report import (
    ReportError,
    ReportSection,
    audit_report,
    monthly_report,
)
from storage.seed import SeedPlan, seed_demo
from tests.support.chat import add_village

KENANGA, KURIPAN, FAR = "3301012001", "3301022002", "3302010001"
#: 1 March 2026 00:30 WIB is still 28 February in UTC: it counts in March.
EARLY_MARCH = datetime(2026, 2, 28, 17, 30, tzinfo=UTC)


def by_key(sections: list[ReportSection]) -> dict[str, ReportSection]:
    """The report's sections by their key."""
    return {s.key: s for s in sections}


def column(section: ReportSection, row: tuple[Any, ...], name: str) -> Any:
    """One figure of a row, by its column name."""
    return row[section.columns.index(name)]


@pytest.fixture
async def district(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """Two villages of kabupaten 3301 and one of 3302, with residents and complaints."""
    for code, name in ((KENANGA, "Desa Kenanga"), (KURIPAN, "Desa Kuripan"), (FAR, "Jauh")):
        await add_village(engine, code, name)
    async with engine.begin() as conn:
        ids = dict((await conn.execute(select(Village.code, Village.id))).tuples().all())
        people = [
            # (village, situation, time zone, first contact)
            (KENANGA, "abroad", "Asia/Taipei", datetime(2025, 6, 1, tzinfo=UTC)),
            (KENANGA, "abroad", "Asia/Taipei", EARLY_MARCH),
            (KENANGA, "abroad", "Asia/Hong_Kong", datetime(2026, 3, 20, tzinfo=UTC)),
            (KENANGA, "family", None, datetime(2026, 4, 2, tzinfo=UTC)),  # after March
            (KURIPAN, "prospective", None, datetime(2026, 1, 5, tzinfo=UTC)),
            (KURIPAN, None, None, datetime(2026, 3, 31, 16, 59, tzinfo=UTC)),  # 23:59 WIB
            (FAR, "abroad", "Asia/Taipei", datetime(2026, 3, 3, tzinfo=UTC)),
        ]
        made = await conn.execute(
            insert(Resident).returning(Resident.id, sort_by_parameter_order=True),
            [{"channel": "telegram", "external_id": str(n), "chat_id": str(n),
              "display_name": "Rahasia", "status": "active", "village_id": ids[code],
              "situation": situation, "timezone": zone, "created_at": at, "last_seen_at": at}
             for n, (code, situation, zone, at) in enumerate(people)],
        )  # fmt: skip
        resident = made.scalars().all()
        cases = [
            # (village, category, reported, first answer after, resolved after)
            (KENANGA, "wages", EARLY_MARCH, timedelta(hours=10), timedelta(hours=50)),
            (KENANGA, "violence", datetime(2026, 3, 10, tzinfo=UTC), timedelta(hours=2), None),
            (KURIPAN, "wages", datetime(2026, 3, 15, tzinfo=UTC), None, None),
            (KURIPAN, "fraud", datetime(2026, 2, 27, tzinfo=UTC), timedelta(hours=1), None),
            (FAR, "wages", datetime(2026, 3, 15, tzinfo=UTC), None, None),
        ]
        await conn.execute(insert(Complaint), [
            {"reference": f"ADU-T-{n}", "village_id": ids[code], "reporter_resident_id":
             resident[0], "category": category, "urgent": category == "violence",
             "affected": {}, "description": "rahasia", "contact": "", "disclosure": "named",
             "status": "resolved" if done else ("in_progress" if first else "new"),
             "referred_to": "", "their_reference": "", "outcome": "", "created_at": at,
             "due_at": at + timedelta(hours=24),
             "first_response_at": at + first if first else None,
             "resolved_at": at + done if done else None, "escalation_level": 0,
             "updated_at": at}
            for n, (code, category, at, first, done) in enumerate(cases)
        ])  # fmt: skip
    yield engine


async def test_a_village_report_counts_its_month_in_the_village_zone(
    district: AsyncEngine,
) -> None:
    report = await monthly_report(district, "2026-03", village=KENANGA)
    sections = by_key(report.sections)
    assert report.timezone == "Asia/Jakarta"
    residents = sections["residents"]
    (row,) = residents.rows
    assert row[:2] == (KENANGA, "Desa Kenanga")
    assert column(residents, row, "registered") == 3  # the April newcomer is not yet counted
    assert column(residents, row, "new_residents") == 2  # 00:30 WIB on 1 March is March
    assert column(residents, row, "abroad") == 3 and column(residents, row, "family") == 0
    assert residents.totals == []  # one village: no kabupaten total
    abroad = sections["abroad"]
    assert [r[2:] for r in abroad.rows] == [("Taiwan", 2), ("Hong Kong", 1)]
    assert abroad.labels == {"country"}
    times = sections["response_times"]
    (row,) = times.rows
    assert column(times, row, "received") == 2 and column(times, row, "responded") == 2
    assert column(times, row, "avg_hours_to_first_response") == 6.0
    assert column(times, row, "resolved") == 1
    assert column(times, row, "avg_hours_to_resolution") == 50.0
    categories = sections["complaint_categories"]
    assert {r[2:] for r in categories.rows} == {("wages", 1, 0), ("violence", 1, 1)}


async def test_a_kabupaten_report_has_a_row_per_village_and_totals_without_the_other_one(
    district: AsyncEngine,
) -> None:
    report = await monthly_report(district, "2026-03", regency="3301")
    sections = by_key(report.sections)
    residents = sections["residents"]
    assert [r[0] for r in residents.rows] == [KENANGA, KURIPAN]
    (total,) = residents.totals
    assert total[:2] == ("3301", None)
    assert column(residents, total, "registered") == 5  # not the other kabupaten's resident
    assert column(residents, total, "not_stated") == 1  # 23:59 WIB on 31 March
    abroad = sections["abroad"]
    assert [t[2:] for t in abroad.totals] == [("Taiwan", 2), ("Hong Kong", 1)]
    statuses = sections["complaint_statuses"]
    kuripan = next(r for r in statuses.rows if r[0] == KURIPAN)
    assert column(statuses, kuripan, "received") == 1  # the February case is not March's
    assert column(statuses, kuripan, "new") == 1
    (total,) = statuses.totals
    assert column(statuses, total, "received") == 3
    times = sections["response_times"]
    (total,) = times.totals
    # averages of the whole kabupaten come from the sums, not from the villages' averages
    assert column(times, total, "responded") == 2
    assert column(times, total, "avg_hours_to_first_response") == 6.0
    jobs = sections["jobs"]  # nothing happened: still one row per village, all zeros
    assert [r[2:] for r in jobs.rows] == [(0, 0, 0, 0, 0)] * 2


async def test_a_bad_month_or_an_unknown_area_is_refused_kindly(district: AsyncEngine) -> None:
    with pytest.raises(ReportError, match="YYYY-MM"):
        await monthly_report(district, "2026-13", village=KENANGA)
    with pytest.raises(ReportError, match="no kabupaten with code 9999"):
        await monthly_report(district, "2026-03", regency="9999")
    with pytest.raises(ReportError, match="10-digit"):
        await monthly_report(district, "2026-03", village="3301")
    with pytest.raises(ReportError, match="either"):
        await monthly_report(district, "2026-03", village=KENANGA, regency="3301")


async def test_taking_a_report_is_audited(district: AsyncEngine) -> None:
    await audit_report(district, actor="wati", code=KENANGA, month="2026-03", fmt="xlsx")
    async with district.connect() as conn:
        entry = (await conn.execute(select(AuditEntry.__table__))).one()
    assert (entry.action, entry.actor_id, entry.subject_id) == (
        "report", "wati", f"{KENANGA}/2026-03"
    )  # fmt: skip
    assert entry.village_id is not None and entry.detail == {"format": "xlsx", "area": "village"}


async def test_every_section_has_figures_in_every_month_of_the_seeded_year(
    engine: AsyncEngine,
) -> None:
    plan = SeedPlan(villages=3, residents=300)
    await seed_demo(engine, plan)
    latest = await monthly_report(engine, "2026-11", regency="3301")
    for section in latest.sections:
        assert section.rows and section.totals, section.key
    residents = by_key(latest.sections)["residents"]
    assert sum(r[2] for r in residents.rows) == 300
    months = [f"{2025 + (11 + m) // 12}-{(11 + m) % 12 + 1:02d}" for m in range(12)]
    assert months[0] == "2025-12" and months[-1] == "2026-11"
    for month in months:
        report = await monthly_report(engine, month, regency="3301")
        for section in report.sections:
            figures = [v for row in section.totals for v in row[2:] if isinstance(v, int | float)]
            assert any(figures), (month, section.key)
    village = await monthly_report(engine, "2026-11", village=plan.village_codes()[0])
    assert all(s.rows for s in village.sections)


async def test_the_registry_sections_count_families_workers_and_businesses(
    district: AsyncEngine,
) -> None:
    async with district.begin() as conn:
        ids = dict((await conn.execute(select(Village.code, Village.id))).tuples().all())
        made = await conn.execute(
            insert(Household).returning(Household.id, sort_by_parameter_order=True),
            [{"village_id": ids[code], "head_name": "Rahasia", "updated_by": "t"}
             for code in (KENANGA, KENANGA, FAR)],
        )  # fmt: skip
        kenanga, _empty, far = made.scalars().all()
        await conn.execute(insert(HouseholdMemberAbroad), [
            {"household_id": h, "name": "Rahasia", "relation": "child", "country": country,
             "sector": "domestic_care", "documented": documented}
            for h, country, documented in ((kenanga, "Taiwan", "yes"),
                                           (kenanga, "Taiwan", "no"), (far, "Taiwan", "yes"))
        ])  # fmt: skip
        await conn.execute(insert(HouseholdReturnee), [
            {"household_id": kenanga, "name": "R", "returned_on": day, "country": "Malaysia",
             "skills": ""} for day in (date(2026, 3, 31), date(2026, 4, 1))
        ])  # fmt: skip
        await conn.execute(insert(HouseholdBusiness), [
            {"household_id": kenanga, "name": "Warung", "sector": "food_drink", "status": status,
             "cooperative_member": coop} for status, coop in (("running", True),
                                                              ("planned", False))
        ])  # fmt: skip
        await conn.execute(insert(HouseholdTraining), {
            "household_id": kenanga, "training_name": "Literasi keuangan",
            "held_on": date(2026, 3, 5), "participant_name": "Rahasia",
        })  # fmt: skip
    report = by_key((await monthly_report(district, "2026-03", regency="3301")).sections)
    registry = report["registry"]
    row = next(r for r in registry.rows if r[0] == KENANGA)
    figures = {c: column(registry, row, c) for c in registry.columns[2:]}
    assert figures == {
        "registry_households": 2, "registry_abroad": 2, "registry_documented": 1,
        "registry_undocumented": 1, "registry_returned": 2, "registry_returned_in_month": 1,
        "registry_businesses": 2, "registry_running": 1, "registry_cooperative": 1,
        "registry_trained_in_month": 1,
    }  # fmt: skip
    assert sum(column(registry, t, "registry_abroad") for t in registry.totals) == 2  # not FAR
    countries = report["registry_abroad"]
    assert [r[2:] for r in countries.rows] == [("Taiwan", "Domestic work / caregiving", 2)]
    sectors = report["registry_businesses"]
    assert [r[2:] for r in sectors.rows] == [("Food & drink", 2, 1, 1)]
    assert "Rahasia" not in repr(report)  # counts only: no name leaves the registry
