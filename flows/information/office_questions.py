"""Questions about the village office itself: its opening hours, phone number, address.

"kantor desa buka jam brp", "no telp desa", "alamat balai desa dimana" are answered with the
office's own contact details, not searched among the migration topics (where they would find a
wrong topic or nothing, and be recorded as unanswered). A question counts when it names the
office and asks for one of its details; the phrases are content (``office_questions.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, read_toml, require_list_of_str
from flows.information.files import CONTENT_ROOT

__all__ = ["OfficeQuestions", "load_office_questions"]

_WORD = re.compile(r"\w+")
#: (the words that name the office, the details that go with them) in the file.
_PAIRS = (("office", "detail"), ("village", "contact"))

Phrase = tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(text))


def _has(words: tuple[str, ...], phrases: frozenset[Phrase]) -> bool:
    return any(words[i : i + len(p)] == p for p in phrases for i in range(len(words) - len(p) + 1))


@dataclass(frozen=True, slots=True)
class OfficeQuestions:
    """Pairs of phrase sets: a question naming one of the first and one of the second."""

    pairs: tuple[tuple[frozenset[Phrase], frozenset[Phrase]], ...]

    def asks_for_office(self, text: str) -> bool:
        """True when ``text`` asks how to reach or visit the village office."""
        words = _words(text)
        return any(_has(words, place) and _has(words, detail) for place, detail in self.pairs)


def load_office_questions(
    path: Traversable = CONTENT_ROOT / "office_questions.toml",
) -> OfficeQuestions:
    """Load the phrases of every locale, merged (people mix languages)."""
    data = read_toml(path, schema=1)
    sets: dict[str, set[Phrase]] = {key: set() for pair in _PAIRS for key in pair}
    for locale, table in data.items():
        if locale == "schema":
            continue
        if not isinstance(table, dict):
            raise ContentError(path.name, locale, "must be a table of phrase lists")
        for key in table:
            if key not in sets:
                raise ContentError(path.name, f"{locale}.{key}", f"must be one of {tuple(sets)}")
            for phrase in require_list_of_str(table, key, path.name, where=f"{locale}."):
                words = _words(phrase)
                if not words:
                    raise ContentError(path.name, f"{locale}.{key}", f"{phrase!r} has no words")
                sets[key].add(words)
    return OfficeQuestions(
        tuple((frozenset(sets[place]), frozenset(sets[detail])) for place, detail in _PAIRS)
    )
