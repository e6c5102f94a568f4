"""The content a running bot serves, loaded and validated once at startup."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError
from flows.engine.context import Context
from flows.information.chitchat import Chitchat, load_chitchat
from flows.information.files import CONTENT_ROOT
from flows.information.office_questions import OfficeQuestions, load_office_questions
from flows.information.offices import OfficeDirectory, load_offices
from flows.information.qa import QuestionAnswerer
from flows.information.qa.data import (
    DANGER_FILE,
    INTENTS_FILE,
    SYNONYMS_FILE,
    load_danger,
    load_danger_frames,
    load_intents,
    load_synonyms,
)
from flows.information.topics import TopicLibrary, load_topics
from flows.information.village_index import VillageTopics

__all__ = ["EMERGENCY_TOPIC", "ContentLibrary", "library_of", "load_library"]

#: The topic shown at once when a message sounds like danger; the content must have it.
EMERGENCY_TOPIC = "bantuan-darurat"


@dataclass(frozen=True, slots=True)
class ContentLibrary:
    """Every content file, parsed: startup fails if any of them is invalid."""

    offices: OfficeDirectory
    office_questions: OfficeQuestions
    chitchat: Chitchat
    topics: TopicLibrary
    answerer: QuestionAnswerer
    village_topics: VillageTopics


def library_of(ctx: Context) -> ContentLibrary:
    """This capability's content, as loaded at startup."""
    return ctx.content.of(ContentLibrary)


def load_library(root: Traversable = CONTENT_ROOT) -> ContentLibrary:
    """Load all content shipped with the package, and build the question index."""
    topics = load_topics(root / "topics")
    for locale in topics.locales():
        if topics.topic(locale, EMERGENCY_TOPIC) is None:
            raise ContentError(
                "topics", EMERGENCY_TOPIC, f"the emergency topic is missing in {locale}"
            )
    synonyms = load_synonyms(root / SYNONYMS_FILE)
    frames = load_danger_frames(root / DANGER_FILE)
    for frame in frames.frames:
        for locale in topics.locales():
            if frame.topic is not None and topics.topic(locale, frame.topic) is None:
                raise ContentError(DANGER_FILE, frame.name, f"no topic {frame.topic} in {locale}")
    answerer = QuestionAnswerer.build(
        topics,
        synonyms=synonyms,
        danger=load_danger(root / DANGER_FILE),
        frames=frames,
        intents=load_intents(root / INTENTS_FILE),
    )
    return ContentLibrary(
        offices=load_offices(root / "offices.toml"),
        office_questions=load_office_questions(root / "office_questions.toml"),
        chitchat=load_chitchat(root / "chitchat.toml"),
        topics=topics,
        answerer=answerer,
        village_topics=VillageTopics(synonyms),
    )
