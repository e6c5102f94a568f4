"""Word lists ("concepts") found in a message by written form or stem, in one pass.

Danger frames and question intents both ask "which of these word lists does the message
contain, and where". An entry matches a word by its written form or its stem; ``=`` in front of
an entry matches the written form only ("=dipukul" must not match "pukul 10", the time of
day). Entries of several words match in order with at most one extra word between them
("tidak di kasih makan"). Each entry is indexed by its first word, so a message is scanned
once whatever the number of entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from flows.information.qa.danger import Word

__all__ = ["ConceptMatcher", "Hit"]


@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[Word, ...]
    exact: bool
    negative: bool  # the entry itself says "not" ("tidak dibayar"): never negated again

    def match_at(self, words: Sequence[Word], start: int) -> int | None:
        """The index of the entry's last word when it starts at ``start``, else None."""
        position = start
        if not self._same(words[start], self.words[0]):
            return None
        for expected in self.words[1:]:
            for index in (position + 1, position + 2):
                if index < len(words) and self._same(words[index], expected):
                    position = index
                    break
            else:
                return None
        return position

    def _same(self, word: Word, expected: Word) -> bool:
        return word.text == expected.text or (not self.exact and word.stem == expected.stem)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a concept's entry was found (word positions, inclusive)."""

    start: int
    end: int
    negative: bool  # the entry itself is negative ("tidak dibayar")


class ConceptMatcher:
    """Finds every concept's entries in a message's words."""

    def __init__(
        self,
        concepts: Mapping[str, Sequence[str]],
        *,
        read: Callable[[str], Sequence[Word]],
        negations: frozenset[str],
    ) -> None:
        self.names = frozenset(concepts)
        self._by_first: dict[str, list[tuple[str, _Entry]]] = {}
        for name, entries in concepts.items():
            for raw in entries:
                entry = _compile(raw, read, negations)
                if not entry.words:
                    continue
                first = entry.words[0]
                keys = {first.text} if entry.exact else {first.text, first.stem}
                for key in keys:
                    self._by_first.setdefault(key, []).append((name, entry))

    def vocabulary(self) -> set[str]:
        """Every word of every concept, for typo correction."""
        return {w.text for group in self._by_first.values() for _, e in group for w in e.words}

    def hits(self, words: Sequence[Word]) -> dict[str, list[Hit]]:
        """Per concept found in ``words``, where its entries are."""
        found: dict[str, list[Hit]] = {}
        for start, word in enumerate(words):
            seen: set[int] = set()
            for key in (word.text, word.stem):
                for name, entry in self._by_first.get(key, ()):
                    if id(entry) in seen:
                        continue
                    seen.add(id(entry))
                    end = entry.match_at(words, start)
                    if end is not None:
                        found.setdefault(name, []).append(Hit(start, end, entry.negative))
        return found


def _compile(
    entry: str, read: Callable[[str], Sequence[Word]], negations: frozenset[str]
) -> _Entry:
    exact = entry.startswith("=")
    words = tuple(read(entry.removeprefix("=")))
    return _Entry(words, exact, any(w.text in negations for w in words))
