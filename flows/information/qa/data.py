"""Loading of the question-answering word lists: slang synonyms and danger phrases.

Both are content (``qa_synonyms.toml``, ``qa_danger.toml``) so outreach staff can add the
abbreviation they keep seeing, or a new way of saying "my passport was taken", without a
release. A malformed entry stops startup naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

from flows.engine.content import ContentError, read_toml, require_list_of_str, require_str
from flows.information.qa.frames import FrameSpec
from flows.information.qa.intents import IntentRules, IntentSpec

__all__ = [
    "DANGER_FILE",
    "INTENTS_FILE",
    "SYNONYMS_FILE",
    "DangerFrames",
    "load_danger",
    "load_danger_frames",
    "load_intents",
    "load_synonyms",
]

#: Keys of the danger file that are not a locale's phrase list.
_FRAME_KEYS = ("schema", "concepts", "frame")

SYNONYMS_FILE = "qa_synonyms.toml"
DANGER_FILE = "qa_danger.toml"
INTENTS_FILE = "qa_intents.toml"


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
        if locale in _FRAME_KEYS:
            continue
        if not isinstance(table, dict):
            raise ContentError(file.name, locale, "must be a table with phrases = [...]")
        phrases = require_list_of_str(table, "phrases", file.name, where=f"{locale}.")
        if not phrases:
            raise ContentError(file.name, f"{locale}.phrases", "must not be empty")
        result[locale] = phrases
    return result


@dataclass(frozen=True, slots=True)
class DangerFrames:
    """Danger by meaning: concepts (word lists shared by every language) and frames."""

    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    frames: tuple[FrameSpec, ...] = ()


def load_danger_frames(file: Traversable) -> DangerFrames:
    """The ``[concepts]`` table and the ``[[frame]]`` list of the danger file."""
    data = read_toml(file, schema=1)
    table = data.get("concepts", {})
    if not isinstance(table, dict):
        raise ContentError(file.name, "concepts", "must be a table of name = [words]")
    concepts = {
        name: require_list_of_str(table, name, file.name, where="concepts.") for name in table
    }
    frames = tuple(
        _frame(file.name, i, raw, concepts) for i, raw in enumerate(data.get("frame", []))
    )
    return DangerFrames(concepts, frames)


def _frame(source: str, index: int, raw: Any, concepts: dict[str, tuple[str, ...]]) -> FrameSpec:
    where = f"frame[{index}]"
    if not isinstance(raw, dict):
        raise ContentError(source, where, "must be a table")
    name = require_str(raw, "name", source, where=f"{where}.")
    slots = require_list_of_str(raw, "slots", source, where=f"{where}.")
    unless = (
        require_list_of_str(raw, "unless", source, where=f"{where}.") if "unless" in raw else ()
    )
    parsed = tuple(tuple(part.strip() for part in slot.split("|")) for slot in slots)
    for concept in (*unless, *(c for slot in parsed for c in slot)):
        if concept not in concepts:
            raise ContentError(source, f"{where}.{name}", f"unknown concept {concept!r}")
    if not parsed:
        raise ContentError(source, f"{where}.{name}", "needs at least one slot")
    topic = raw.get("topic")
    if topic is not None and (not isinstance(topic, str) or not topic.strip()):
        raise ContentError(source, f"{where}.{name}.topic", "must be a topic id")
    return FrameSpec(name, parsed, tuple(unless), topic)


def load_intents(file: Traversable) -> IntentRules:
    """The intents (``[[intent]]``: name, words, topics) and how strongly they re-rank."""
    data = read_toml(file, schema=1)
    numbers = {}
    for key in ("boost", "demote"):
        value = data.get(key, 0.0)
        if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            raise ContentError(file.name, key, "must be a number from 0 to 1")
        numbers[key] = float(value)
    intents = []
    for index, raw in enumerate(data.get("intent", [])):
        where = f"intent[{index}]."
        if not isinstance(raw, dict):
            raise ContentError(file.name, where.rstrip("."), "must be a table")
        name = require_str(raw, "name", file.name, where=where)
        words = require_list_of_str(raw, "words", file.name, where=where)
        topics = require_list_of_str(raw, "topics", file.name, where=where)
        if not words or not topics:
            raise ContentError(file.name, f"{where}{name}", "needs words and topics")
        intents.append(IntentSpec(name, words, topics))
    broad = require_list_of_str(data, "broad", file.name)
    return IntentRules(numbers["boost"], numbers["demote"], broad, tuple(intents))
