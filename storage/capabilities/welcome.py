"""Storage of the welcome capability: the person's language, village and settings.

Also the village directory people search and browse to register without knowing the code.
It reads the ``villages`` table alone: no answer to a search ever touches ``residents``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import LanguageChosen, VillageJoined
from flows.welcome import (
    AnnouncementsMuted,
    Place,
    Region,
    SituationChosen,
    TimezoneChosen,
    rank_places,
)
from storage.capability import CapabilityStorage
from storage.models import Resident, Village, table_of

__all__ = ["STORAGE", "SqlWelcomeQueries"]

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


_PLACE_COLUMNS = (
    villages.c.code,
    villages.c.name,
    villages.c.district,
    villages.c.regency,
    villages.c.province,
    villages.c.timezone,
)


def _place(row: Any) -> Place:
    return Place(row.code, row.name, row.district, row.regency, row.province, row.timezone)


def _prefix(digits: int) -> ColumnElement[str]:
    # literal numbers, so GROUP BY repeats the very expression PostgreSQL sees in SELECT
    return func.substr(villages.c.code, literal_column("1"), literal_column(str(digits)))


class SqlWelcomeQueries:
    """The village directory, read on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def search_villages(self, typed: str, limit: int) -> tuple[Place, ...]:
        """The villages whose name is closest to what was typed, best first (typos forgiven)."""
        # Desmigratif villages number in the hundreds, so every name is compared; the
        # comparison forgives what SQL's LIKE cannot (typos, spacing, old spellings).
        rows = await self._conn.execute(select(*_PLACE_COLUMNS))
        return rank_places(typed, (_place(row) for row in rows), limit)

    async def place(self, code: str) -> Place | None:
        """The village with this code and its regions, if the bot knows it."""
        row = (
            await self._conn.execute(select(*_PLACE_COLUMNS).where(villages.c.code == code))
        ).first()
        return _place(row) if row is not None else None

    async def _regions(self, digits: int, name: Any, within: str = "") -> tuple[Region, ...]:
        prefix = _prefix(digits).label("prefix")
        query = select(prefix, func.max(name).label("name"), func.count().label("villages"))
        if within:
            query = query.where(villages.c.code.startswith(within, autoescape=True))
        rows = (await self._conn.execute(query.group_by(prefix))).all()
        regions = [Region(r.prefix, r.name, int(r.villages)) for r in rows]
        regions.sort(key=lambda r: (r.name is None, (r.name or "").casefold(), r.code))
        return tuple(regions)

    async def provinces(self) -> tuple[Region, ...]:
        """The provinces that hold known villages, by name."""
        return await self._regions(2, villages.c.province)

    async def regencies(self, province_code: str) -> tuple[Region, ...]:
        """The kabupaten/kota of one province that hold known villages, by name."""
        return await self._regions(4, villages.c.regency, province_code[:2])

    async def villages_in(self, regency_code: str) -> tuple[Place, ...]:
        """The known villages of one kabupaten/kota, by name."""
        rows = await self._conn.execute(
            select(*_PLACE_COLUMNS)
            .where(villages.c.code.startswith(regency_code[:4], autoescape=True))
            .order_by(villages.c.name, villages.c.code)
        )
        return tuple(_place(row) for row in rows)


STORAGE = CapabilityStorage(
    name="welcome",
    effects={
        LanguageChosen: _language_chosen,
        VillageJoined: _village_joined,
        SituationChosen: _situation,
        TimezoneChosen: _timezone,
        AnnouncementsMuted: _muted,
    },
    queries=SqlWelcomeQueries,
)
