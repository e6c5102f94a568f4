"""A small district for complaints tests: two villages, reporters, and every officer role.

Village A (3301012001) and village B (3301012002) are in kabupaten 3301; each officer also has
a residents row (they chat with the bot), so notices and evidence can reach them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.complaints import CaseEvidence, ComplaintQueries, ComplaintSubmitted
from flows.engine.effects import Effect
from storage.models import Officer, Resident, Village, table_of
from storage.unit_of_work import SqlUnitOfWork

__all__ = ["A", "B", "World", "apply", "make_world", "reads", "submitted"]

A, B = "3301012001", "3301012002"
NOW = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # 12:00 WIB

villages = table_of(Village)
residents = table_of(Resident)
officers = table_of(Officer)


@dataclass(frozen=True, slots=True)
class World:
    """Resident ids by name; officer accounts are their Telegram ids (as strings)."""

    siti: int  # reporter in A (named, Indonesian)
    budi: int  # another reporter in A
    nyoman: int  # reporter in B (English)
    desk_a: int  # resident id of A's desk officer (account "7001")
    coordinator_a: int  # "7002"
    coordinator_b: int  # "7003"
    district_admin: int  # "7004", kabupaten 3301
    staff_a: int  # "7005", village staff in A
    facilitator_a: int  # "7006", parenting facilitator in A


async def make_world(engine: AsyncEngine) -> World:
    """Villages, people and officer roles, committed."""
    async with engine.begin() as conn:
        ids = {}
        for code, name in ((A, "Desa Kenanga"), (B, "Desa Melati")):
            ids[code] = (
                await conn.execute(
                    insert(villages)
                    .values(code=code, name=name, timezone="Asia/Jakarta", created_at=NOW)
                    .returning(villages.c.id)
                )
            ).scalar_one()
        people = {}
        for account, name, village, locale in (
            ("1001", "Siti", A, "id"), ("1002", "Budi", A, None), ("1003", "Nyoman", B, "en"),
            ("7001", "Wati", A, "id"), ("7002", "Pak Kades", A, None),
            ("7003", "Bu Melati", B, "en"), ("7004", "Pak Camat", A, "id"),
            ("7005", "Staf", A, "id"), ("7006", "Fasilitator", A, "id"),
        ):  # fmt: skip
            people[account] = (
                await conn.execute(
                    insert(residents)
                    .values(
                        channel="telegram", external_id=account, chat_id=account,
                        display_name=name, locale=locale, language_code="id",
                        village_id=ids[village], status="active",
                    )
                    .returning(residents.c.id)
                )
            ).scalar_one()  # fmt: skip
        for account, village, role in (
            ("7001", A, "desk_officer"), ("7002", A, "coordinator"), ("7003", B, "coordinator"),
            ("7005", A, "village_staff"), ("7006", A, "parenting_facilitator"),
        ):  # fmt: skip
            await conn.execute(
                insert(officers).values(
                    channel="telegram", external_id=account, village_id=ids[village], role=role
                )
            )
        await conn.execute(
            insert(officers).values(
                channel="telegram", external_id="7004", district_code="3301",
                role="district_admin",
            )
        )  # fmt: skip
    return World(*(people[a] for a in ("1001", "1002", "1003", "7001", "7002", "7003", "7004",
                                       "7005", "7006")))  # fmt: skip


async def apply(engine: AsyncEngine, person_id: int, *effects: Effect) -> None:
    """Apply effects as the runner does: in one transaction, committed."""
    async with SqlUnitOfWork(engine) as uow:
        for effect in effects:
            await uow.apply(person_id, effect)
        await uow.commit()


@asynccontextmanager
async def reads(engine: AsyncEngine) -> AsyncIterator[ComplaintQueries]:
    """The complaints capability's reads, as flows get them."""
    async with SqlUnitOfWork(engine) as uow:
        yield cast(ComplaintQueries, uow.queries.of("complaints"))


def submitted(
    reference: str = "ADU-3301-7KQ2MX",
    *,
    village: str = A,
    category: str = "wages",
    urgent: bool = False,
    due_in: timedelta = timedelta(hours=72),
    disclosure: Any = "named",
    evidence: tuple[CaseEvidence, ...] = (),
    now: datetime | None = None,
) -> ComplaintSubmitted:
    """A confirmed report with sensible defaults."""
    return ComplaintSubmitted(
        reference=reference,
        village_code=village,
        category=category,
        urgent=urgent,
        due_at=(now or datetime.now(UTC)) + due_in,
        affected={
            "who": "family",
            "name": "Sri",
            "relation": "adik",
            "country": "Taiwan",
            "city": "Taipei",
            "employer": "PT Maju",
        },
        description="Gaji adik saya tiga bulan tidak dibayar.",
        contact="",
        disclosure=disclosure,
        evidence=evidence,
    )


async def case_id(engine: AsyncEngine, reference: str) -> int:
    """The id of the case with this reference."""
    from storage.complaint_models import Complaint

    complaints = table_of(Complaint)
    async with engine.connect() as conn:
        found = await conn.execute(
            select(complaints.c.id).where(complaints.c.reference == reference)
        )
        return int(found.scalar_one())
