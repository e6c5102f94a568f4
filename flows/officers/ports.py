"""The reads the officers capability needs from storage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = ["OfficerQueries", "OfficerRole", "officer_queries"]


@dataclass(frozen=True, slots=True)
class OfficerRole:
    """One role an officer holds in one village."""

    village_code: str
    village_name: str
    role: str


class OfficerQueries(Protocol):
    """Who is an officer, where, in which role."""

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """The active officer roles of this account (none for residents)."""
        ...


def officer_queries(ctx: Context) -> OfficerQueries:
    """The officers capability's reads in the current transaction."""
    return cast("OfficerQueries", ctx.queries.of("officers"))
