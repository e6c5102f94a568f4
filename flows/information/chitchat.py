"""Small talk: greetings, thanks, farewells and "ok" are answered kindly, not searched as questions.

Without this, "mksh ya mba infonya 🙏" would be recorded as a question the bot could not
answer and would crowd the officers' list, or worse, be answered with a topic.

People write small talk in many forms, so a message is read word by word: known phrases
("makasih", "matur nuwun", "wassalamualaikum") and friendly filler around them (names such as
"kak", "min", "nak", particles such as "ya", "dong", "infonya") are consumed from the start.
When nothing is left the whole message was small talk; when a real question follows
("assalamualaikum min, mau tanya syarat ke taiwan") the question is what remains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, read_toml, require_list_of_str
from flows.information.files import CONTENT_ROOT

__all__ = ["FILLER", "KINDS", "Chitchat", "load_chitchat"]

KINDS = ("greeting", "thanks", "farewell", "ok")
#: The key of each locale's list of words that may surround small talk without changing it.
FILLER = "filler"

_WORD = re.compile(r"\w+")
_STRETCHED = re.compile(r"(\w)\1{2,}")  # "makasiiih", "halooo"


def _words(text: str) -> list[str]:
    return [_STRETCHED.sub(r"\1", w.casefold()) for w in _WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class Chitchat:
    """Small-talk phrases (as word tuples, every locale together) and the filler around them."""

    phrases: Mapping[tuple[str, ...], str]
    fillers: frozenset[str]
    #: Words in the longest phrase: how far ahead to look at each word.
    longest: int = 1

    def _consume(self, text: str) -> tuple[list[str], int | None]:
        """The kinds at the start of ``text`` and where the rest begins (None: nothing left)."""
        spans = list(_WORD.finditer(text))
        words = _words(text)
        kinds: list[str] = []
        at = 0
        while at < len(words):
            for size in range(min(self.longest, len(words) - at), 0, -1):
                kind = self.phrases.get(tuple(words[at : at + size]))
                if kind is not None:
                    kinds.append(kind)
                    at += size
                    break
            else:
                if words[at] not in self.fillers:
                    return kinds, spans[at].start()
                at += 1
        return kinds, None

    def kinds(self, text: str) -> frozenset[str]:
        """The kinds of small talk the whole message is made of; empty if it says more.

        Filler alone ("kak", "min?", "mau tanya") is someone calling for attention: a greeting.
        """
        kinds, rest = self._consume(text)
        if rest is not None or not _WORD.search(text):
            return frozenset()
        return frozenset(kinds or ("greeting",))

    def kind(self, text: str) -> str | None:
        """The main kind when the whole message is small talk, else None."""
        found = self.kinds(text)
        return next(
            (kind for kind in ("farewell", "thanks", "greeting", "ok") if kind in found), None
        )

    def after_small_talk(self, text: str) -> str:
        """``text`` without the greeting, thanks or farewell (and filler) it opens with.

        A leading "ok" or "ya" alone is left: "ya allah, ..." is not small talk.
        """
        kinds, rest = self._consume(text)
        if rest is None or not set(kinds) - {"ok"}:
            return text
        return text[rest:].strip()


def load_chitchat(path: Traversable = CONTENT_ROOT / "chitchat.toml") -> Chitchat:
    """Load the small-talk phrases; every locale table may only use the known kinds."""
    data = read_toml(path, schema=1)
    phrases: dict[tuple[str, ...], str] = {}
    fillers: set[str] = set()
    for locale, table in data.items():
        if locale == "schema":
            continue
        if not isinstance(table, dict):
            raise ContentError(path.name, locale, "must be a table of phrase lists")
        for kind in table:
            if kind not in (*KINDS, FILLER):
                raise ContentError(
                    path.name, f"{locale}.{kind}", f"kind must be one of {(*KINDS, FILLER)}"
                )
            for phrase in require_list_of_str(table, kind, path.name, where=f"{locale}."):
                words = tuple(_words(phrase))
                if not words:
                    raise ContentError(path.name, f"{locale}.{kind}", f"{phrase!r} has no words")
                if kind == FILLER and len(words) != 1:
                    raise ContentError(
                        path.name, f"{locale}.{kind}", f"{phrase!r}: a filler is one word"
                    )
                if kind == FILLER:
                    fillers.add(words[0])
                    continue
                if phrases.get(words, kind) != kind:
                    raise ContentError(
                        path.name, f"{locale}.{kind}", f"{phrase!r} is listed as two kinds"
                    )
                phrases[words] = kind
    return Chitchat(phrases, frozenset(fillers), max(map(len, phrases), default=1))
