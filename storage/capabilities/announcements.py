"""Storage of the announcements capability: what officers announced, to whom, and its reach.

Creating an announcement selects its recipients (registered in the village, on a channel
that can receive messages, reachable, not muted, in the chosen audience) and queues one
delivery each through ``storage.deliveries`` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from flows.announcements import (
    AnnouncementCancelled,
    AnnouncementCreated,
    AnnouncementRow,
    Reach,
    is_valid,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.deliveries import Recipient, cancel_deliveries, delivery_progress, enqueue_deliveries
from storage.delivery_models import Delivery
from storage.models import (
    Base,
    Officer,
    Resident,
    UTCDateTime,
    Village,
    table_of,
    utcnow,
    village_id_of,
)

__all__ = ["STORAGE", "Announcement", "SqlAnnouncementQueries"]

KIND = "announcement"
#: Channels the delivery worker can reach unasked (the console cannot).
PUSH_CHANNELS = ("telegram",)


class Announcement(Base):
    """A message an officer sent to many residents of their village."""

    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled')", name="status"),
        {"comment": "Announcements (pengumuman) officers sent; one deliveries row per recipient"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), index=True, comment="Village announced to"
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role that sent it"
    )
    text: Mapped[str] = mapped_column(Text, comment="The announcement as residents read it")
    attachment: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, comment="An optional photo or document: kind and file id"
    )
    audience: Mapped[dict[str, Any]] = mapped_column(
        JSON, comment="Who it is for: whole village, a situation, a language or a topic"
    )
    urgent: Mapped[bool] = mapped_column(
        default=False, comment="True: sent during quiet hours (21:00-06:00) too"
    )
    send_at: Mapped[datetime] = mapped_column(UTCDateTime, comment="When sending starts (UTC)")
    recipients: Mapped[int] = mapped_column(Integer, comment="People it was addressed to")
    status: Mapped[str] = mapped_column(
        String(20), default="active", comment="active (sending or sent) or cancelled"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When cancelled")


announcements = table_of(Announcement)
residents = table_of(Resident)
villages = table_of(Village)
officers = table_of(Officer)


def _audience_filter(audience: Mapping[str, str]) -> list[Any]:
    """SQL conditions for the residents an audience names (only audiences ``is_valid`` knows)."""
    if not is_valid(audience):
        raise ValueError("unknown audience")
    kind, value = audience.get("kind"), audience.get("value")
    if kind == "situation":
        return [residents.c.situation == value]
    if kind == "language":
        spoken = func.coalesce(residents.c.locale, func.substr(residents.c.language_code, 1, 2))
        return [func.coalesce(spoken, "id") == value]
    return []


def _recipients_query(village_code: str, audience: Mapping[str, str]) -> Any:
    return select(
        residents.c.id,
        residents.c.channel,
        residents.c.chat_id,
        func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
    ).where(
        residents.c.village_id == villages.c.id,
        villages.c.code == village_code,
        residents.c.status == "active",
        residents.c.announcements_muted.is_(False),
        residents.c.channel.in_(PUSH_CHANNELS),
        *_audience_filter(audience),
    )


async def _created(conn: AsyncConnection, person_id: int, effect: AnnouncementCreated) -> None:
    rows = (await conn.execute(_recipients_query(effect.village_code, effect.audience))).all()
    officer_id = (
        await conn.execute(
            select(officers.c.id)
            .where(
                officers.c.channel == effect.channel,
                officers.c.external_id == effect.officer_user_id,
                officers.c.active.is_(True),
            )
            .order_by(officers.c.id)
            .limit(1)
        )
    ).scalar_one_or_none()
    announcement_id = (
        await conn.execute(
            insert(announcements)
            .values(
                village_id=village_id_of(effect.village_code),
                officer_id=officer_id,
                text=effect.text,
                attachment=dict(effect.attachment) if effect.attachment else None,
                audience=dict(effect.audience),
                urgent=effect.urgent,
                send_at=effect.send_at,
                recipients=len(rows),
                status="active",
                created_at=utcnow(),
            )
            .returning(announcements.c.id)
        )
    ).scalar_one()
    payload: dict[str, Any] = {"text": effect.text}
    if effect.attachment:
        payload["attachment"] = dict(effect.attachment)
    await enqueue_deliveries(
        conn,
        kind=KIND,
        source_id=announcement_id,
        recipients=[Recipient(r.id, r.channel, r.chat_id, r.timezone) for r in rows],
        payload=payload,
        send_at=effect.send_at,
        urgent=effect.urgent,
    )
    await audit_officer(
        conn,
        effect.officer_user_id,
        effect.village_code,
        "announcement.created",
        ("announcement", str(announcement_id)),
        {"recipients": len(rows), "audience": dict(effect.audience), "urgent": effect.urgent},
    )


async def _cancelled(conn: AsyncConnection, person_id: int, effect: AnnouncementCancelled) -> None:
    done = await conn.execute(
        update(announcements)
        .where(
            announcements.c.id == effect.announcement_id,
            announcements.c.village_id == village_id_of(effect.village_code),  # scoped in SQL
            announcements.c.status == "active",
        )
        .values(status="cancelled", cancelled_at=utcnow())
    )
    if not done.rowcount:
        return
    stopped = await cancel_deliveries(conn, kind=KIND, source_id=effect.announcement_id)
    await audit_officer(
        conn,
        effect.officer_user_id,
        effect.village_code,
        "announcement.cancelled",
        ("announcement", str(effect.announcement_id)),
        {"stopped": stopped},
    )


class SqlAnnouncementQueries:
    """``flows.announcements.AnnouncementQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def count_recipients(self, village_code: str, audience: Mapping[str, str]) -> int:
        """How many people the audience names right now."""
        query = select(func.count()).select_from(
            _recipients_query(village_code, audience).subquery()
        )
        return int((await self._conn.execute(query)).scalar_one())

    async def _rows(self, where: Any, limit: int, now: datetime) -> list[AnnouncementRow]:
        query = (
            select(announcements)
            .where(announcements.c.village_id == villages.c.id, where)
            .order_by(announcements.c.id.desc())
            .limit(limit)
        )
        found = []
        for row in (await self._conn.execute(query)).all():
            progress = await delivery_progress(self._conn, kind=KIND, source_id=row.id, now=now)
            reach = Reach(
                progress.sent,
                progress.waiting_quiet_hours,
                progress.pending,
                progress.failed,
                progress.unreachable,
                progress.cancelled,
            )
            found.append(
                AnnouncementRow(
                    row.id,
                    row.text,
                    {str(k): str(v) for k, v in (row.audience or {}).items()},
                    row.urgent,
                    row.send_at,
                    row.recipients,
                    row.status == "cancelled",
                    reach,
                )
            )
        return found

    async def recent(self, village_code: str, limit: int, now: datetime) -> list[AnnouncementRow]:
        """The village's latest announcements."""
        return await self._rows(villages.c.code == village_code, limit, now)

    async def announcement(
        self, village_code: str, announcement_id: int, now: datetime
    ) -> AnnouncementRow | None:
        """One announcement, only if it belongs to that village."""
        where = (villages.c.code == village_code) & (announcements.c.id == announcement_id)
        rows = await self._rows(where, 1, now)
        return rows[0] if rows else None


