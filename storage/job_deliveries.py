"""Who the job board tells, and in which language: subscribers, the interested, a resident.

Residents who muted announcements, left, or use a channel the bot cannot write to first are
left out. Each delivery is queued through the delivery engine in the writer's transaction, so
quiet hours, mutes and pacing apply as for announcements; each person gets the text in their
own language, or in Indonesian when theirs has none. Used by the desk's writes
(``storage/job_officers.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.i18n import LOCALE_NAMES, resolve_locale
from storage.deliveries import Recipient, enqueue_deliveries
from storage.job_models import JobInterest
from storage.models import Resident, Village, table_of, utcnow

__all__ = [
    "INTERESTED_KIND",
    "NOTICE_KIND",
    "PUSH_CHANNELS",
    "VERDICT_KIND",
    "interested_rows",
    "queue_by_locale",
    "reachable",
    "recipient_columns",
]

interests = table_of(JobInterest)
residents = table_of(Resident)
villages = table_of(Village)

#: Deliveries the job board queues.
NOTICE_KIND = "job_notice"  # a new notice, to subscribers
INTERESTED_KIND = "job_interested"  # the desk's message or a withdrawal, to interested people
VERDICT_KIND = "job_offer_verdict"  # the desk's verdict on a checked offer
PUSH_CHANNELS = ("telegram",)


def recipient_columns() -> list[Any]:
    """What a delivery needs of a resident (their village's timezone when they set none)."""
    return [
        residents.c.id,
        residents.c.channel,
        residents.c.chat_id,
        residents.c.locale,
        residents.c.language_code,
        func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
    ]


def reachable() -> list[Any]:
    """Residents the bot may write to first about new notices."""
    return [
        residents.c.status == "active",
        residents.c.announcements_muted.is_(False),
        residents.c.channel.in_(PUSH_CHANNELS),
    ]


async def queue_by_locale(
    conn: AsyncConnection,
    rows: list[Any],
    *,
    kind: str,
    source_id: int,
    texts: Mapping[str, str],
    attachment: dict[str, str] | None = None,
    urgent: bool = False,
) -> int:
    """One delivery per person, in their language (Indonesian when theirs has no text)."""
    by_locale: dict[str, list[Recipient]] = {}
    for row in rows:
        locale = resolve_locale(row.locale, row.language_code, LOCALE_NAMES, "id")
        chosen = locale if locale in texts else "id"
        by_locale.setdefault(chosen, []).append(
            Recipient(row.id, row.channel, row.chat_id, row.timezone)
        )
    queued = 0
    for locale, people in by_locale.items():
        payload: dict[str, Any] = {"text": texts.get(locale) or next(iter(texts.values()))}
        if attachment:
            payload["attachment"] = attachment
        queued += await enqueue_deliveries(
            conn,
            kind=kind,
            source_id=source_id,
            recipients=people,
            payload=payload,
            send_at=utcnow(),
            urgent=urgent,
        )
    return queued


async def interested_rows(conn: AsyncConnection, notice_id: int) -> list[Any]:
    """The residents still interested in a notice, as recipients."""
    return list(
        (
            await conn.execute(
                select(*recipient_columns())
                .select_from(
                    interests.join(residents, residents.c.id == interests.c.resident_id).outerjoin(
                        villages, villages.c.id == residents.c.village_id
                    )
                )
                .where(
                    interests.c.notice_id == notice_id,
                    interests.c.status == "interested",
                    residents.c.status == "active",
                    residents.c.channel.in_(PUSH_CHANNELS),
                )
            )
        ).all()
    )
