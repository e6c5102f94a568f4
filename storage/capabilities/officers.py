"""Storage of the officers capability: who is an officer where, and their audited actions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.officers import OfficerActed, OfficerRole
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.models import Officer, Village, table_of

__all__ = ["STORAGE", "SqlOfficerQueries"]

villages = table_of(Village)
officers = table_of(Officer)


async def _officer_acted(conn: AsyncConnection, person_id: int, effect: OfficerActed) -> None:
    await audit_officer(
        conn, effect.officer_user_id, effect.village_code, effect.action, ("", effect.subject)
    )


class SqlOfficerQueries:
    """``flows.officers.OfficerQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """Active roles of a Telegram account; other channels have no officers."""
        if channel != "telegram" or not (user_id.isascii() and user_id.isdigit()):
            return ()
        query = (
            select(villages.c.code, villages.c.name, officers.c.role)
            .select_from(officers.join(villages, officers.c.village_id == villages.c.id))
            .where(officers.c.telegram_id == int(user_id), officers.c.active.is_(True))
            .order_by(villages.c.code, officers.c.role)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(OfficerRole(r.code, r.name, r.role) for r in rows)


STORAGE = CapabilityStorage(
    name="officers", effects={OfficerActed: _officer_acted}, queries=SqlOfficerQueries
)
