"""Small talk: greetings, thanks and "ok" are answered kindly, not searched as questions.

Without this, "makasih" would be recorded as a question the bot could not answer and would
crowd the officers' list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, read_toml, require_list_of_str
from flows.engine.text import clean_text
from flows.information.files import CONTENT_ROOT

__all__ = ["KINDS", "Chitchat", "load_chitchat"]

KINDS = ("greeting", "thanks", "ok")


@dataclass(frozen=True, slots=True)
class Chitchat:
    """Phrases per locale and kind."""

    phrases: Mapping[str, Mapping[str, str]]

    def kind(self, text: str) -> str | None:
        """``greeting``, ``thanks`` or ``ok`` when the whole message is one, else None."""
        cleaned = clean_text(text)
        for by_phrase in self.phrases.values():
            if cleaned in by_phrase:
                return by_phrase[cleaned]
        return None


def load_chitchat(path: Traversable = CONTENT_ROOT / "chitchat.toml") -> Chitchat:
    """Load the small-talk phrases; every locale table may only use the known kinds."""
    data = read_toml(path, schema=1)
    phrases: dict[str, dict[str, str]] = {}
    for locale, table in data.items():
        if locale == "schema":
            continue
        if not isinstance(table, dict):
            raise ContentError(path.name, locale, "must be a table of phrase lists")
        for kind in table:
            if kind not in KINDS:
                raise ContentError(path.name, f"{locale}.{kind}", f"kind must be one of {KINDS}")
            for phrase in require_list_of_str(table, kind, path.name, where=f"{locale}."):
                phrases.setdefault(locale, {})[clean_text(phrase)] = kind
    return Chitchat(phrases)
