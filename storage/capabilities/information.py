"""Storage of the information capability: unanswered questions and villages' own answers."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.information import (
    QuestionCount,
    QuestionUnanswered,
    VillageTopicAdded,
    VillageTopicRow,
    VillageTopicWithdrawn,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.models import (
    Resident,
    UnansweredQuestion,
    Village,
    VillageTopic,
    table_of,
    utcnow,
    village_id_of,
)

__all__ = ["STORAGE", "SqlInformationQueries"]

residents = table_of(Resident)
villages = table_of(Village)
unanswered = table_of(UnansweredQuestion)
village_topics = table_of(VillageTopic)


async def _question_unanswered(
    conn: AsyncConnection, person_id: int, effect: QuestionUnanswered
) -> None:
    village = select(residents.c.village_id).where(residents.c.id == person_id)
    await conn.execute(
        insert(unanswered).values(
            village_id=village.scalar_subquery(),
            locale=effect.locale,
            question=effect.question[:1000],
            normalized=effect.normalized[:300],
            asked_at=utcnow(),
        )
    )


async def _topic_added(conn: AsyncConnection, person_id: int, effect: VillageTopicAdded) -> None:
    topic_id = (
        await conn.execute(
            insert(village_topics)
            .values(
                village_id=village_id_of(effect.village_code),
                locale=effect.locale,
                title=effect.title[:80],
                body=effect.body,
                keywords=list(effect.keywords),
                created_by=effect.officer_user_id,
                created_at=utcnow(),
                active=True,
            )
            .returning(village_topics.c.id)
        )
    ).scalar_one()
    await audit_officer(
        conn,
        effect.officer_user_id,
        effect.village_code,
        "topic.added",
        ("village_topic", str(topic_id)),
    )


async def _topic_withdrawn(
    conn: AsyncConnection, person_id: int, effect: VillageTopicWithdrawn
) -> None:
    # scoped to the officer's village in SQL too: a forged id matches nothing
    await conn.execute(
        update(village_topics)
        .where(
            village_topics.c.id == effect.topic_id,
            village_topics.c.village_id == village_id_of(effect.village_code),
        )
        .values(active=False)
    )


class SqlInformationQueries:
    """``flows.information.InformationQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

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


STORAGE = CapabilityStorage(
    name="information",
    effects={
        QuestionUnanswered: _question_unanswered,
        VillageTopicAdded: _topic_added,
        VillageTopicWithdrawn: _topic_withdrawn,
    },
    queries=SqlInformationQueries,
)
