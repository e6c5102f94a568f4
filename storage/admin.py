"""Administration from the command line: villages and officers, every change audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.engine.text import is_district_code, is_village_code
from storage.audit import write_audit
from storage.models import OFFICER_ROLES, Officer, Resident, Village, table_of, utcnow

__all__ = ["AdminError", "AdminStore", "OfficerListRow", "VillageRegions", "VillageRow"]

villages = table_of(Village)
officers = table_of(Officer)
residents = table_of(Resident)


class AdminError(ValueError):
    """A refused administrative change, with a message for the volunteer at the terminal."""


@dataclass(frozen=True, slots=True)
class VillageRow:
    """A village as listed on the command line."""

    code: str
    name: str
    timezone: str
    province: str | None = None
    regency: str | None = None
    district: str | None = None


@dataclass(frozen=True, slots=True)
class VillageRegions:
    """The names of the regions a village lies in (each may be unknown)."""

    province: str | None = None
    regency: str | None = None
    district: str | None = None


@dataclass(frozen=True, slots=True)
class OfficerListRow:
    """An active officer role as listed on the command line."""

    channel: str
    account: str
    role: str
    scope: str
    name: str


async def _audit(
    conn: AsyncConnection,
    actor: str,
    action: str,
    village_id: int | None,
    subject: tuple[str, str],
    **detail: object,
) -> None:
    await write_audit(
        conn,
        actor_type="admin",
        actor_id=actor,
        village_id=village_id,
        action=action,
        subject=subject,
        detail=detail,
    )


class AdminStore:
    """Adds villages and officers."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add_village(
        self,
        code: str,
        name: str,
        timezone: str,
        *,
        actor: str,
        regions: VillageRegions | None = None,
    ) -> None:
        """Register a village (with the names of its regions, when known); refuses a bad code."""
        if not is_village_code(code):
            raise AdminError(f"village code must be 10 digits, got {code!r}")
        if not name.strip():
            raise AdminError("village name must not be empty")
        regions = regions or VillageRegions()
        named = {
            key: " ".join(value.split()) or None
            for key, value in (
                ("province", regions.province),
                ("regency", regions.regency),
                ("district", regions.district),
            )
            if value is not None
        }
        if any(value is not None and len(value) > 80 for value in named.values()):
            raise AdminError("region names must be at most 80 characters")
        async with self._engine.begin() as conn:
            try:
                result = await conn.execute(
                    insert(villages).values(
                        code=code,
                        name=name.strip(),
                        timezone=timezone,
                        created_at=utcnow(),
                        **named,
                    )
                )
            except IntegrityError as exc:
                raise AdminError(f"village {code} already exists") from exc
            village_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
            await _audit(
                conn,
                actor,
                "village.added",
                village_id,
                ("village", code),
                name=name,
                timezone=timezone,
                **named,
            )

    async def add_officer(
        self,
        account: str,
        role: str,
        *,
        village_code: str | None = None,
        district_code: str | None = None,
        channel: str = "telegram",
        actor: str,
    ) -> None:
        """Give an account a role in one village, or district admin in one kabupaten."""
        if role not in OFFICER_ROLES:
            raise AdminError(f"role must be one of {', '.join(OFFICER_ROLES)}, got {role!r}")
        if not account.strip():
            raise AdminError("the officer's account id must not be empty")
        async with self._engine.begin() as conn:
            if role == "district_admin":
                if not district_code or not is_district_code(district_code):
                    raise AdminError("a district_admin needs --district with a 4-digit kabupaten")
                village_id, scope = None, district_code
            else:
                if district_code:
                    raise AdminError(f"{role} is a village role: use --village, not --district")
                village_id = (
                    await conn.execute(
                        select(villages.c.id).where(villages.c.code == (village_code or ""))
                    )
                ).scalar_one_or_none()
                if village_id is None:
                    raise AdminError(f"no village with code {village_code}: add it first")
                scope = village_code or ""
            existing = await conn.execute(
                select(officers.c.id).where(
                    officers.c.channel == channel,
                    officers.c.external_id == account,
                    officers.c.role == role,
                    officers.c.active.is_(True),
                    officers.c.village_id == village_id
                    if village_id is not None
                    else officers.c.district_code == district_code,
                )
            )
            if existing.first() is not None:
                raise AdminError(f"{account} is already {role} in {scope}")
            try:
                result = await conn.execute(
                    insert(officers).values(
                        channel=channel,
                        external_id=account,
                        village_id=village_id,
                        district_code=district_code if village_id is None else None,
                        role=role,
                        active=True,
                        created_at=utcnow(),
                    )
                )
            except IntegrityError as exc:  # a removed role given again: reactivate it
                raise AdminError(f"{account} was {role} in {scope}: {exc.orig}") from exc
            officer_id = str(result.inserted_primary_key[0]) if result.inserted_primary_key else ""
            await _audit(
                conn,
                actor,
                "officer.added",
                village_id,
                ("officer", officer_id),
                channel=channel,
                account=account,
                role=role,
                scope=scope,
            )

    async def villages(self) -> list[VillageRow]:
        """All villages, by code."""
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(villages).order_by(villages.c.code))).all()
        return [
            VillageRow(r.code, r.name, r.timezone, r.province, r.regency, r.district) for r in rows
        ]

    async def seed_demo(self, village_count: int, residents: int, seed: int) -> dict[str, int]:
        """Fill an empty database with a fake district (refused where one is already there)."""
        from storage.seed import SeedPlan, seed_demo

        if not 1 <= village_count <= 1600 or not 0 <= residents <= 5_000_000:
            raise AdminError("between 1 and 1600 villages and at most 5,000,000 residents")
        plan = SeedPlan(village_count, residents, seed)
        async with self._engine.connect() as conn:
            taken = await conn.execute(
                select(villages.c.code).where(villages.c.code.in_(plan.village_codes()))
            )
            if taken.first() is not None:
                raise AdminError("the demo district is already in this database")
        return await seed_demo(self._engine, plan)

    async def list_officers(self, village_code: str | None = None) -> list[OfficerListRow]:
        """Active officer roles (of one village and its kabupaten's admins, when given)."""
        scope = func.coalesce(villages.c.code, officers.c.district_code)
        query = (
            select(
                officers.c.channel,
                officers.c.external_id,
                officers.c.role,
                scope.label("scope"),
                residents.c.display_name,
            )
            .select_from(
                officers.outerjoin(villages, officers.c.village_id == villages.c.id).outerjoin(
                    residents,
                    (residents.c.channel == officers.c.channel)
                    & (residents.c.external_id == officers.c.external_id),
                )
            )
            .where(officers.c.active.is_(True))
            .order_by(scope, officers.c.role, officers.c.external_id)
        )
        if village_code:
            query = query.where(
                or_(
                    villages.c.code == village_code,
                    officers.c.district_code == village_code[:4],
                )
            )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [
            OfficerListRow(r.channel, r.external_id, r.role, r.scope or "", r.display_name or "")
            for r in rows
        ]

    async def remove_officer(
        self,
        account: str,
        *,
        channel: str = "telegram",
        village_code: str | None = None,
        district_code: str | None = None,
        role: str | None = None,
        actor: str,
    ) -> int:
        """Withdraw an account's active roles (narrowed by place and role); returns how many."""
        conditions = [
            officers.c.channel == channel,
            officers.c.external_id == account,
            officers.c.active.is_(True),
        ]
        if role:
            conditions.append(officers.c.role == role)
        if district_code:
            conditions.append(officers.c.district_code == district_code)
        async with self._engine.begin() as conn:
            if village_code:
                village_id = (
                    await conn.execute(select(villages.c.id).where(villages.c.code == village_code))
                ).scalar_one_or_none()
                if village_id is None:
                    raise AdminError(f"no village with code {village_code}")
                conditions.append(officers.c.village_id == village_id)
            rows = (
                await conn.execute(
                    update(officers)
                    .where(*conditions)
                    .values(active=False, removed_at=utcnow())
                    .returning(officers.c.id, officers.c.village_id, officers.c.role)
                )
            ).all()
            for row in rows:
                await _audit(
                    conn,
                    actor,
                    "officer.removed",
                    row.village_id,
                    ("officer", str(row.id)),
                    channel=channel,
                    account=account,
                    role=row.role,
                )
        return len(rows)
