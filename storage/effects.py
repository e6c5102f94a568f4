"""How each effect a flow returns becomes rows: the only writes flows can cause."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.effects import (
    Effect,
    LanguageChosen,
    OfficerActed,
    QuestionUnanswered,
    VillageJoined,
    VillageTopicAdded,
    VillageTopicWithdrawn,
)
from storage.audit import write_audit
from storage.models import (
    Resident,
    UnansweredQuestion,
    Village,
    VillageTopic,
    table_of,
    utcnow,
)

__all__ = ["apply_effect"]

residents = table_of(Resident)
villages = table_of(Village)
unanswered = table_of(UnansweredQuestion)
village_topics = table_of(VillageTopic)


async def _audit(
    conn: AsyncConnection, officer: str, village_code: str, action: str, subject: tuple[str, str]
) -> None:
    village_id = select(villages.c.id).where(villages.c.code == village_code).scalar_subquery()
    await write_audit(
        conn,
        actor_type="officer",
        actor_id=officer,
        village_id=village_id,
        action=action,
        subject=subject,
    )


async def apply_effect(conn: AsyncConnection, person_id: int, effect: Effect) -> None:
    """Carry out one effect inside the caller's transaction."""
    match effect:
        case LanguageChosen(locale=locale):
            await conn.execute(
                update(residents).where(residents.c.id == person_id).values(locale=locale)
            )
        case QuestionUnanswered(question=question, normalized=normalized, locale=locale):
            village = select(residents.c.village_id).where(residents.c.id == person_id)
            await conn.execute(
                insert(unanswered).values(
                    village_id=village.scalar_subquery(),
                    locale=locale,
                    question=question[:1000],
                    normalized=normalized[:300],
                    asked_at=utcnow(),
                )
            )
        case OfficerActed(officer_user_id=officer, village_code=code, action=action):
            await _audit(conn, officer, code, action, ("", effect.subject))
        case VillageTopicAdded(village_code=code, officer_user_id=officer):
            village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
            topic_id = (
                await conn.execute(
                    insert(village_topics)
                    .values(
                        village_id=village_id,
                        locale=effect.locale,
                        title=effect.title[:80],
                        body=effect.body,
                        keywords=list(effect.keywords),
                        created_by=officer,
                        created_at=utcnow(),
                        active=True,
                    )
                    .returning(village_topics.c.id)
                )
            ).scalar_one()
            await _audit(conn, officer, code, "topic.added", ("village_topic", str(topic_id)))
        case VillageTopicWithdrawn(village_code=code, topic_id=topic_id):
            # scoped to the officer's village in SQL too: a forged id matches nothing
            village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
            await conn.execute(
                update(village_topics)
                .where(village_topics.c.id == topic_id, village_topics.c.village_id == village_id)
                .values(active=False)
            )
        case VillageJoined(village_code=code):
            village_id = select(villages.c.id).where(villages.c.code == code).scalar_subquery()
            await conn.execute(
                update(residents).where(residents.c.id == person_id).values(village_id=village_id)
            )
