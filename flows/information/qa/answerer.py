"""The question-answering engine: danger check first, then ranking, then a calibrated decision.

A wrong confident answer costs more than a question back, so the decision rule has three
outcomes: answer ("confident") only when the best topic scores high enough and clearly beats the
runner-up, offer a few topics as buttons ("unsure") when some are plausible, and say nothing
relevant ("none") otherwise. Thresholds were tuned on the evaluation set (see
``benchmarks/qa_accuracy.py --tune``). Everything is built once at startup; ``ask`` does no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Literal

from flows.information.files import CONTENT_ROOT
from flows.information.qa.danger import Word
from flows.information.qa.data import (
    DANGER_FILE,
    INTENTS_FILE,
    SYNONYMS_FILE,
    DangerFrames,
    load_danger,
    load_danger_frames,
    load_intents,
    load_synonyms,
)
from flows.information.qa.engine import Danger, LocaleEngine
from flows.information.qa.intents import IntentRules
from flows.information.topics import DEFAULT_LOCALE, TopicLibrary, load_topics

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Analysis",
    "Answer",
    "Hit",
    "Kind",
    "QuestionAnswerer",
    "Thresholds",
    "decide",
]

Kind = Literal["confident", "unsure", "none", "danger"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A topic and its normalised score in [0, 1]."""

    topic_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """confident: hits[0] is the answer; unsure: hits to offer; danger: a page to offer below
    the emergency help, if one fits; none: no hits."""

    kind: Kind
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a message contains before any decision: danger (a phrase or a frame, with the page
    that fits it), and ranked topics."""

    danger: str | None
    hits: tuple[Hit, ...]
    danger_topic: str | None = None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The decision rule's knobs (see ``decide``).

    Chosen on the 209-case evaluation set: the grid optimum was confident 0.45 / margin 0.1,
    and below 0.40 wrong confident answers jump (0.024 and more), so 0.5 is kept one step back
    from that edge. The margin is 0.15 rather than 0.1 because on 33 fresh questions written
    after tuning it removed one of two confident-wrong answers ("cara bikin pasport") at no
    loss there (on the evaluation set three right answers went from confident to unsure).
    ``offer_ratio`` drops buttons scoring under half the best one (same top-3 on the
    evaluation set, fewer useless buttons).
    """

    confident: float = 0.5
    margin: float = 0.15
    plausible: float = 0.15
    offer_ratio: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()


def decide(analysis: Analysis, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Answer:
    """Turn an analysis into an answer; margin is relative: (top - second) / top."""
    hits = analysis.hits
    if analysis.danger is not None:  # the help first; a page that fits is offered below it
        ranked = [h for h in hits[:2] if h.score >= thresholds.plausible]
        if analysis.danger_topic is not None:
            ranked = [Hit(analysis.danger_topic, 1.0)] + [
                h for h in ranked if h.topic_id != analysis.danger_topic
            ]
        return Answer("danger", tuple(ranked))
    if not hits or hits[0].score < thresholds.plausible:
        return Answer("none", ())
    top = hits[0].score
    second = hits[1].score if len(hits) > 1 else 0.0
    offered = tuple(h for h in hits[:3] if h.score >= thresholds.offer_ratio * top)
    if top >= thresholds.confident and (top - second) / top >= thresholds.margin:
        return Answer("confident", offered)
    return Answer("unsure", offered)


@dataclass(frozen=True)
class QuestionAnswerer:
    """Answers free-text questions from the topic library."""

    engines: Mapping[str, LocaleEngine]
    thresholds: Thresholds = field(default=DEFAULT_THRESHOLDS)

    @classmethod
    def build(
        cls,
        library: TopicLibrary,
        *,
        synonyms: Mapping[str, Mapping[str, str]],
        danger: Mapping[str, Sequence[str]],
        frames: DangerFrames | None = None,
        intents: IntentRules | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> QuestionAnswerer:
        """Index every locale of ``library`` with its synonyms, danger phrases and frames."""
        meaning = frames or DangerFrames()
        engines = {
            locale: LocaleEngine(
                locale,
                library.topics(locale),
                synonyms.get(locale, {}),
                danger.get(locale, ()),
                meaning.frames,
                meaning.concepts,
                intents,
            )
            for locale in library.locales()
        }
        return cls(engines, thresholds)

    @classmethod
    def from_content(cls, root: Traversable = CONTENT_ROOT) -> QuestionAnswerer:
        """Load topics, synonyms and danger phrases from the content directory."""
        return cls.build(
            load_topics(root / "topics"),
            synonyms=load_synonyms(root / SYNONYMS_FILE),
            danger=load_danger(root / DANGER_FILE),
            frames=load_danger_frames(root / DANGER_FILE),
            intents=load_intents(root / INTENTS_FILE),
        )

    def with_thresholds(self, thresholds: Thresholds) -> QuestionAnswerer:
        """The same indexes with another decision rule (for tuning)."""
        return QuestionAnswerer(self.engines, thresholds)

    def ask(self, text: str, locale: str) -> Answer:
        """Answer ``text`` written by someone using ``locale``."""
        return decide(self.analyse(text, locale), self.thresholds)

    def _rank(self, locale: str, words: Sequence[Word]) -> tuple[Hit, ...]:
        return tuple(Hit(tid, score) for tid, score in self.engines[locale].rank(words))

    def _own(self, locale: str) -> str:
        fallback = DEFAULT_LOCALE if DEFAULT_LOCALE in self.engines else next(iter(self.engines))
        return locale if locale in self.engines else fallback

    def _danger_in(self, own: str, words: Sequence[Word], text: str) -> Danger | None:
        """The danger in the person's own words, else in any other locale's reading."""
        found = self.engines[own].find_danger(words)
        for loc in self.engines:
            if found is None and loc != own:
                found = self.engines[loc].find_danger(self.engines[loc].read(text, correct=False))
        return found

    def danger(self, text: str, locale: str) -> str | None:
        """The danger phrase or frame ``text`` contains, in any locale (no topic ranking)."""
        if not self.engines:
            return None
        own = self._own(locale)
        found = self._danger_in(own, self.engines[own].read(text), text)
        return found.found if found is not None else None

    def danger_help(self, text: str, locale: str) -> Answer | None:
        """For a message that sounds like danger, the danger answer with a fitting page."""
        if not self.engines:
            return None
        own = self._own(locale)
        words = self.engines[own].read(text)
        found = self._danger_in(own, words, text)
        if found is None:
            return None
        analysis = Analysis(found.found, self._rank(own, words), found.topic)
        return decide(analysis, self.thresholds)

    def analyse(self, text: str, locale: str) -> Analysis:
        """Danger check in every locale, then ranking in ``locale`` (others if it finds little).

        Other locales are checked for danger without typo correction: bending an Indonesian
        word towards the nearest English one ("agen" -> "agent") is not evidence of anything.
        """
        if not self.engines:
            return Analysis(None, ())
        own = self._own(locale)
        others = [loc for loc in self.engines if loc != own]
        words = self.engines[own].read(text)
        found = self._danger_in(own, words, text)
        best = self._rank(own, words)
        if found is not None:
            return Analysis(found.found, best, found.topic)
        for loc in others:
            if best and best[0].score >= self.thresholds.plausible:
                break
            other = self._rank(loc, self.engines[loc].read(text))
            if other and (not best or other[0].score > best[0].score):
                best = other
        return Analysis(None, best)
