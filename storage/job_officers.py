"""The desk's writes on the job board: publish, edit, close or withdraw, message, give verdicts.

Every statement is scoped in SQL to the village acted for and to an officer row that may
publish there (a desk officer or coordinator of the village, or the kabupaten's district
admin): a forged button or a guessed id changes nothing; the effect is logged and ignored.
Each change is audited; whom it concerns (subscribers of a new notice, the people interested
in a closed one, the resident whose offer was checked) is told through
``storage/job_deliveries.py`` in the same transaction. A notice past its deadline closes by
itself: the next write marks it so (``close_expired``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import and_, distinct, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import Effect
from flows.jobs import (
    InterestedMessaged,
    NoticeClosed,
    NoticeEdited,
    NoticePublished,
    OfferAnswered,
)
from storage.audit import audit_officer
from storage.capability import EffectHandler
from storage.deliveries import Recipient, enqueue_deliveries
from storage.job_deliveries import (
    INTERESTED_KIND,
    NOTICE_KIND,
    PUSH_CHANNELS,
    VERDICT_KIND,
    interested_rows,
    queue_by_locale,
    reachable,
    recipient_columns,
)
from storage.job_models import JobNotice, JobOffer, JobSubscription
from storage.job_queries import district_of
from storage.models import Officer, Resident, Village, table_of, utcnow, village_id_of

__all__ = ["OFFICER_HANDLERS", "close_expired"]

log = logging.getLogger(__name__)

notices = table_of(JobNotice)
subscriptions = table_of(JobSubscription)
offers = table_of(JobOffer)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

PUBLISHING_ROLES = ("coordinator", "desk_officer")


async def close_expired(conn: AsyncConnection, now: datetime) -> int:
    """Mark open notices past their deadline closed ('deadline passed'); returns how many."""
    done = await conn.execute(
        update(notices)
        .where(notices.c.status == "open", notices.c.deadline < now)
        .values(status="closed", status_reason="deadline passed", closed_at=now, updated_at=now)
    )
    return int(done.rowcount)


async def _officer_id(conn: AsyncConnection, effect: Any) -> int | None:
    """The officer row through which this account publishes for that village, if any."""
    code = effect.village_code
    in_village = (officers.c.village_id == village_id_of(code)) & officers.c.role.in_(
        PUBLISHING_ROLES
    )
    in_district = (officers.c.district_code == code[:4]) & (officers.c.role == "district_admin")
    row = (
        await conn.execute(
            select(officers.c.id)
            .where(
                officers.c.channel == effect.officer_channel,
                officers.c.external_id == effect.officer_account,
                officers.c.active.is_(True),
                or_(in_village, in_district),
            )
            .order_by(officers.c.id)
            .limit(1)
        )
    ).first()
    return int(row.id) if row is not None else None


async def _published(conn: AsyncConnection, person_id: int, effect: NoticePublished) -> None:
    officer = await _officer_id(conn, effect)
    if officer is None:
        log.warning("notice %s ignored: no publishing role in that village", effect.reference)
        return
    now = utcnow()
    notice_id = (
        await conn.execute(
            insert(notices)
            .values(
                reference=effect.reference, village_id=village_id_of(effect.village_code),
                officer_id=officer, country=effect.country, sector=effect.sector,
                job_title=effect.job_title, employer_type=effect.employer_type,
                openings=effect.openings, requirements=effect.requirements,
                salary_amount=effect.salary_amount, salary_currency=effect.salary_currency,
                agency_name=effect.agency_name, agency_licence=effect.agency_licence,
                cost_to_worker=effect.cost_to_worker, deadline=effect.deadline,
                apply_via=effect.apply_via, apply_details=effect.apply_details,
                poster_file_id=effect.poster_file_id, status="open", status_reason="",
                notified=0, published_at=now, updated_at=now,
            )
            .returning(notices.c.id)
        )
    ).scalar_one()  # fmt: skip
    matching = or_(
        and_(subscriptions.c.kind == "country", subscriptions.c.value == effect.country),
        and_(subscriptions.c.kind == "sector", subscriptions.c.value == effect.sector),
    )
    subscribed = select(distinct(subscriptions.c.resident_id)).where(matching)
    rows = (
        await conn.execute(
            select(*recipient_columns())
            .select_from(residents.join(villages, villages.c.id == residents.c.village_id))
            .where(
                villages.c.code.like(f"{district_of(effect.village_code)}%"),
                residents.c.id.in_(subscribed),
                *reachable(),
            )
        )
    ).all()
    poster = {"kind": "photo", "file_id": effect.poster_file_id} if effect.poster_file_id else None
    queued = 0
    if rows and effect.texts:
        queued = await queue_by_locale(
            conn, list(rows), kind=NOTICE_KIND, source_id=notice_id, texts=effect.texts,
            attachment=poster,
        )  # fmt: skip
    await conn.execute(update(notices).where(notices.c.id == notice_id).values(notified=queued))
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.notice_published",
        ("job_notice", str(notice_id)), {"reference": effect.reference, "notified": queued},
    )  # fmt: skip
    await close_expired(conn, now)


async def _village_notice(conn: AsyncConnection, effect: Any) -> Any:
    """The notice if it belongs to the village acted for and the officer may act there."""
    await close_expired(conn, utcnow())
    officer = await _officer_id(conn, effect)
    row = (
        await conn.execute(
            select(notices)
            .where(
                notices.c.id == effect.notice_id,
                notices.c.village_id == village_id_of(effect.village_code),
            )
            .with_for_update()
        )
    ).first()
    if officer is None or row is None:
        log.warning(
            "%s on notice %d ignored: not that village's, or no publishing role there",
            type(effect).__name__,
            effect.notice_id,
        )
        return None
    return row


_EDIT_COLUMNS = {
    "requirements": "requirements",
    "cost": "cost_to_worker",
    "apply_details": "apply_details",
}


async def _edited(conn: AsyncConnection, person_id: int, effect: NoticeEdited) -> None:
    row = await _village_notice(conn, effect)
    if row is None or row.status != "open":
        return
    values: dict[str, Any] = {"updated_at": utcnow()}
    try:
        if effect.field in _EDIT_COLUMNS:
            values[_EDIT_COLUMNS[effect.field]] = effect.value[:3000]
        elif effect.field == "openings":
            values["openings"] = max(1, int(effect.value))
        elif effect.field == "salary":
            amount, _, currency = effect.value.partition(" ")
            values["salary_amount"], values["salary_currency"] = int(amount), currency[:10]
        elif effect.field == "deadline":
            values["deadline"] = datetime.fromisoformat(effect.value)
        else:
            raise ValueError(effect.field)
    except ValueError:
        log.warning("notice %d: edit of %r ignored (bad value)", row.id, effect.field)
        return
    await conn.execute(update(notices).where(notices.c.id == row.id).values(**values))
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.notice_edited",
        ("job_notice", str(row.id)), {"field": effect.field},
    )  # fmt: skip


async def _closed(conn: AsyncConnection, person_id: int, effect: NoticeClosed) -> None:
    row = await _village_notice(conn, effect)
    if row is None or row.status == "withdrawn":
        return
    now = utcnow()
    await conn.execute(
        update(notices)
        .where(notices.c.id == row.id)
        .values(status=effect.status, status_reason=effect.reason[:2000], closed_at=now,
                updated_at=now)
    )  # fmt: skip
    if effect.texts:
        people = await interested_rows(conn, row.id)
        await queue_by_locale(
            conn, people, kind=INTERESTED_KIND, source_id=row.id, texts=effect.texts
        )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, f"jobs.notice_{effect.status}",
        ("job_notice", str(row.id)), {"reason": effect.reason[:200]},
    )  # fmt: skip


async def _messaged(conn: AsyncConnection, person_id: int, effect: InterestedMessaged) -> None:
    row = await _village_notice(conn, effect)
    if row is None or not effect.text.strip():
        return
    people = await interested_rows(conn, row.id)
    text = f"{row.reference} · {row.job_title}\n\n{effect.text[:3000]}"
    sent = await queue_by_locale(
        conn, people, kind=INTERESTED_KIND, source_id=row.id, texts={"id": text}
    )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.interested_messaged",
        ("job_notice", str(row.id)), {"recipients": sent},
    )  # fmt: skip


async def _answered(conn: AsyncConnection, person_id: int, effect: OfferAnswered) -> None:
    officer = await _officer_id(conn, effect)
    row = (
        await conn.execute(
            select(offers)
            .where(
                offers.c.id == effect.offer_id,
                offers.c.village_id == village_id_of(effect.village_code),
            )
            .with_for_update()
        )
    ).first()
    if officer is None or row is None:
        log.warning("verdict on offer %d ignored: not that village's", effect.offer_id)
        return
    now = utcnow()
    await conn.execute(
        update(offers)
        .where(offers.c.id == row.id)
        .values(status="answered", verdict=effect.verdict, verdict_note=effect.note[:3000],
                officer_id=officer, answered_at=now)
    )  # fmt: skip
    if row.resident_id is not None and effect.notice.strip():
        people = (
            await conn.execute(
                select(*recipient_columns())
                .select_from(residents.outerjoin(villages, villages.c.id == residents.c.village_id))
                .where(
                    residents.c.id == row.resident_id,
                    residents.c.status == "active",
                    residents.c.channel.in_(PUSH_CHANNELS),
                )
            )
        ).all()
        for person in people:
            await enqueue_deliveries(
                conn,
                kind=VERDICT_KIND,
                source_id=row.id,
                recipients=[Recipient(person.id, person.channel, person.chat_id, person.timezone)],
                payload={"text": effect.notice},
                send_at=now,
                urgent=False,
            )
    await audit_officer(
        conn, effect.officer_account, effect.village_code, "jobs.offer_answered",
        ("job_offer", str(row.id)), {"verdict": effect.verdict},
    )  # fmt: skip


OFFICER_HANDLERS: dict[type[Effect], EffectHandler] = {
    NoticePublished: _published,
    NoticeEdited: _edited,
    NoticeClosed: _closed,
    InterestedMessaged: _messaged,
    OfferAnswered: _answered,
}
