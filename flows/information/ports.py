"""The reads the information capability needs from storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = ["InformationQueries", "QuestionCount", "VillageTopicRow", "information_queries"]


@dataclass(frozen=True, slots=True)
class QuestionCount:
    """A question people asked that the bot could not answer, and how often."""

    question: str
    count: int


@dataclass(frozen=True, slots=True)
class VillageTopicRow:
    """An answer a village officer wrote, as stored."""

    id: int
    locale: str
    title: str
    body: str
    keywords: tuple[str, ...]
    created_on: date
    village_name: str


class InformationQueries(Protocol):
    """Village answers and unanswered questions."""

    async def village_topics(self, village_code: str) -> tuple[VillageTopicRow, ...]:
        """The active officer-written topics of one village, oldest first."""
        ...

    async def unanswered_questions(self, village_code: str, limit: int) -> list[QuestionCount]:
        """Questions from this village the bot could not answer, most frequent first."""
        ...


def information_queries(ctx: Context) -> InformationQueries:
    """The information capability's reads in the current transaction."""
    return cast("InformationQueries", ctx.queries.of("information"))
