"""Spots messages from someone in trouble so the bot shows help contacts instead of a search.

A withheld passport, confinement or months of unpaid wages must never be answered with a
brochure page. Detection is a phrase match over normalised token sequences, compared by stem
("ditahan" matches "menahan"), after typo correction, in order (two-word phrases either way
round: "majikan menahan paspor"), tolerating up to two extra words between phrase words
("gaji saya sudah 3 bulan tidak dibayar"). A negation inside such a gap ("paspor tidak
ditahan") or just before the phrase ("tidak disekap") breaks the match, and a harmless question
that merely shares one word with a phrase ("berapa gaji di taiwan") never matches because every
word must be there. Stop words in a phrase are skipped ("dikunci di rumah" matches "dikunci
dalam rumah") unless that would leave a single word: "help me" must not fire on "help with".
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["DangerDetector", "Word", "supposed"]

_MAX_GAP = 2


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: What may stand between a negation and the word it negates ("tidak pernah digaji"); any other
#: word means the negation is about something else ("tidak minta bayaran").
_NEGATION_GAP = _word_set(
    "pernah juga lagi sama sekali sepenuhnya full ever yet been even once sepeser pun "
    "dikasih diberi dapat dapet menerima terima dibayarkan kasih"
)
#: Words that, between a negation and its word, show the negation is about something else.
_NEGATION_BREAK = _word_set("ingin mau pengen pengin harus perlu minta selama usah want need wish")
#: How many words before the harm a supposition ("kalau", "if") still governs it.
_SUPPOSITION_REACH = 5


@dataclass(frozen=True, slots=True)
class Word:
    """A normalised token with its stem."""

    text: str
    stem: str

    def same(self, other: Word) -> bool:
        """Equal as written or as stems."""
        return self.text == other.text or self.stem == other.stem


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    words: tuple[Word, ...]
    negated: bool
    full: bool  # matched against all words, stop words included


def supposed(
    words: Sequence[Word],
    start: int,
    suppositions: frozenset[str],
    passable: Callable[[int], bool],
) -> bool:
    """Whether a supposition shortly before ``words[start]`` governs it: only words for which
    ``passable(index)`` holds may stand between ("kalau nanti di sana gaji tidak dibayar")."""
    index = start - 1
    while index >= 0 and start - index <= _SUPPOSITION_REACH:
        if words[index].text in suppositions:
            return True
        if not passable(index):
            return False
        index -= 1
    return False


class DangerDetector:
    """Matches the danger phrases of one locale."""

    def __init__(
        self,
        phrases: Sequence[tuple[str, Sequence[Word]]],
        *,
        is_stop_word: Callable[[str], bool],
        negations: frozenset[str],
        suppositions: frozenset[str] = frozenset(),
        fillers: frozenset[str] = frozenset(),
    ) -> None:
        self._is_stop = is_stop_word
        self._negations = negations
        self._suppositions = suppositions
        self._fillers = fillers
        self._by_first: dict[str, list[_Phrase]] = defaultdict(list)
        for text, all_words in phrases:
            content = tuple(w for w in all_words if not is_stop_word(w.text))
            full = len(content) < 2 and len(content) < len(all_words)
            words = tuple(all_words) if full else content
            if not words:
                continue
            negated = any(w.text in negations for w in words)
            variants = [words]
            if len(words) == 2 and not negated:
                variants.append(words[::-1])
            for variant in variants:
                phrase = _Phrase(text, variant, negated, full)
                self._by_first[variant[0].text].append(phrase)
                if variant[0].stem != variant[0].text:
                    self._by_first[variant[0].stem].append(phrase)

    def vocabulary(self) -> set[str]:
        """Every word used by a phrase, for typo correction."""
        return {w.text for group in self._by_first.values() for p in group for w in p.words}

    def find(self, words: Sequence[Word]) -> str | None:
        """The first danger phrase found in ``words`` (stop words included), or None."""
        positions = [i for i, w in enumerate(words) if not self._is_stop(w.text)]
        content = [words[i] for i in positions]
        everything = list(range(len(words)))
        for sequence, where, full in ((content, positions, False), (list(words), everything, True)):
            for start, word in enumerate(sequence):
                candidates = self._by_first.get(word.text, []) + self._by_first.get(word.stem, [])
                for phrase in candidates:
                    if phrase.full != full:
                        continue
                    matched = self._matches(phrase, sequence, start)
                    if (
                        matched is not None
                        and not self._negation_broken(words, [where[i] for i in matched])
                        and not self._supposed(words, where[start])
                    ):
                        return phrase.text
        return None

    def _negation_broken(self, words: Sequence[Word], matched: Sequence[int]) -> bool:
        """A wish or a need between a negation and its word: "tidak ingin selamanya digaji"."""
        for here, after in itertools.pairwise(matched):
            if words[here].text in self._negations and any(
                words[i].text in _NEGATION_BREAK for i in range(here + 1, after)
            ):
                return True
        return False

    def _supposed(self, words: Sequence[Word], start: int) -> bool:
        def passable(index: int) -> bool:
            text = words[index].text
            return (self._is_stop(text) and text not in self._suppositions) or (
                text in self._fillers
            )

        return supposed(words, start, self._suppositions, passable)

    def _matches(self, phrase: _Phrase, sequence: Sequence[Word], start: int) -> list[int] | None:
        """The positions of the phrase's words when it starts at ``start``, else None."""
        if not phrase.negated and start > 0 and sequence[start - 1].text in self._negations:
            return None
        if phrase.words[0].text in self._negations and sequence[start].text not in self._negations:
            return None  # "sebelum" shares the stem of "belum" but negates nothing
        position = start
        matched = [start]
        for expected in phrase.words[1:]:
            after_negation = sequence[position].text in self._negations
            for step in range(1, _MAX_GAP + 2):
                index = position + step
                if index >= len(sequence):
                    return None
                candidate = sequence[index]
                if candidate.same(expected):
                    position = index
                    matched.append(index)
                    break
                if not phrase.negated and candidate.text in self._negations:
                    return None
                if after_negation and candidate.text not in _NEGATION_GAP:
                    return None  # "tidak minta bayaran"
            else:
                return None
        return matched
