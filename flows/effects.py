"""Effects: the writes a flow asks for, named as facts that happened.

Flows never write. They return these frozen facts; the runner applies them to storage inside
the same transaction that saves the conversation state, so either both happen or neither does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Effect",
    "LanguageChosen",
    "OfficerActed",
    "QuestionUnanswered",
    "VillageJoined",
    "VillageTopicAdded",
    "VillageTopicWithdrawn",
]


@dataclass(frozen=True, slots=True)
class LanguageChosen:
    """The person picked the language the bot should speak to them."""

    locale: str


@dataclass(frozen=True, slots=True)
class VillageJoined:
    """The person registered with a village (from a poster's QR link or by typing its code)."""

    village_code: str
    via: Literal["deep_link", "typed"]
    village_name: str = ""
    timezone: str = "Asia/Jakarta"


@dataclass(frozen=True, slots=True)
class QuestionUnanswered:
    """The bot found no answer; the question is kept for officers, without who asked it."""

    question: str
    normalized: str
    locale: str


@dataclass(frozen=True, slots=True)
class OfficerActed:
    """An officer did something in their village (every officer action is audited)."""

    officer_user_id: str
    village_code: str
    action: str
    subject: str = ""


@dataclass(frozen=True, slots=True)
class VillageTopicAdded:
    """An officer wrote an answer for the residents of their village."""

    officer_user_id: str
    village_code: str
    locale: str
    title: str
    body: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VillageTopicWithdrawn:
    """An officer withdrew one of their village's answers."""

    officer_user_id: str
    village_code: str
    topic_id: int


Effect = (
    LanguageChosen
    | VillageJoined
    | QuestionUnanswered
    | OfficerActed
    | VillageTopicAdded
    | VillageTopicWithdrawn
)
