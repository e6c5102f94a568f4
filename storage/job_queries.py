"""The job board's reads, each scoped as its reader may see: a kabupaten's open notices for
residents, a village's own notices, interested people and offers for its desk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.i18n import LOCALE_NAMES, resolve_locale
from flows.jobs import InterestedRow, NoticeRow, OfferRow
from storage.job_models import JobInterest, JobNotice, JobOffer, JobSubscription
from storage.models import Resident, Village, table_of

__all__ = ["SqlJobQueries", "district_of"]

notices = table_of(JobNotice)
interests = table_of(JobInterest)
subscriptions = table_of(JobSubscription)
offers = table_of(JobOffer)
residents = table_of(Resident)
villages = table_of(Village)


def district_of(village_code: str) -> str:
    """The kabupaten code (first 4 digits) of a village code."""
    return village_code[:4]


_interested_count = (
    select(func.count())
    .where(interests.c.notice_id == notices.c.id, interests.c.status == "interested")
    .correlate(notices)
    .scalar_subquery()
)


def _notices(now: datetime) -> Any:
    # past its deadline an open notice is closed at once, before any job marks it so
    status = case(
        (and_(notices.c.status == "open", notices.c.deadline < now), "closed"),
        else_=notices.c.status,
    )
    return select(
        notices,
        status.label("shown_status"),
        villages.c.code.label("village_code"),
        villages.c.name.label("village_name"),
        _interested_count.label("interested_count"),
    ).select_from(notices.join(villages, villages.c.id == notices.c.village_id))


def _open(now: datetime) -> Any:
    return and_(notices.c.status == "open", notices.c.deadline >= now)


def _notice_row(row: Any) -> NoticeRow:
    closed_by_deadline = row.shown_status == "closed" and row.status == "open"
    return NoticeRow(
        id=row.id, reference=row.reference, village_code=row.village_code,
        village_name=row.village_name, country=row.country, sector=row.sector,
        job_title=row.job_title, employer_type=row.employer_type, openings=row.openings,
        requirements=row.requirements, salary_amount=row.salary_amount,
        salary_currency=row.salary_currency, agency_name=row.agency_name,
        agency_licence=row.agency_licence, cost_to_worker=row.cost_to_worker,
        deadline=row.deadline, apply_via=row.apply_via, apply_details=row.apply_details,
        has_poster=bool(row.poster_file_id), status=row.shown_status,
        status_reason="deadline passed" if closed_by_deadline else row.status_reason,
        published_at=row.published_at, interested=int(row.interested_count or 0),
        notified=row.notified,
    )  # fmt: skip


def _offer_row(row: Any) -> OfferRow:
    return OfferRow(
        id=row.id, reference=row.reference, village_code=row.village_code, text=row.text,
        has_photo=bool(row.photo_file_id), forwarded=bool(row.forwarded),
        flags=tuple(row.flags or ()), agencies=tuple(row.agencies or ()),
        countries=tuple(row.countries or ()), status=row.status, verdict=row.verdict or "",
        verdict_note=row.verdict_note, created_at=row.created_at,
        resident_locale=resolve_locale(row.locale, row.language_code, LOCALE_NAMES, "id"),
    )  # fmt: skip


_OFFERS = select(
    offers,
    villages.c.code.label("village_code"),
    residents.c.locale,
    residents.c.language_code,
).select_from(
    offers.join(villages, villages.c.id == offers.c.village_id).outerjoin(
        residents, residents.c.id == offers.c.resident_id
    )
)


class SqlJobQueries:
    """``flows.jobs.JobQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

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
        where = [villages.c.code.like(f"{district_code}%"), _open(now)]
        if country:
            where.append(notices.c.country == country)
        if sector:
            where.append(notices.c.sector == sector)
        rows = (
            await self._conn.execute(
                _notices(now)
                .where(*where)
                .order_by(notices.c.published_at.desc(), notices.c.id.desc())
                .offset(offset)
                .limit(limit)
            )
        ).all()
        total = (
            await self._conn.execute(
                select(func.count())
                .select_from(notices.join(villages, villages.c.id == notices.c.village_id))
                .where(*where)
            )
        ).scalar_one()
        return [_notice_row(r) for r in rows], int(total)

    async def open_facets(self, district_code: str, now: datetime) -> dict[str, list[str]]:
        """Countries and sectors that have open notices in the kabupaten (most first)."""
        found: dict[str, list[str]] = {}
        for name, column in (("country", notices.c.country), ("sector", notices.c.sector)):
            rows = await self._conn.execute(
                select(column, func.count().label("n"))
                .select_from(notices.join(villages, villages.c.id == notices.c.village_id))
                .where(villages.c.code.like(f"{district_code}%"), _open(now))
                .group_by(column)
                .order_by(func.count().desc(), column)
            )
            found[name] = [str(r[0]) for r in rows]
        return found

    async def notice(self, notice_id: int, now: datetime) -> NoticeRow | None:
        """One notice by id, whatever its village (the flow checks the reader may see it)."""
        row = (await self._conn.execute(_notices(now).where(notices.c.id == notice_id))).first()
        return _notice_row(row) if row is not None else None

    async def notice_id_of(self, reference: str) -> int | None:
        """The id of the notice with this reference, if any."""
        row = (
            await self._conn.execute(select(notices.c.id).where(notices.c.reference == reference))
        ).first()
        return int(row.id) if row is not None else None

    async def village_notices(self, village_code: str, now: datetime) -> list[NoticeRow]:
        """A village's notices, open first, newest first, with interest counts."""
        open_first = case((_open(now), 0), else_=1)
        rows = await self._conn.execute(
            _notices(now)
            .where(villages.c.code == village_code)
            .order_by(open_first, notices.c.published_at.desc(), notices.c.id.desc())
            .limit(30)
        )
        return [_notice_row(r) for r in rows]

    async def interested(self, village_code: str, notice_id: int) -> list[InterestedRow]:
        """Who is still interested in one of that village's notices (empty for another's)."""
        home = villages.alias("home")
        rows = await self._conn.execute(
            select(
                residents.c.id, residents.c.display_name, interests.c.created_at,
                home.c.name.label("home_name"),
            )
            .select_from(
                interests.join(notices, notices.c.id == interests.c.notice_id)
                .join(villages, villages.c.id == notices.c.village_id)
                .join(residents, residents.c.id == interests.c.resident_id)
                .outerjoin(home, home.c.id == residents.c.village_id)
            )
            .where(
                interests.c.notice_id == notice_id,
                villages.c.code == village_code,  # scoped in SQL
                interests.c.status == "interested",
            )
            .order_by(interests.c.created_at, interests.c.id)
        )  # fmt: skip
        return [
            InterestedRow(r.id, r.display_name or f"#{r.id}", r.created_at, r.home_name or "")
            for r in rows
        ]

    async def my_interests(self, resident_id: int) -> frozenset[int]:
        """The notices this person is interested in."""
        rows = await self._conn.execute(
            select(interests.c.notice_id).where(
                interests.c.resident_id == resident_id, interests.c.status == "interested"
            )
        )
        return frozenset(int(r[0]) for r in rows)

    async def subscriptions(self, resident_id: int) -> list[tuple[str, str]]:
        """This person's subscriptions as (kind, value), countries first."""
        rows = await self._conn.execute(
            select(subscriptions.c.kind, subscriptions.c.value)
            .where(subscriptions.c.resident_id == resident_id)
            .order_by(subscriptions.c.kind, subscriptions.c.id)
        )
        return [(str(r.kind), str(r.value)) for r in rows]

    async def known_agencies(self, district_code: str) -> list[str]:
        """Agency names village desks of the kabupaten checked for their notices."""
        rows = await self._conn.execute(
            select(notices.c.agency_name)
            .distinct()
            .select_from(notices.join(villages, villages.c.id == notices.c.village_id))
            .where(villages.c.code.like(f"{district_code}%"), notices.c.status != "withdrawn")
        )
        return [str(r[0]) for r in rows]

    async def offer_queue(self, village_code: str, limit: int) -> tuple[list[OfferRow], int]:
        """A village's offers waiting for a verdict (oldest first) and how many there are."""
        where = (villages.c.code == village_code, offers.c.status == "new")
        rows = await self._conn.execute(
            _OFFERS.where(*where).order_by(offers.c.created_at, offers.c.id).limit(limit)
        )
        total = (
            await self._conn.execute(
                select(func.count())
                .select_from(offers.join(villages, villages.c.id == offers.c.village_id))
                .where(*where)
            )
        ).scalar_one()
        return [_offer_row(r) for r in rows], int(total)

    async def offer(self, village_code: str, offer_id: int) -> OfferRow | None:
        """One offer of that village (None for another village's)."""
        row = (
            await self._conn.execute(
                _OFFERS.where(offers.c.id == offer_id, villages.c.code == village_code)
            )
        ).first()
        return _offer_row(row) if row is not None else None

    async def my_offers(self, resident_id: int, limit: int) -> list[OfferRow]:
        """The offers this person sent, newest first."""
        rows = await self._conn.execute(
            _OFFERS.where(offers.c.resident_id == resident_id)
            .order_by(offers.c.created_at.desc(), offers.c.id.desc())
            .limit(limit)
        )
        return [_offer_row(r) for r in rows]