async def _seed(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """Announcements of the fake district: one a month per village over the past year.

    The latest (two days ago) went to every resident; each older one to a forty-eighth of
    the village (a situation or a language), so a year of reach costs few rows. A few
    recipients blocked the bot or could not be reached, as in real life.
    """
    width = len(village_ids)
    made: list[tuple[int, datetime]] = []  # (village id, sent at), one per village and month
    for month in range(12):
        sent_at = plan.now - timedelta(days=2 + round(30.44 * month))  # one a calendar month
        made += [(village_id, sent_at) for village_id in village_ids]
    text = "Rapat warga hari Sabtu."
    ids = (
        (await conn.execute(
            insert(announcements).returning(announcements.c.id, sort_by_parameter_order=True),
            [{"village_id": village_id, "officer_id": None, "text": text, "attachment": None,
              "audience": {"kind": "village"}, "urgent": False, "send_at": at, "recipients": 0,
              "status": "active", "created_at": at} for village_id, at in made],
        )).scalars().all()
    )  # fmt: skip

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(plan.residents):
            for month in (0, 1 + (i // width) % 48):
                if month > 11:
                    continue
                n = month * width + i % width
                status = "unreachable" if i % 29 == 3 else "failed" if i % 31 == 5 else "sent"
                yield {"kind": KIND, "source_id": ids[n], "resident_id": first_resident + i,
                       "channel": "telegram", "chat_id": str(first_resident + i),
                       "payload": {"text": text}, "urgent": False, "timezone": "Asia/Jakarta",
                       "not_before": made[n][1], "status": status, "attempts": 1,
                       "created_at": made[n][1], "sent_at": made[n][1]}  # fmt: skip

    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows():
        batch.append(row)
        if len(batch) == 5000:
            await conn.execute(insert(table_of(Delivery)), batch)
            count, batch = count + len(batch), []
    if batch:
        await conn.execute(insert(table_of(Delivery)), batch)
        count += len(batch)
    return {"announcements": len(ids), "deliveries": count}


STORAGE = CapabilityStorage(
    name="announcements",
    effects={AnnouncementCreated: _created, AnnouncementCancelled: _cancelled},
    queries=SqlAnnouncementQueries,
    seed=_seed,
)
