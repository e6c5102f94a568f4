"""Storage of the job board: notices, interests, subscriptions and checked offers.

Residents' writes (here) only touch their own rows and notices of their own kabupaten; the
desk's writes (``storage/job_officers.py``) are scoped to the village acted for and to an
officer who may publish there. Everything residents are told (new notices for their
subscriptions, a withdrawn notice, the desk's message, a verdict) is queued through the
delivery engine in the same transaction (``storage/job_deliveries.py``), so quiet hours, mutes
and pacing apply as for announcements. A notice past its deadline closes by itself: reads
(``storage/job_queries.py``) count it closed at once, and the next write marks it so.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.jobs import (
    InterestRegistered,
    InterestWithdrawn,
    OfferSubmitted,
    SubscriptionAdded,
    SubscriptionRemoved,
)
from storage.capability import CapabilityStorage
from storage.job_deliveries import INTERESTED_KIND, NOTICE_KIND, VERDICT_KIND
from storage.job_models import JobInterest, JobNotice, JobOffer, JobSubscription
from storage.job_officers import OFFICER_HANDLERS, close_expired
from storage.job_queries import SqlJobQueries
from storage.job_seed import seed_jobs
from storage.models import Resident, Village, table_of, utcnow, village_id_of

__all__ = [
    "INTERESTED_KIND",
    "NOTICE_KIND",
    "STORAGE",
    "VERDICT_KIND",
    "JobInterest",
    "JobNotice",
    "JobOffer",
    "JobSubscription",
    "close_expired",
]

log = logging.getLogger(__name__)

notices = table_of(JobNotice)
interests = table_of(JobInterest)
subscriptions = table_of(JobSubscription)
offers = table_of(JobOffer)
residents = table_of(Resident)
villages = table_of(Village)


async def _visible_notice(conn: AsyncConnection, person_id: int, notice_id: int) -> Any:
    """The notice if it is open and of the person's own kabupaten, else None."""
    now = utcnow()
    person_village = (
        select(villages.c.code)
        .select_from(residents.join(villages, villages.c.id == residents.c.village_id))
        .where(residents.c.id == person_id)
        .scalar_subquery()
    )
    return (
        await conn.execute(
            select(notices.c.id)
            .select_from(notices.join(villages, villages.c.id == notices.c.village_id))
            .where(
                notices.c.id == notice_id,
                notices.c.status == "open",
                notices.c.deadline >= now,
                func.substr(villages.c.code, 1, 4) == func.substr(person_village, 1, 4),
            )
        )
    ).first()


async def _interest(conn: AsyncConnection, person_id: int, effect: InterestRegistered) -> None:
    if await _visible_notice(conn, person_id, effect.notice_id) is None:
        log.warning("resident %d: interest in notice %d ignored", person_id, effect.notice_id)
        return
    now = utcnow()
    existing = (
        await conn.execute(
            select(interests.c.id).where(
                interests.c.notice_id == effect.notice_id, interests.c.resident_id == person_id
            )
        )
    ).first()
    if existing is None:
        await conn.execute(
            insert(interests).values(
                notice_id=effect.notice_id, resident_id=person_id, status="interested",
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
    else:
        await conn.execute(
            update(interests)
            .where(interests.c.id == existing.id)
            .values(status="interested", updated_at=now)
        )


async def _uninterest(conn: AsyncConnection, person_id: int, effect: InterestWithdrawn) -> None:
    await conn.execute(
        update(interests)
        .where(interests.c.notice_id == effect.notice_id, interests.c.resident_id == person_id)
        .values(status="withdrawn", updated_at=utcnow())
    )


async def _subscribed(conn: AsyncConnection, person_id: int, effect: SubscriptionAdded) -> None:
    found = (
        await conn.execute(
            select(subscriptions.c.id).where(
                subscriptions.c.resident_id == person_id,
                subscriptions.c.kind == effect.kind,
                subscriptions.c.value == effect.value,
            )
        )
    ).first()
    if found is None:
        await conn.execute(
            insert(subscriptions).values(
                resident_id=person_id, kind=effect.kind, value=effect.value[:20],
                created_at=utcnow(),
            )
        )  # fmt: skip


async def _unsubscribed(conn: AsyncConnection, person_id: int, effect: SubscriptionRemoved) -> None:
    await conn.execute(
        subscriptions.delete().where(
            subscriptions.c.resident_id == person_id,
            subscriptions.c.kind == effect.kind,
            subscriptions.c.value == effect.value,
        )
    )


async def _offer(conn: AsyncConnection, person_id: int, effect: OfferSubmitted) -> None:
    own = (
        await conn.execute(
            select(residents.c.id)
            .select_from(residents.join(villages, villages.c.id == residents.c.village_id))
            .where(residents.c.id == person_id, villages.c.code == effect.village_code)
        )
    ).first()
    if own is None:
        log.warning("resident %d: offer for a village not theirs ignored", person_id)
        return
    await conn.execute(
        insert(offers).values(
            reference=effect.reference, village_id=village_id_of(effect.village_code),
            resident_id=person_id, text=effect.text[:6000], photo_file_id=effect.photo_file_id,
            forwarded=effect.forwarded, flags=list(effect.flags), agencies=list(effect.agencies),
            countries=list(effect.countries), recruiter_contacts=list(effect.contacts),
            status="new", verdict=None, verdict_note="", created_at=utcnow(),
        )
    )  # fmt: skip


STORAGE = CapabilityStorage(
    name="jobs",
    effects={
        **OFFICER_HANDLERS,
        InterestRegistered: _interest,
        InterestWithdrawn: _uninterest,
        SubscriptionAdded: _subscribed,
        SubscriptionRemoved: _unsubscribed,
        OfferSubmitted: _offer,
    },
    queries=SqlJobQueries,
    seed=seed_jobs,
)
