"""Stemmers that fold word forms together ("ditahan", "menahan" -> "tahan").

Indonesian uses PySastrawi, which is accurate but slow (tens of microseconds a word), so each
stemmer keeps a bounded cache; the bot asks about the same few hundred words all day. English
gets a light suffix stripper: the English topics are short and a full Porter stemmer would be
one more dependency for little gain. Both also say whether a token is a real word, so typo
correction leaves correctly spelt words alone.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

__all__ = ["EnglishStemmer", "IndonesianStemmer", "Stemmer", "stemmer_for"]

_CACHE_LIMIT = 50_000


class Stemmer(Protocol):
    """Maps a normalised token to its stem."""

    def stem(self, token: str) -> str:
        """The stem of ``token``."""
        ...

    def is_word(self, token: str) -> bool:
        """Whether ``token`` is a known word of the language (so not a typo)."""
        ...


class IndonesianStemmer:
    """PySastrawi with a cache; its root-word list doubles as a dictionary."""

    def __init__(self) -> None:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        cached = StemmerFactory().create_stemmer()
        self._stemmer = cached.delegatedStemmer
        self._roots: frozenset[str] = frozenset(self._stemmer.get_dictionary().words)
        self._cache: dict[str, str] = {}

    def stem(self, token: str) -> str:
        """The Sastrawi root of ``token``; tokens with digits or marks are kept as they are."""
        found = self._cache.get(token)
        if found is None:
            found = self._stemmer.stem_word(token) if token.isalpha() else token
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = found or token
        return found or token

    def is_word(self, token: str) -> bool:
        """True when the token or its root is in Sastrawi's root-word list."""
        return token in self._roots or self.stem(token) in self._roots


class EnglishStemmer:
    """A light suffix stripper: plurals, -ing, -ed, -ly."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def stem(self, token: str) -> str:
        """The token without common inflection suffixes."""
        found = self._cache.get(token)
        if found is None:
            found = _strip_english(token) if token.isalpha() else token
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = found
        return found

    def is_word(self, token: str) -> bool:
        """No English dictionary is shipped: only the index vocabulary counts."""
        return False


def _strip_english(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    return word


def stemmer_for(locale: str) -> Stemmer:
    """The shared stemmer of a locale (Indonesian rules for any locale but English)."""
    return _shared("en" if locale == "en" else "id")


@cache
def _shared(language: str) -> Stemmer:
    return EnglishStemmer() if language == "en" else IndonesianStemmer()
