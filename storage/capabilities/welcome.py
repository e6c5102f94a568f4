"""Storage of the welcome capability: the person's language and village."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import LanguageChosen, VillageJoined
from storage.capability import CapabilityStorage
from storage.models import Resident, Village, table_of

__all__ = ["STORAGE"]

residents = table_of(Resident)
villages = table_of(Village)


async def _language_chosen(conn: AsyncConnection, person_id: int, effect: LanguageChosen) -> None:
    await conn.execute(
        update(residents).where(residents.c.id == person_id).values(locale=effect.locale)
    )


async def _village_joined(conn: AsyncConnection, person_id: int, effect: VillageJoined) -> None:
    village_id = select(villages.c.id).where(villages.c.code == effect.village_code)
    await conn.execute(
        update(residents)
        .where(residents.c.id == person_id)
        .values(village_id=village_id.scalar_subquery())
    )


STORAGE = CapabilityStorage(
    name="welcome",
    effects={LanguageChosen: _language_chosen, VillageJoined: _village_joined},
)
