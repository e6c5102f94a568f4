"""BM25F ranking of topics, with scores normalised to [0, 1] so thresholds mean something.

A topic's title and keywords say what it is about; its body also mentions neighbouring
subjects. Fields are therefore weighted (BM25F: per-field length normalisation, one shared
saturation). Raw BM25 scores grow with query length, so each score is divided by the best a
topic could reach for that query (the sum of the query terms' idf, unknown terms counted at a
fraction of the largest idf): a question made of words no topic uses scores near zero, which is
what lets the bot say "I don't know" instead of guessing. Only the first few unknown words
count, so a long, chatty message ("assalamualaikum min, saya ibu rumah tangga ...") is not
drowned by its greetings.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_FIELDS", "Document", "FieldSpec", "TopicIndex"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """The weight and length normalisation (``b``) of one field."""

    weight: float
    b: float


#: Title and keywords count more than the body.
DEFAULT_FIELDS: Mapping[str, FieldSpec] = {
    "title": FieldSpec(weight=3.0, b=0.3),
    "keywords": FieldSpec(weight=2.5, b=0.3),
    "body": FieldSpec(weight=1.0, b=0.75),
}


@dataclass(frozen=True, slots=True)
class Document:
    """A topic's terms (stems) per field."""

    id: str
    fields: Mapping[str, Sequence[str]]


class TopicIndex:
    """An inverted index with each posting's BM25F contribution precomputed."""

    def __init__(
        self,
        documents: Sequence[Document],
        *,
        fields: Mapping[str, FieldSpec] = DEFAULT_FIELDS,
        k1: float = 1.2,
        unknown_weight: float = 0.6,
        unknown_cap: int = 3,
    ) -> None:
        self.ids = tuple(d.id for d in documents)
        count = max(len(documents), 1)
        averages = {
            name: max(sum(len(d.fields.get(name, ())) for d in documents) / count, 1.0)
            for name in fields
        }
        pseudo: dict[str, dict[int, float]] = defaultdict(dict)
        for number, document in enumerate(documents):
            for name, spec in fields.items():
                terms = document.fields.get(name, ())
                norm = 1.0 - spec.b + spec.b * len(terms) / averages[name]
                for term, tf in Counter(terms).items():
                    slot = pseudo[term]
                    slot[number] = slot.get(number, 0.0) + spec.weight * tf / norm
        self._idf = {
            term: math.log(1.0 + (count - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in pseudo.items()
        }
        self._postings = {
            term: tuple((n, self._idf[term] * tf / (k1 + tf)) for n, tf in p.items())
            for term, p in pseudo.items()
        }
        self._unknown = unknown_weight * math.log(1.0 + (count + 0.5) / 0.5)
        self._unknown_cap = unknown_cap

    def __contains__(self, term: object) -> bool:
        return term in self._postings

    def idf(self, term: str) -> float:
        """The inverse document frequency of ``term`` (0 when no topic uses it)."""
        return self._idf.get(term, 0.0)

    def search(self, terms: Sequence[str], limit: int = 5) -> list[tuple[str, float]]:
        """The best topics for ``terms`` with scores in [0, 1], best first."""
        unique = list(dict.fromkeys(terms))
        if not unique:
            return []
        unknown = sum(1 for t in unique if t not in self._idf)
        mass = sum(self._idf.get(t, 0.0) for t in unique)
        mass += self._unknown * min(unknown, self._unknown_cap)
        scores: dict[int, float] = defaultdict(float)
        for term in unique:
            for number, contribution in self._postings.get(term, ()):
                scores[number] += contribution
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(self.ids[n], s / mass) for n, s in ranked if s > 0.0]
