"""A cache of small search indexes, one per village, over its officer-written topics."""

from __future__ import annotations

from collections.abc import Mapping

from flows.information.qa import QuestionAnswerer
from flows.information.topics import Topic, TopicLibrary

__all__ = ["VillageTopics"]

_CACHE_SIZE = 64


class VillageTopics:
    """Per-village search indexes over officer-written topics, cached by content."""

    def __init__(self, synonyms: Mapping[str, Mapping[str, str]]) -> None:
        self._synonyms = synonyms
        self._cache: dict[tuple[str, tuple[int, ...]], QuestionAnswerer] = {}

    def answerer(
        self, village_code: str, topics: tuple[Topic, ...], ids: tuple[int, ...]
    ) -> QuestionAnswerer:
        """The index of these topics, built once per village and list of topics."""
        key = (village_code, ids)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            by_locale: dict[str, dict[str, Topic]] = {}
            for topic in topics:
                by_locale.setdefault(topic.locale, {})[topic.id] = topic
            library = TopicLibrary(by_locale, {})
            found = QuestionAnswerer.build(library, synonyms=self._synonyms, danger={})
            self._cache[key] = found
        return found
