"""The registry's reads: a village's households for its officers, one's own for a resident.

Officers' reads are scoped by the village code in SQL; a resident's by the household their
account is linked to (``households.resident_id``). A forged id of another village or another
family's household finds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.households import (
    CodeRow,
    CorrectionRow,
    HouseholdRow,
    HouseholdSummary,
    RecordRow,
)
from storage.household_models import Household, HouseholdCorrection, HouseholdLinkCode
from storage.household_writes import RECORD_TABLES
from storage.models import Village, table_of, village_id_of

__all__ = ["SqlHouseholdQueries"]

households = table_of(Household)
corrections = table_of(HouseholdCorrection)
codes = table_of(HouseholdLinkCode)
villages = table_of(Village)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlHouseholdQueries:
    """``HouseholdQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def village_households(
        self, village_code: str, search: str, offset: int, limit: int
    ) -> tuple[tuple[HouseholdSummary, ...], int]:
        """A page of the village's households matching ``search``, and how many match."""
        where = [households.c.village_id == village_id_of(village_code)]
        if search.strip():
            pattern = f"%{_escaped(search.strip().lower())}%"
            where.append(
                or_(func.lower(households.c.head_name).like(pattern, escape="\\"),
                    func.lower(households.c.dusun).like(pattern, escape="\\"))
            )  # fmt: skip
        total = (
            await self._conn.execute(select(func.count()).select_from(households).where(*where))
        ).scalar_one()
        rows = await self._conn.execute(
            select(households.c.id, households.c.head_name, households.c.dusun,
                   households.c.rt, households.c.rw)
            .where(*where).order_by(households.c.head_name, households.c.id)
            .offset(max(offset, 0)).limit(limit)
        )  # fmt: skip
        found = tuple(HouseholdSummary(r.id, r.head_name, r.dusun, r.rt, r.rw) for r in rows)
        return found, int(total)

    async def _household(self, *where: Any) -> HouseholdRow | None:
        row = (
            await self._conn.execute(
                select(households, villages.c.code.label("village_code"),
                       villages.c.name.label("village_name"))
                .join(villages, villages.c.id == households.c.village_id)
                .where(*where)
            )
        ).first()  # fmt: skip
        if row is None:
            return None
        records: list[RecordRow] = []
        for kind, table in RECORD_TABLES.items():
            found = await self._conn.execute(
                select(table).where(table.c.household_id == row.id).order_by(table.c.id)
            )
            for record in found.mappings():
                values = {k: v for k, v in record.items() if k not in ("id", "household_id")}
                records.append(RecordRow(kind, record["id"], values))
        return HouseholdRow(
            id=row.id, village_code=row.village_code, village_name=row.village_name,
            key=row.household_key, head_name=row.head_name, dusun=row.dusun, rt=row.rt,
            rw=row.rw, address=row.address, linked=row.resident_id is not None,
            updated_at=row.updated_at, records=tuple(records),
        )  # fmt: skip

    async def village_household(self, village_code: str, household_id: int) -> HouseholdRow | None:
        """The household if it is of that village."""
        return await self._household(
            households.c.id == household_id,
            households.c.village_id == village_id_of(village_code),
        )

    async def my_household(self, resident_id: int) -> HouseholdRow | None:
        """The household linked to this resident's account."""
        return await self._household(households.c.resident_id == resident_id)

    def _corrections(self) -> Any:
        return select(
            corrections.c.id, corrections.c.household_id, households.c.head_name,
            corrections.c.text, corrections.c.status, corrections.c.answer,
            corrections.c.created_at,
        ).join(households, households.c.id == corrections.c.household_id)  # fmt: skip

    async def open_corrections(self, village_code: str) -> tuple[CorrectionRow, ...]:
        """The village's open requests, oldest first."""
        rows = await self._conn.execute(
            self._corrections()
            .where(households.c.village_id == village_id_of(village_code),
                   corrections.c.status == "open")
            .order_by(corrections.c.created_at, corrections.c.id)
        )  # fmt: skip
        return tuple(CorrectionRow(*r) for r in rows)

    async def my_corrections(self, resident_id: int) -> tuple[CorrectionRow, ...]:
        """This resident's requests about the household they are linked to, newest first."""
        rows = await self._conn.execute(
            self._corrections()
            .where(corrections.c.resident_id == resident_id,
                   households.c.resident_id == resident_id)
            .order_by(corrections.c.created_at.desc(), corrections.c.id.desc())
            .limit(5)
        )  # fmt: skip
        return tuple(CorrectionRow(*r) for r in rows)

    async def link_code(self, code: str, now: datetime) -> CodeRow | None:
        """The code, with whose household it opens and whether it still works."""
        row = (
            await self._conn.execute(
                select(codes.c.code, codes.c.household_id, villages.c.name, households.c.head_name,
                       codes.c.used_at, codes.c.expires_at)
                .join(households, households.c.id == codes.c.household_id)
                .join(villages, villages.c.id == households.c.village_id)
                .where(codes.c.code == code)
            )
        ).first()  # fmt: skip
        if row is None:
            return None
        usable = row.used_at is None and row.expires_at > now
        return CodeRow(row.code, row.household_id, row.name, row.head_name, usable)
