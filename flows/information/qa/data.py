"""Loading of the question-answering word lists: slang synonyms and danger phrases.

Both are content (``qa_synonyms.toml``, ``qa_danger.toml``) so outreach staff can add the
abbreviation they keep seeing, or a new way of saying "my passport was taken", without a
release. A malformed entry stops startup naming the file and the key.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, read_toml, require_list_of_str

__all__ = ["DANGER_FILE", "SYNONYMS_FILE", "load_danger", "load_synonyms"]

SYNONYMS_FILE = "qa_synonyms.toml"
DANGER_FILE = "qa_danger.toml"


def load_synonyms(file: Traversable) -> dict[str, dict[str, str]]:
    """Per locale, informal form -> standard form (``[id] gmn = "bagaimana"``)."""
    data = read_toml(file, schema=1)
    result: dict[str, dict[str, str]] = {}
    for locale, table in data.items():
        if locale == "schema":
            continue
        if not isinstance(table, dict):
            raise ContentError(file.name, locale, "must be a table of informal = standard")
        entries: dict[str, str] = {}
        for informal, standard in table.items():
            if not isinstance(standard, str) or not standard.strip() or not informal.strip():
                raise ContentError(file.name, f"{locale}.{informal}", "must be a non-empty string")
            entries[informal.strip()] = standard.strip()
        result[locale] = entries
    return result


def load_danger(file: Traversable) -> dict[str, tuple[str, ...]]:
    """Per locale, the phrases that mean someone is in trouble."""
    data = read_toml(file, schema=1)
    result: dict[str, tuple[str, ...]] = {}
    for locale, table in data.items():
        if locale == "schema":
            continue
        if not isinstance(table, dict):
            raise ContentError(file.name, locale, "must be a table with phrases = [...]")
        phrases = require_list_of_str(table, "phrases", file.name, where=f"{locale}.")
        if not phrases:
            raise ContentError(file.name, f"{locale}.phrases", "must not be empty")
        result[locale] = phrases
    return result
