"""Administration from the command line: villages and officers, every change audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.engine.text import is_district_code, is_village_code
from storage.audit import write_audit
from storage.models import OFFICER_ROLES, Officer, Village, table_of, utcnow

__all__ = ["AdminError", "AdminStore", "VillageRow"]

villages = table_of(Village)
officers = table_of(Officer)


class AdminError(ValueError):
    """A refused administrative change, with a message for the volunteer at the terminal."""


@dataclass(frozen=True, slots=True)
class VillageRow:
    """A village as listed on the command line."""

    code: str
    name: str
    timezone: str


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

    async def add_village(self, code: str, name: str, timezone: str, *, actor: str) -> None:
        """Register a village; refuses a bad or duplicate code."""
        if not is_village_code(code):
            raise AdminError(f"village code must be 10 digits, got {code!r}")
        if not name.strip():
            raise AdminError("village name must not be empty")
        async with self._engine.begin() as conn:
            try:
                result = await conn.execute(
                    insert(villages).values(
                        code=code, name=name.strip(), timezone=timezone, created_at=utcnow()
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
        return [VillageRow(r.code, r.name, r.timezone) for r in rows]
