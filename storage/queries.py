"""Read-only lookups for flows (``flows.ports.Queries``), inside the current transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.ports import OfficerRole, QuestionCount, VillageTopicRow
from flows.ports import Village as VillageView
from storage.models import Officer, UnansweredQuestion, Village, VillageTopic, table_of

__all__ = ["SqlQueries"]

villages = table_of(Village)
officers = table_of(Officer)
unanswered = table_of(UnansweredQuestion)
village_topics = table_of(VillageTopic)


class SqlQueries:
    """Read-only lookups for flows, inside the current transaction."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def village_by_code(self, code: str) -> VillageView | None:
        """Return the village with this code, if registered."""
        row = (
            await self._conn.execute(
                select(villages.c.code, villages.c.name, villages.c.timezone).where(
                    villages.c.code == code
                )
            )
        ).first()
        return VillageView(row.code, row.name, row.timezone) if row else None

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """Active roles of a Telegram account; other channels have no officers."""
        if channel != "telegram" or not (user_id.isascii() and user_id.isdigit()):
            return ()
        query = (
            select(villages.c.code, villages.c.name, officers.c.role)
            .select_from(officers.join(villages, officers.c.village_id == villages.c.id))
            .where(officers.c.telegram_id == int(user_id), officers.c.active.is_(True))
            .order_by(villages.c.code, officers.c.role)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(OfficerRole(r.code, r.name, r.role) for r in rows)

    async def village_topics(self, village_code: str) -> tuple[VillageTopicRow, ...]:
        """Active officer-written topics of one village."""
        query = (
            select(village_topics, villages.c.name.label("village_name"))
            .select_from(
                village_topics.join(villages, village_topics.c.village_id == villages.c.id)
            )
            .where(villages.c.code == village_code, village_topics.c.active.is_(True))
            .order_by(village_topics.c.id)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(
            VillageTopicRow(
                r.id,
                r.locale,
                r.title,
                r.body,
                tuple(str(k) for k in r.keywords or ()),
                r.created_at.date(),
                r.village_name,
            )
            for r in rows
        )

    async def unanswered_questions(self, village_code: str, limit: int) -> list[QuestionCount]:
        """Most frequent unanswered questions of one village, each with one example wording."""
        asked = func.count(unanswered.c.id)
        query = (
            select(func.max(unanswered.c.question).label("question"), asked.label("asked"))
            .select_from(unanswered.join(villages, unanswered.c.village_id == villages.c.id))
            .where(villages.c.code == village_code)
            .group_by(unanswered.c.normalized)
            .order_by(asked.desc(), func.max(unanswered.c.asked_at).desc())
            .limit(limit)
        )
        rows = (await self._conn.execute(query)).all()
        return [QuestionCount(r.question, int(r.asked)) for r in rows]
