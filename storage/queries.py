"""The reads flows make in a unit of work (``flows.engine.ports.Queries``).

Shared reads live here; each capability's reads come from its storage module, built on the
same connection the first time a flow asks for them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.ports import Village as VillageView
from storage.models import Village, table_of
from storage.registry import QUERIES

__all__ = ["SqlQueries"]

villages = table_of(Village)


class SqlQueries:
    """Read-only lookups for flows, inside the current transaction."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        self._built: dict[str, object] = {}

    def of(self, capability: str) -> object:
        """The reads of one capability on this transaction."""
        found = self._built.get(capability)
        if found is None:
            factory = QUERIES.get(capability)
            if factory is None:
                raise LookupError(f"no storage module answers the reads of {capability!r}")
            found = self._built[capability] = factory(self._conn)
        return found

    async def village_by_code(self, code: str) -> VillageView | None:
        """Return the village with this code, if registered."""
        row = (
            await self._conn.execute(
                select(villages.c.code, villages.c.name, villages.c.timezone).where(
                    villages.c.code == code
                )
            )
        ).first()
        return VillageView(row.code, row.name, row.timezone) if row else None
