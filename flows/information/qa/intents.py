"""What a question asks (cost, requirements, permission, ...) beside what it is about.

Ranking by shared words alone lets a subject page win: "brp biaya ke taiwan" shares
"taiwan" with the Taiwan page, which only mentions costs, while the cost page answers the
question. Intents are word lists in content (``qa_intents.toml``); when a message carries an
intent's words, the pages that answer that intent score higher and the broad subject pages
(countries) lower, unless the intent lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flows.information.qa.concepts import ConceptMatcher
from flows.information.qa.danger import Word

__all__ = ["IntentRanker", "IntentRules", "IntentSpec"]


@dataclass(frozen=True, slots=True)
class IntentSpec:
    """One intent: the words that show it and the pages that answer it."""

    name: str
    words: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IntentRules:
    """All intents, with how much they raise their pages and lower the broad ones."""

    boost: float = 0.0
    demote: float = 0.0
    broad: tuple[str, ...] = ()
    intents: tuple[IntentSpec, ...] = ()


class IntentRanker:
    """Re-ranks one locale's search results by the intents a message shows."""

    def __init__(
        self,
        rules: IntentRules,
        *,
        read: Callable[[str], Sequence[Word]],
        negations: frozenset[str],
    ) -> None:
        self._rules = rules
        self._broad = frozenset(rules.broad)
        self._topics = {i.name: frozenset(i.topics) for i in rules.intents}
        self._words = ConceptMatcher(
            {i.name: i.words for i in rules.intents}, read=read, negations=negations
        )

    def vocabulary(self) -> set[str]:
        """Every intent word, for typo correction."""
        return self._words.vocabulary()

    def intents(self, words: Sequence[Word]) -> frozenset[str]:
        """The names of the intents ``words`` show."""
        return frozenset(self._words.hits(words))

    def rerank(
        self, words: Sequence[Word], ranked: Sequence[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """``ranked`` with the message's intents applied, best first, scores kept in [0, 1]."""
        shown = self.intents(words)
        if not shown:
            return list(ranked)
        answering = frozenset().union(*(self._topics[name] for name in shown))
        rescored = []
        for topic_id, score in ranked:
            if topic_id in answering:
                score = min(1.0, score * (1.0 + self._rules.boost))
            elif topic_id in self._broad:
                score *= 1.0 - self._rules.demote
            rescored.append((topic_id, score))
        return sorted(rescored, key=lambda pair: -pair[1])
