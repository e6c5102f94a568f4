"""Effects of the information capability: questions left unanswered, answers villages write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.engine.effects import Effect

__all__ = ["QuestionUnanswered", "TopicViewed", "VillageTopicAdded", "VillageTopicWithdrawn"]


@dataclass(frozen=True, slots=True)
class QuestionUnanswered(Effect):
    """The bot found no answer; the question is kept for officers, without who asked it."""

    question: str
    normalized: str
    locale: str


@dataclass(frozen=True, slots=True)
class TopicViewed(Effect):
    """A topic page was opened; counted per village and day, without who read it."""

    topic_id: str
    #: The reader's village (None: not registered with one).
    village_code: str | None
    #: The day in the village's time zone.
    day: date


@dataclass(frozen=True, slots=True)
class VillageTopicAdded(Effect):
    """An officer wrote an answer for the residents of their village."""

    officer_user_id: str
    village_code: str
    locale: str
    title: str
    body: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VillageTopicWithdrawn(Effect):
    """An officer withdrew one of their village's answers."""

    officer_user_id: str
    village_code: str
    topic_id: int
