"""The content a running bot serves, loaded and validated once at startup."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.chitchat import Chitchat, load_chitchat
from flows.content import CONTENT_ROOT, ContentError
from flows.offices import OfficeDirectory, load_offices
from flows.qa import QuestionAnswerer
from flows.qa.data import DANGER_FILE, SYNONYMS_FILE, load_danger, load_synonyms
from flows.topics import TopicLibrary, load_topics
from flows.village_index import VillageTopics

__all__ = ["EMERGENCY_TOPIC", "ContentLibrary", "load_library"]

#: The topic shown at once when a message sounds like danger; the content must have it.
EMERGENCY_TOPIC = "bantuan-darurat"


@dataclass(frozen=True, slots=True)
class ContentLibrary:
    """Every content file, parsed: startup fails if any of them is invalid."""

    offices: OfficeDirectory
    chitchat: Chitchat
    topics: TopicLibrary
    answerer: QuestionAnswerer
    village_topics: VillageTopics


def load_library(root: Traversable = CONTENT_ROOT) -> ContentLibrary:
    """Load all content shipped with the package, and build the question index."""
    topics = load_topics(root / "topics")
    for locale in topics.locales():
        if topics.topic(locale, EMERGENCY_TOPIC) is None:
            raise ContentError(
                "topics", EMERGENCY_TOPIC, f"the emergency topic is missing in {locale}"
            )
    synonyms = load_synonyms(root / SYNONYMS_FILE)
    answerer = QuestionAnswerer.build(
        topics, synonyms=synonyms, danger=load_danger(root / DANGER_FILE)
    )
    return ContentLibrary(
        offices=load_offices(root / "offices.toml"),
        chitchat=load_chitchat(root / "chitchat.toml"),
        topics=topics,
        answerer=answerer,
        village_topics=VillageTopics(synonyms),
    )
