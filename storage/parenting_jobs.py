"""The parenting job's statements: one monthly summary per child to its linked parents.

At the start of a month, each child whose facilitators wrote updates in the month before gets
one summary, queued to every actively linked parent (never the caregiver, never anyone else)
through the delivery engine, in the parent's language and waking hours. ``child_summaries``
records each child's month in the same transaction, so a summary is queued once, even with
two bot processes (the second insert of the same child and month fails and is skipped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import table_of
from storage.parenting_models import Child, ChildSummary, ChildUpdate
from storage.parenting_writes import parents_of

__all__ = ["MONTHLY_KIND", "MonthSummary", "ParentingJobStore", "previous_month"]

MONTHLY_KIND = "parenting_monthly"
#: At most this many updates are listed in one summary (the rest are in "Anak saya").
LISTED = 10

children = table_of(Child)
updates = table_of(ChildUpdate)
summaries = table_of(ChildSummary)


@dataclass(frozen=True, slots=True)
class MonthSummary:
    """What one child's summary says: whose, which month, and the month's updates."""

    child_name: str
    month: str  # YYYY-MM
    count: int
    updates: tuple[tuple[datetime, str], ...]  # (written at, text), oldest first


def previous_month(now: datetime) -> tuple[datetime, datetime, str]:
    """The month before ``now`` (UTC): its start, its end, and its name (YYYY-MM)."""
    end = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = (end - timedelta(days=1)).replace(day=1)
    return start, end, start.strftime("%Y-%m")


class ParentingJobStore:
    """The statements of the monthly summaries."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def monthly_summaries(
        self, now: datetime, text: Callable[[str, MonthSummary], str], *, limit: int = 100
    ) -> int:
        """Queue last month's summaries not queued yet; returns how many children got one.

        ``text(locale, summary)`` writes the summary in one language.
        """
        start, end, month = previous_month(now)
        done = select(summaries.c.child_id).where(summaries.c.month == month)
        due = (
            select(updates.c.child_id, func.count().label("n"))
            .where(updates.c.created_at >= start, updates.c.created_at < end)
            .where(updates.c.child_id.not_in(done))
            .group_by(updates.c.child_id)
            .order_by(updates.c.child_id)
            .limit(limit)
        )
        sent = 0
        async with self._engine.connect() as conn:
            candidates = (await conn.execute(due)).all()
        for child_id, count in candidates:
            async with self._engine.begin() as conn:
                try:
                    async with conn.begin_nested():
                        await conn.execute(
                            insert(summaries).values(
                                child_id=child_id, month=month, updates=count, queued_at=now
                            )
                        )
                except IntegrityError:  # another process summarised this child's month
                    continue
                name = (
                    await conn.execute(select(children.c.name).where(children.c.id == child_id))
                ).scalar_one()
                written = await conn.execute(
                    select(updates.c.created_at, updates.c.text)
                    .where(updates.c.child_id == child_id)
                    .where(updates.c.created_at >= start, updates.c.created_at < end)
                    .order_by(updates.c.created_at)
                    .limit(LISTED)
                )
                summary = MonthSummary(
                    name, month, int(count), tuple((at, str(t)) for at, t in written.all())
                )
                by_locale: dict[str, list[Recipient]] = {}
                for recipient, locale in await parents_of(conn, child_id):
                    by_locale.setdefault(locale, []).append(recipient)
                for locale, recipients in by_locale.items():
                    await enqueue_deliveries(
                        conn,
                        kind=MONTHLY_KIND,
                        source_id=child_id,
                        recipients=recipients,
                        payload={"text": text(locale, summary)},
                        send_at=now,
                        urgent=False,
                    )
                sent += 1
        return sent
