"""The monthly report's sections from the migrant-family registry (pillars 2 and 4).

The registry is kept up to date rather than dated row by row, so these sections report it as
it stands when the report is made ("today" in the column names), except returns and training,
which carry their own dates and are counted in the month too. Counts only: no name, address
or agency leaves the registry through the report.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table, and_, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from flows.engine.i18n import N_
from flows.households import CHOICE_LABELS
from storage.household_models import (
    Household,
    HouseholdBusiness,
    HouseholdMemberAbroad,
    HouseholdReturnee,
    HouseholdTraining,
)
from storage.models import table_of
from storage.monthly_report import COLUMN_TITLES, ReportScope, ReportSection, count_if, rows

__all__ = ["REGISTRY_SECTIONS"]

households = table_of(Household)
abroad = table_of(HouseholdMemberAbroad)
returnees = table_of(HouseholdReturnee)
businesses = table_of(HouseholdBusiness)
trainings = table_of(HouseholdTraining)

COLUMN_TITLES.update(
    {
        "registry_households": N_("Migrant families (today)"),
        "registry_abroad": N_("Workers abroad (today)"),
        "registry_documented": N_("Of them: documented"),
        "registry_undocumented": N_("Of them: not documented"),
        "registry_returned": N_("Returned workers (all)"),
        "registry_returned_in_month": N_("Returned this month"),
        "registry_businesses": N_("Businesses (today)"),
        "registry_running": N_("Of them: running"),
        "registry_cooperative": N_("Cooperative members (today)"),
        "registry_trained_in_month": N_("Took part in training this month"),
        "sector": N_("Sector"),
    }
)


def _in_days(column: Any, scope: ReportScope) -> ColumnElement[bool]:
    """A date column falls in the report's month (dates need no time zone)."""
    return and_(column >= scope.first_day, column < scope.next_first_day)


async def registry_section(scope: ReportScope) -> ReportSection:
    """Each village's registry: families, workers abroad, returnees, businesses, training."""
    village = households.c.village_id
    in_scope = village.in_(scope.ids)

    def per_village(table: Table, *numbers: Any) -> Select[Any]:
        return (
            select(village, *numbers)
            .select_from(table)
            .join(households, households.c.id == table.c.household_id)
            .where(in_scope)
            .group_by(village)
        )

    found: dict[int, list[int]] = {vid: [0] * 10 for vid in scope.ids}
    counted = await rows(scope, select(village, func.count()).where(in_scope).group_by(village))
    for vid, n in counted:
        found[vid][0] = n
    for statement, at in (
        (per_village(abroad, func.count(), count_if(abroad.c.documented == "yes"),
                     count_if(abroad.c.documented == "no")), 1),
        (per_village(returnees, func.count(), count_if(_in_days(returnees.c.returned_on, scope))),
         4),
        (per_village(businesses, func.count(), count_if(businesses.c.status == "running"),
                     count_if(businesses.c.cooperative_member == literal(True))), 6),
        (per_village(trainings, count_if(_in_days(trainings.c.held_on, scope))), 9),
    ):  # fmt: skip
        for vid, *numbers in await rows(scope, statement):
            found[vid][at : at + len(numbers)] = [int(n or 0) for n in numbers]
    columns = ("village_code", "village_name", "registry_households", "registry_abroad",
               "registry_documented", "registry_undocumented", "registry_returned",
               "registry_returned_in_month", "registry_businesses", "registry_running",
               "registry_cooperative", "registry_trained_in_month")  # fmt: skip
    return scope.section(
        "registry", N_("Migrant-family registry"), columns,
        [(vid, *numbers) for vid, numbers in found.items()],
    )  # fmt: skip


async def registry_country_section(scope: ReportScope) -> ReportSection:
    """Workers abroad in the registry today, by country and sector."""
    labels = CHOICE_LABELS["sector_abroad"]
    found = await rows(scope, select(
        households.c.village_id, abroad.c.country, abroad.c.sector, func.count(),
    ).select_from(abroad).join(households, households.c.id == abroad.c.household_id)
     .where(households.c.village_id.in_(scope.ids))
     .group_by(households.c.village_id, abroad.c.country, abroad.c.sector))  # fmt: skip
    return scope.section(
        "registry_abroad", N_("Workers abroad by country and sector (family registry)"),
        ("village_code", "village_name", "country", "sector", "workers"),
        [(vid, country, labels.get(sector, sector), n) for vid, country, sector, n in found],
        keys=2, labels=frozenset({"sector"}),
    )  # fmt: skip


async def business_section(scope: ReportScope) -> ReportSection:
    """The families' productive businesses today, by sector: how many run, cooperative members."""
    labels = CHOICE_LABELS["sector_business"]
    found = await rows(scope, select(
        households.c.village_id, businesses.c.sector, func.count(),
        count_if(businesses.c.status == "running"),
        count_if(businesses.c.cooperative_member == literal(True)),
    ).select_from(businesses).join(households, households.c.id == businesses.c.household_id)
     .where(households.c.village_id.in_(scope.ids))
     .group_by(households.c.village_id, businesses.c.sector))  # fmt: skip
    return scope.section(
        "registry_businesses", N_("Productive businesses by sector (family registry)"),
        ("village_code", "village_name", "sector", "registry_businesses", "registry_running",
         "registry_cooperative"),
        [(vid, labels.get(sector, sector), *numbers) for vid, sector, *numbers in found],
        keys=1, labels=frozenset({"sector"}),
    )  # fmt: skip


#: The registry's sections, in the report's order (after the residents').
REGISTRY_SECTIONS = (registry_section, registry_country_section, business_section)
