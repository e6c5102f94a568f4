"""The reads the job board needs from storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = [
    "APPLY_VIA",
    "EMPLOYER_TYPES",
    "NOTICE_STATUSES",
    "OFFER_STATUSES",
    "VERDICTS",
    "InterestedRow",
    "JobQueries",
    "NoticeRow",
    "OfferRow",
    "job_queries",
]

#: A notice's states: open (taking interest), closed (filled, or its deadline passed),
#: withdrawn (taken down, with a reason).
NOTICE_STATUSES = ("open", "closed", "withdrawn")
OFFER_STATUSES = ("new", "answered")
VERDICTS = ("legitimate", "suspicious", "illegal")
EMPLOYER_TYPES = ("household", "company", "government")
APPLY_VIA = ("desk", "disnaker", "ltsa")


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """A notice as residents and officers read it (``status`` already counts the deadline)."""

    id: int
    reference: str
    village_code: str
    village_name: str
    country: str
    sector: str
    job_title: str
    employer_type: str
    openings: int
    requirements: str
    salary_amount: int
    salary_currency: str
    agency_name: str
    agency_licence: str
    cost_to_worker: str
    deadline: datetime
    apply_via: str
    apply_details: str
    has_poster: bool
    status: str
    status_reason: str
    published_at: datetime
    interested: int = 0
    notified: int = 0


@dataclass(frozen=True, slots=True)
class InterestedRow:
    """Someone interested in a notice, as the village desk sees them."""

    resident_id: int
    name: str
    since: datetime
    village_name: str


@dataclass(frozen=True, slots=True)
class OfferRow:
    """An offer a resident sent to check, and the desk's verdict."""

    id: int
    reference: str
    village_code: str
    text: str
    has_photo: bool
    forwarded: bool
    flags: tuple[str, ...]
    agencies: tuple[str, ...]
    countries: tuple[str, ...]
    status: str
    verdict: str
    verdict_note: str
    created_at: datetime
    resident_locale: str = "id"


class JobQueries(Protocol):
    """Notices, interests, subscriptions and checked offers, as each reader may see them."""

    async def open_notices(
        self,
        district_code: str,
        now: datetime,
        *,
        country: str | None,
        sector: str | None,
        offset: int,
        limit: int,
    ) -> tuple[list[NoticeRow], int]:
        """Open notices of a kabupaten's villages, newest first: one page and the total."""
        ...

    async def open_facets(self, district_code: str, now: datetime) -> dict[str, list[str]]:
        """Countries and sectors that have open notices in the kabupaten (most first)."""
        ...

    async def notice(self, notice_id: int, now: datetime) -> NoticeRow | None:
        """One notice by id, whatever its village (the flow checks the reader may see it)."""
        ...

    async def notice_id_of(self, reference: str) -> int | None:
        """The id of the notice with this reference, if any."""
        ...

    async def village_notices(self, village_code: str, now: datetime) -> list[NoticeRow]:
        """A village's notices, open first, newest first, with interest counts."""
        ...

    async def interested(self, village_code: str, notice_id: int) -> list[InterestedRow]:
        """Who is still interested in one of that village's notices (empty for another's)."""
        ...

    async def my_interests(self, resident_id: int) -> frozenset[int]:
        """The notices this person is interested in."""
        ...

    async def subscriptions(self, resident_id: int) -> list[tuple[str, str]]:
        """This person's subscriptions as (kind, value), countries first."""
        ...

    async def known_agencies(self, district_code: str) -> list[str]:
        """Agency names village desks of the kabupaten checked for their notices."""
        ...

    async def offer_queue(self, village_code: str, limit: int) -> tuple[list[OfferRow], int]:
        """A village's offers waiting for a verdict (oldest first) and how many there are."""
        ...

    async def offer(self, village_code: str, offer_id: int) -> OfferRow | None:
        """One offer of that village (None for another village's)."""
        ...

    async def my_offers(self, resident_id: int, limit: int) -> list[OfferRow]:
        """The offers this person sent, newest first."""
        ...


def job_queries(ctx: Context) -> JobQueries:
    """The job board's reads in the current transaction."""
    return cast("JobQueries", ctx.queries.of("jobs"))
