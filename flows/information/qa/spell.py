"""Typo tolerance: unknown question words are mapped to the closest word the bot knows.

"pasport", "taiwn", "ditahn" are what people type. A word is only changed when it is unknown
(not in the topics, the synonyms or the danger phrases, and not a dictionary word), at least four
letters long, and close enough to a known word (stricter for short words: "jawa" must not
become "jadwal"); a correctly spelt word that no topic uses stays
as it is, so it cannot be bent into a wrong match. Words glued together ("hongkong") are split
when both halves are known, and a clitic is dropped when the rest is known ("hpnya" -> "hp").
Words only danger detection uses are a magnet for harmless words ("treatment" -> "threaten",
"hint" -> "hit"), so a correction to one of them needs a closer match (``strict_cutoff``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

__all__ = ["TypoCorrector"]

_CACHE_LIMIT = 20_000


class TypoCorrector:
    """Corrects tokens against a fixed vocabulary, caching each decision."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        *,
        is_word: Callable[[str], bool],
        clitics: tuple[str, ...] = (),
        min_length: int = 4,
        cutoff: float = 80.0,
        short_cutoff: float = 85.0,
        strict: Iterable[str] = (),
        strict_cutoff: float = 87.0,
    ) -> None:
        self._known = frozenset(vocabulary)
        self._choices = sorted(w for w in self._known if w.isalpha() and len(w) >= 3)
        self._is_word = is_word
        self._min_length = min_length
        self._clitics = clitics
        self._cutoff = cutoff
        self._short_cutoff = short_cutoff
        self._strict = frozenset(strict)
        self._strict_cutoff = strict_cutoff
        self._cache: dict[str, tuple[str, ...]] = {}

    def correct(self, token: str) -> tuple[str, ...]:
        """The token itself, its correction, or the two known words it glues together."""
        found = self._cache.get(token)
        if found is None:
            found = self._decide(token)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = found
        return found

    def is_known(self, token: str) -> bool:
        """Whether ``token`` is in the vocabulary."""
        return token in self._known

    def _decide(self, token: str) -> tuple[str, ...]:
        if token in self._known or len(token) < self._min_length or not token.isalpha():
            return (token,)
        for clitic in self._clitics:
            if token.endswith(clitic) and token[: -len(clitic)] in self._known:
                return (token[: -len(clitic)],)
        if self._is_word(token):
            return (token,)
        for cut in range(3, len(token) - 2):
            head, tail = token[:cut], token[cut:]
            if head in self._known and tail in self._known:
                return (head, tail)
        cutoff = self._short_cutoff if len(token) <= 5 else self._cutoff
        for word, score, _ in process.extract(
            token, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
        ):
            if word not in self._strict or score >= self._strict_cutoff:
                return (word,)
        return (token,)
