"""Storage of the households capability: the registry, link codes and correction requests.

Officers' writes (``storage/household_writes.py``) are checked against the officer's role and
village before anything changes. A resident's writes, here, touch only their own link: a code
links them once, and a correction request always goes to the household their own account is
linked to. Tables: ``storage/household_models.py``; reads: ``storage/household_queries.py``.
"""

from __future__ import annotations

import logging

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.households import HouseholdCorrectionRequested, HouseholdLinked
from storage.capability import CapabilityStorage
from storage.household_models import Household, HouseholdCorrection, HouseholdLinkCode
from storage.household_queries import SqlHouseholdQueries
from storage.household_seed import seed_households
from storage.household_writes import CORRECTION_KIND, OFFICER_HANDLERS
from storage.models import table_of, utcnow

__all__ = ["CORRECTION_KIND", "STORAGE"]

log = logging.getLogger(__name__)

households = table_of(Household)
codes = table_of(HouseholdLinkCode)
corrections = table_of(HouseholdCorrection)


async def _linked(conn: AsyncConnection, person_id: int, effect: HouseholdLinked) -> None:
    row = (
        await conn.execute(
            select(codes.c.code, codes.c.household_id, households.c.village_id)
            .join(households, households.c.id == codes.c.household_id)
            .where(codes.c.code == effect.code, codes.c.used_at.is_(None),
                   codes.c.expires_at > effect.at)
            .with_for_update(of=codes)
        )
    ).first()  # fmt: skip
    if row is None:
        log.warning("resident %d: household code refused (used, expired or unknown)", person_id)
        return
    spent = await conn.execute(
        update(codes).where(codes.c.code == row.code, codes.c.used_at.is_(None))
        .values(used_at=utcnow(), used_by=person_id)
    )  # fmt: skip
    if spent.rowcount != 1:
        return
    # one household per account: a new code moves the person's link (the spent code,
    # with who spent it and when, is the record of it)
    await conn.execute(
        update(households).where(households.c.resident_id == person_id).values(resident_id=None)
    )
    await conn.execute(
        update(households).where(households.c.id == row.household_id)
        .values(resident_id=person_id)
    )  # fmt: skip


async def _requested(
    conn: AsyncConnection, person_id: int, effect: HouseholdCorrectionRequested
) -> None:
    household = (
        await conn.execute(select(households.c.id).where(households.c.resident_id == person_id))
    ).scalar_one_or_none()
    if household is None:
        log.warning("resident %d asked a correction: no household linked", person_id)
        return
    await conn.execute(
        insert(corrections).values(
            household_id=household, resident_id=person_id, text=effect.text[:2000],
            status="open", answer="", answered_by="", created_at=utcnow(),
        )
    )  # fmt: skip


STORAGE = CapabilityStorage(
    name="households",
    effects={
        **OFFICER_HANDLERS,
        HouseholdLinked: _linked,
        HouseholdCorrectionRequested: _requested,
    },
    queries=SqlHouseholdQueries,
    seed=seed_households,
)
