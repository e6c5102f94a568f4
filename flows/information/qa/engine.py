"""One locale's reading machinery: normalise, correct typos, stem, detect danger, rank.

Topic pages and questions go through the same normaliser and stemmer so they meet on the same
terms. (Indexing adjacent stem pairs as extra terms was tried and lowered top-1 on the
evaluation set, so ranking is on single stems.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from flows.information.qa.danger import DangerDetector, Word
from flows.information.qa.frames import FrameDetector, FrameSpec
from flows.information.qa.index import Document, TopicIndex
from flows.information.qa.intents import IntentRanker, IntentRules
from flows.information.qa.normalize import (
    NEGATIONS,
    STOP_WORDS,
    SUPPOSITION_FILLERS,
    SUPPOSITIONS,
    Normalizer,
)
from flows.information.qa.spell import TypoCorrector
from flows.information.qa.stem import stemmer_for
from flows.information.topics import DEFAULT_LOCALE, Topic

__all__ = ["Danger", "LocaleEngine"]

_MAX_WORDS = 300  # a longer message is read up to here
_MAX_CORRECTED = 40  # typo correction budget per message (it is the slow step)
_MAX_TERMS = 40  # ranking terms per message
_MAX_HITS = 5
_MAX_CANDIDATES = 12  # re-ranked by intent before the best _MAX_HITS are kept
_CLITICS = ("nya", "ku", "mu", "ne", "e")  # Indonesian and Javanese endings


@dataclass(frozen=True, slots=True)
class Danger:
    """What sounded like danger (a phrase, or ``frame:<name>``), and the page that fits it."""

    found: str
    topic: str | None = None


class LocaleEngine:
    """Everything one locale needs to read a message."""

    def __init__(
        self,
        locale: str,
        topics: Sequence[Topic],
        synonyms: Mapping[str, str],
        danger: Sequence[str],
        frames: Sequence[FrameSpec] = (),
        concepts: Mapping[str, Sequence[str]] | None = None,
        intents: IntentRules | None = None,
    ) -> None:
        self.normalizer = Normalizer(locale, synonyms)
        self.stemmer = stemmer_for(locale)
        vocabulary: set[str] = set(self.normalizer.stop_words)
        documents = []
        for topic in topics:
            fields = {"title": [topic.title], "keywords": topic.keywords, "body": [topic.body]}
            terms: dict[str, list[str]] = {}
            for name, texts in fields.items():
                terms[name] = []
                for text in texts:
                    tokens = self.normalizer.tokens(text)
                    vocabulary.update(tokens)
                    stems = [self.stemmer.stem(t) for t in tokens]
                    terms[name] += stems
            documents.append(Document(topic.id, terms))
        for standard in synonyms.values():
            vocabulary.update(self.normalizer.tokens(standard, keep_stop_words=True))
        self.index = TopicIndex(documents)
        suppositions = SUPPOSITIONS["en"] | SUPPOSITIONS[DEFAULT_LOCALE]
        phrases = [
            (p, self._words(self.normalizer.tokens(p, keep_stop_words=True))) for p in danger
        ]
        self.danger = DangerDetector(
            phrases,
            is_stop_word=self.normalizer.is_stop_word,
            negations=NEGATIONS.get(locale, NEGATIONS[DEFAULT_LOCALE]),
            suppositions=suppositions,
            fillers=(SUPPOSITION_FILLERS | STOP_WORDS["en"] | STOP_WORDS[DEFAULT_LOCALE])
            - suppositions,
        )
        negations = NEGATIONS.get(locale, NEGATIONS[DEFAULT_LOCALE])
        self.frames = FrameDetector(
            frames,
            concepts or {},
            read=lambda entry: self._words(self.normalizer.tokens(entry, keep_stop_words=True)),
            negations=negations | NEGATIONS["en"] | NEGATIONS[DEFAULT_LOCALE],
            suppositions=suppositions,
            passable=lambda text: (
                (
                    (text in STOP_WORDS["en"] or text in STOP_WORDS[DEFAULT_LOCALE])
                    and text not in suppositions
                )
                or text in SUPPOSITION_FILLERS
            ),
        )
        self.intents = IntentRanker(
            intents or IntentRules(),
            read=lambda entry: self._words(self.normalizer.tokens(entry, keep_stop_words=True)),
            negations=negations,
        )
        ranked_vocabulary = set(vocabulary)
        danger_only = (self.danger.vocabulary() | self.frames.vocabulary()) - ranked_vocabulary
        vocabulary.update(self.danger.vocabulary())
        vocabulary.update(self.frames.vocabulary())
        vocabulary.update(self.intents.vocabulary())
        self._stems = frozenset(self.stemmer.stem(t) for t in vocabulary)
        clitics = () if locale == "en" else _CLITICS
        self.corrector = TypoCorrector(
            vocabulary, is_word=self._is_word, clitics=clitics, strict=danger_only
        )

    def _is_word(self, token: str) -> bool:
        return self.stemmer.stem(token) in self._stems or self.stemmer.is_word(token)

    def _words(self, tokens: Iterable[str]) -> list[Word]:
        return [Word(t, self.stemmer.stem(t)) for t in tokens]

    def read(self, text: str, *, correct: bool = True) -> list[Word]:
        """The message as stemmed words (stop words kept), typos corrected unless told not to."""
        tokens = self.normalizer.tokens(text, keep_stop_words=True)[:_MAX_WORDS]
        corrected: list[str] = []
        budget = _MAX_CORRECTED if correct else 0
        for token in tokens:
            if budget > 0 and not self.corrector.is_known(token):
                budget -= 1
                corrected.extend(self.corrector.correct(token))
            else:
                corrected.append(token)
        return self._words(corrected)

    def find_danger(self, words: Sequence[Word]) -> Danger | None:
        """The danger phrase or frame in ``words``, if any."""
        phrase = self.danger.find(words)
        if phrase is not None:
            return Danger(phrase)
        frame = self.frames.find(words)
        return Danger(f"frame:{frame.name}", frame.topic) if frame is not None else None

    def rank(self, words: Sequence[Word]) -> list[tuple[str, float]]:
        """The best topics for ``words`` with scores in [0, 1], best first."""
        stems = [w.stem for w in words if not self.normalizer.is_stop_word(w.text)][:_MAX_TERMS]
        ranked = self.index.search(stems, _MAX_CANDIDATES)
        return self.intents.rerank(words, ranked)[:_MAX_HITS]
