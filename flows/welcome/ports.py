"""The reads the welcome capability needs from storage: finding a village without its code.

Only villages and the regions they lie in: nothing here ever says who lives where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = ["Place", "Region", "WelcomeQueries", "welcome_queries"]


@dataclass(frozen=True, slots=True)
class Place:
    """A village with the names of the regions it lies in (each may be unknown)."""

    code: str
    name: str
    district: str | None = None
    regency: str | None = None
    province: str | None = None
    timezone: str = "Asia/Jakarta"


@dataclass(frozen=True, slots=True)
class Region:
    """A province (2-digit code) or kabupaten/kota (4 digits) holding villages the bot knows."""

    code: str
    name: str | None
    villages: int


class WelcomeQueries(Protocol):
    """Finding a village by name or by browsing its regions."""

    async def search_villages(self, typed: str, limit: int) -> tuple[Place, ...]:
        """The villages whose name is closest to what was typed, best first (typos forgiven)."""
        ...

    async def place(self, code: str) -> Place | None:
        """The village with this code and its regions, if the bot knows it."""
        ...

    async def provinces(self) -> tuple[Region, ...]:
        """The provinces that hold known villages, by name."""
        ...

    async def regencies(self, province_code: str) -> tuple[Region, ...]:
        """The kabupaten/kota of one province that hold known villages, by name."""
        ...

    async def villages_in(self, regency_code: str) -> tuple[Place, ...]:
        """The known villages of one kabupaten/kota, by name."""
        ...


def welcome_queries(ctx: Context) -> WelcomeQueries:
    """The welcome capability's reads in the current transaction."""
    return cast("WelcomeQueries", ctx.queries.of("welcome"))
