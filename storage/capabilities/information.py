"""Storage of the information capability: unanswered questions, villages' own answers, and
how often each topic is read.

Topic views are counters, one row per village, topic and day, with nobody attached: the office
sees what its residents read without anyone's reading being traceable.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from flows.information import (
    QuestionCount,
    QuestionUnanswered,
    TopicViewed,
    VillageTopicAdded,
    VillageTopicRow,
    VillageTopicWithdrawn,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.information_seed import seed_topic_views
from storage.models import (
    Base,
    Resident,
    UnansweredQuestion,
    Village,
    VillageTopic,
    table_of,
    utcnow,
    village_id_of,
)

__all__ = ["STORAGE", "SqlInformationQueries", "TopicView"]

_HAS_VILLAGE = "village_id IS NOT NULL"
_NO_VILLAGE = "village_id IS NULL"


class TopicView(Base):
    """How many times a topic was opened in one village on one day; no person is recorded."""

    __tablename__ = "topic_views"
    __table_args__ = (
        # One row per (village, topic, day), and one per (topic, day) for people without a
        # village: two partial unique indexes, because NULLs never clash in a unique index.
        Index(
            "uq_topic_views_village_topic_day",
            "village_id",
            "topic_id",
            "day",
            unique=True,
            sqlite_where=text(_HAS_VILLAGE),
            postgresql_where=text(_HAS_VILLAGE),
        ),
        Index(
            "uq_topic_views_topic_day_without_village",
            "topic_id",
            "day",
            unique=True,
            sqlite_where=text(_NO_VILLAGE),
            postgresql_where=text(_NO_VILLAGE),
        ),
        CheckConstraint("views > 0", name="views"),
        {
            "comment": "Topic pages opened, counted per village and day "
            "(no link to who read them), to see what residents need"
        },
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"),
        comment="Village of the readers; empty for people not registered with a village "
        "(never the person)",
    )
    topic_id: Mapped[str] = mapped_column(
        String(40),
        comment="Topic id as in the content files (e.g. syarat-pmi), or desa-<n> for an "
        "answer the village wrote (village_topics.id n)",
    )
    day: Mapped[date] = mapped_column(
        Date, comment="Day it was opened, in the village's time zone (WIB without a village)"
    )
    views: Mapped[int] = mapped_column(
        Integer, default=1, comment="How many times it was opened that day"
    )


residents = table_of(Resident)
villages = table_of(Village)
unanswered = table_of(UnansweredQuestion)
village_topics = table_of(VillageTopic)
topic_views = table_of(TopicView)


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


def _count_view(dialect: Any, *, with_village: bool) -> Any:
    """Add one view to the day's row, creating it at 1 (the same statement on both backends)."""
    stmt = dialect.insert(topic_views)
    keys = ["village_id", "topic_id", "day"] if with_village else ["topic_id", "day"]
    where = (
        topic_views.c.village_id.is_not(None)
        if with_village
        else topic_views.c.village_id.is_(None)
    )
    return stmt.on_conflict_do_update(
        index_elements=keys, index_where=where, set_={"views": topic_views.c.views + 1}
    )


_COUNT_VIEW = {
    (name, with_village): _count_view(dialect, with_village=with_village)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
    for with_village in (True, False)
}


async def _topic_viewed(conn: AsyncConnection, person_id: int, effect: TopicViewed) -> None:
    with_village = effect.village_code is not None
    village = village_id_of(effect.village_code) if effect.village_code is not None else None
    await conn.execute(
        _COUNT_VIEW[conn.dialect.name, with_village].values(
            village_id=village, topic_id=effect.topic_id[:40], day=effect.day, views=1
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
        TopicViewed: _topic_viewed,
        VillageTopicAdded: _topic_added,
        VillageTopicWithdrawn: _topic_withdrawn,
    },
    queries=SqlInformationQueries,
    seed=seed_topic_views,
)
