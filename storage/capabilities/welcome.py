"""Storage of the welcome capability: the person's language, village and settings."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import LanguageChosen, VillageJoined
from flows.welcome import AnnouncementsMuted, SituationChosen, TimezoneChosen
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


async def _set(conn: AsyncConnection, person_id: int, **values: object) -> None:
    await conn.execute(update(residents).where(residents.c.id == person_id).values(**values))


async def _situation(conn: AsyncConnection, person_id: int, effect: SituationChosen) -> None:
    await _set(conn, person_id, situation=effect.situation)


async def _timezone(conn: AsyncConnection, person_id: int, effect: TimezoneChosen) -> None:
    await _set(conn, person_id, timezone=effect.timezone)


async def _muted(conn: AsyncConnection, person_id: int, effect: AnnouncementsMuted) -> None:
    await _set(conn, person_id, announcements_muted=effect.muted)


STORAGE = CapabilityStorage(
    name="welcome",
    effects={
        LanguageChosen: _language_chosen,
        VillageJoined: _village_joined,
        SituationChosen: _situation,
        TimezoneChosen: _timezone,
        AnnouncementsMuted: _muted,
    },
)
