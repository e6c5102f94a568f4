"""The reads the households capability needs from storage.

Every read is scoped by who asks: an officer's reads by the village they act for, a
resident's by the household their own account is linked to. A guessed or forged id of
another village or household finds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = [
    "CodeRow",
    "CorrectionRow",
    "HouseholdQueries",
    "HouseholdRow",
    "HouseholdSummary",
    "RecordRow",
    "household_queries",
]


@dataclass(frozen=True, slots=True)
class HouseholdSummary:
    """One household in a list."""

    id: int
    head_name: str
    dusun: str
    rt: int | None
    rw: int | None


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One record of a household (a worker abroad, a returnee, a business, a training)."""

    kind: str
    id: int
    #: The stored values by column (dates as dates, yes/no as bool).
    values: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """A household and its records, as the asker may see them."""

    id: int
    village_code: str
    village_name: str
    key: str | None
    head_name: str
    dusun: str
    rt: int | None
    rw: int | None
    address: str
    linked: bool
    updated_at: datetime
    records: tuple[RecordRow, ...] = field(default=())

    def of(self, kind: str) -> tuple[RecordRow, ...]:
        """The records of one kind."""
        return tuple(r for r in self.records if r.kind == kind)


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """A resident's request to correct what the village holds about their household."""

    id: int
    household_id: int
    head_name: str
    text: str
    status: str
    answer: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CodeRow:
    """A one-time code linking a resident's account to a household."""

    code: str
    household_id: int
    village_name: str
    head_name: str
    usable: bool  # not used yet and not expired at the time asked


class HouseholdQueries(Protocol):
    """Households of a village (officers) and one's own household (residents)."""

    async def village_households(
        self, village_code: str, search: str, offset: int, limit: int
    ) -> tuple[tuple[HouseholdSummary, ...], int]:
        """A page of the village's households (head name or dusun containing ``search``),
        by head name, and how many match in all."""
        ...

    async def village_household(self, village_code: str, household_id: int) -> HouseholdRow | None:
        """The household if it belongs to that village, with its records."""
        ...

    async def open_corrections(self, village_code: str) -> tuple[CorrectionRow, ...]:
        """The village's open correction requests, oldest first."""
        ...

    async def my_household(self, resident_id: int) -> HouseholdRow | None:
        """The household this resident's account is linked to, if any."""
        ...

    async def my_corrections(self, resident_id: int) -> tuple[CorrectionRow, ...]:
        """This resident's correction requests, newest first."""
        ...

    async def link_code(self, code: str, now: datetime) -> CodeRow | None:
        """The household link code, if it exists."""
        ...


def household_queries(ctx: Context) -> HouseholdQueries:
    """The households capability's reads in the current transaction."""
    return cast("HouseholdQueries", ctx.queries.of("households"))
