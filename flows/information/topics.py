"""Topic pages: the vetted answers the bot gives, loaded and checked from ``content/topics``.

Each locale has one file per migration phase (before, abroad, after), which names the phase and
lists its topics. Other files in the folder (``asked.toml``: the questions people kept asking)
add topics to those phases, each topic naming its ``phase``. A migrant acts on what the bot
says, so a file that breaks a rule (an unknown ``related`` id, a source without a grade, a
locale that lacks a topic) stops startup naming the file and the key, instead of showing a
person a dangling button or an unsourced claim.

A topic that states a figure which changes on a schedule (a wage, a fee, a benefit amount, a
phone number) carries ``review_by``: the day its figures must be checked again. ``desmigratif
content review`` lists the topics past that day, so the village office knows what to re-check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from importlib.resources.abc import Traversable
from typing import Any

from flows.engine.content import (
    ContentError,
    read_toml,
    require_date,
    require_list_of_str,
    require_str,
)
from flows.information.files import CONTENT_ROOT

__all__ = [
    "DEFAULT_LOCALE",
    "GRADES",
    "MAX_REVIEW_AFTER_CHECK",
    "PHASES",
    "Phase",
    "Source",
    "Topic",
    "TopicLibrary",
    "load_topics",
]

DEFAULT_LOCALE = "id"
PHASES = ("before", "abroad", "after")
GRADES = frozenset({"A", "B"})
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL_PREFIXES = ("https://", "http://")
#: A review date further than this after ``checked_on`` would let a figure go stale unseen.
MAX_REVIEW_AFTER_CHECK = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a topic's facts come from; grade A is a law or official page, B a trusted NGO."""

    title: str
    url: str
    grade: str


@dataclass(frozen=True, slots=True)
class Topic:
    """One answer page in one locale."""

    id: str
    locale: str
    phase: str
    title: str
    keywords: tuple[str, ...]
    body: str
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    checked_on: date
    #: When the wages, fees, benefit amounts or phone numbers it states must be checked again.
    review_by: date | None = None


@dataclass(frozen=True, slots=True)
class Phase:
    """A stage of migration grouping topics, in menu order."""

    id: str
    locale: str
    title: str
    order: int
    topic_ids: tuple[str, ...]


@dataclass(frozen=True)
class TopicLibrary:
    """All topics of all locales; lookups in a missing locale fall back to Indonesian."""

    by_locale: Mapping[str, Mapping[str, Topic]]
    phases_by_locale: Mapping[str, tuple[Phase, ...]]

    def _locale(self, locale: str) -> str:
        return locale if locale in self.by_locale else DEFAULT_LOCALE

    def topic(self, locale: str, topic_id: str) -> Topic | None:
        """The topic in ``locale``, else in Indonesian, else None."""
        found = self.by_locale.get(locale, {}).get(topic_id)
        if found is None:
            found = self.by_locale.get(DEFAULT_LOCALE, {}).get(topic_id)
        return found

    def phases(self, locale: str) -> tuple[Phase, ...]:
        """The phases of ``locale`` ordered for a menu."""
        return self.phases_by_locale.get(self._locale(locale), ())

    def topics(self, locale: str) -> tuple[Topic, ...]:
        """Every topic of ``locale``, phase by phase (before, abroad, after)."""
        return tuple(self.by_locale.get(self._locale(locale), {}).values())

    def locales(self) -> tuple[str, ...]:
        """The locales that have topic files."""
        return tuple(self.by_locale)

    def past_due(self, as_of: date) -> tuple[Topic, ...]:
        """Topics of every locale whose ``review_by`` is before ``as_of``, oldest first."""
        due = (
            topic
            for topics in self.by_locale.values()
            for topic in topics.values()
            if topic.review_by is not None and topic.review_by < as_of
        )
        return tuple(sorted(due, key=lambda t: (t.review_by or as_of, t.id, t.locale)))

    def with_topics(self, extra: Iterable[Topic]) -> TopicLibrary:
        """A copy with extra topics (e.g. written by village officers) added or replaced."""
        by_locale = {loc: dict(topics) for loc, topics in self.by_locale.items()}
        phases = {loc: list(items) for loc, items in self.phases_by_locale.items()}
        for topic in extra:
            where = f"{topic.locale}/{topic.id}"
            if not _ID_RE.fullmatch(topic.id):
                raise ContentError("extra topics", where, "id must be kebab-case")
            known = [p for p in phases.get(topic.locale, []) if p.id == topic.phase]
            if not known:
                raise ContentError("extra topics", where, f"unknown phase {topic.phase!r}")
            if topic.id not in by_locale[topic.locale]:
                index = phases[topic.locale].index(known[0])
                phases[topic.locale][index] = replace(
                    known[0], topic_ids=(*known[0].topic_ids, topic.id)
                )
            by_locale[topic.locale][topic.id] = topic
        for locale, topics in by_locale.items():
            for topic in topics.values():
                _check_related(topic, topics, "extra topics", f"{locale}/{topic.id}.related")
        return TopicLibrary(by_locale, {loc: tuple(items) for loc, items in phases.items()})


def load_topics(root: Traversable = CONTENT_ROOT / "topics") -> TopicLibrary:
    """Load and validate every ``<locale>/<phase>.toml`` under ``root``."""
    by_locale: dict[str, dict[str, Topic]] = {}
    phases: dict[str, tuple[Phase, ...]] = {}
    dirs = sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.name)
    for directory in dirs:
        files = sorted((f for f in directory.iterdir() if f.name.endswith(".toml")), key=_name)
        if not files:
            continue
        topics: dict[str, Topic] = {}
        found: dict[str, Phase] = {}
        files_of: dict[str, str] = {}
        for file in files:
            if file.name.removesuffix(".toml") in PHASES:
                phase = _load_file(file, directory.name, topics)
                found[phase.id] = phase
            else:
                _load_extra_file(file, directory.name, topics, found)
            for topic_id in topics.keys() - files_of.keys():
                files_of[topic_id] = file.name
        _check_unique_phases(list(found.values()), directory.name)
        for topic in topics.values():
            name = f"topics/{directory.name}/{files_of[topic.id]}"
            _check_related(topic, topics, name, f"topic {topic.id!r}.related")
        by_locale[directory.name] = topics
        phases[directory.name] = tuple(sorted(found.values(), key=lambda p: (p.order, p.id)))
    if not by_locale:
        raise ContentError("topics", "-", "no topic files found")
    _check_same_ids(by_locale)
    _check_same_review_dates(by_locale)
    return TopicLibrary(by_locale, phases)


def _name(file: Traversable) -> tuple[int, str]:
    stem = file.name.removesuffix(".toml")
    return (PHASES.index(stem) if stem in PHASES else len(PHASES), file.name)


def _load_file(file: Traversable, locale: str, topics: dict[str, Topic]) -> Phase:
    name = f"topics/{locale}/{file.name}"
    try:
        data = read_toml(file, schema=1)
    except ContentError as exc:
        raise ContentError(name, exc.key, exc.problem) from exc
    if require_str(data, "locale", name) != locale:
        raise ContentError(name, "locale", f"must be {locale!r}, the folder it is in")
    phase = require_str(data, "phase", name)
    if phase not in PHASES or file.name != f"{phase}.toml":
        raise ContentError(name, "phase", f"must be one of {PHASES} and match the file name")
    title = require_str(data, "phase_title", name)
    order = data.get("phase_order")
    if not isinstance(order, int) or isinstance(order, bool):
        raise ContentError(name, "phase_order", "must be an integer")
    rows = data.get("topic")
    if not isinstance(rows, list) or not rows:
        raise ContentError(name, "topic", "must be a non-empty array of [[topic]] tables")
    ids: list[str] = []
    for i, row in enumerate(rows):
        topic = _parse_topic(row, name, f"topic[{i}].", locale, phase)
        if topic.id in topics:
            raise ContentError(name, f"topic[{i}].id", f"duplicate id {topic.id!r}")
        topics[topic.id] = topic
        ids.append(topic.id)
    return Phase(phase, locale, title, order, tuple(ids))


def _load_extra_file(
    file: Traversable, locale: str, topics: dict[str, Topic], phases: dict[str, Phase]
) -> None:
    """A file not named after a phase: each of its topics joins the phase it names."""
    name = f"topics/{locale}/{file.name}"
    try:
        data = read_toml(file, schema=1)
    except ContentError as exc:
        raise ContentError(name, exc.key, exc.problem) from exc
    if require_str(data, "locale", name) != locale:
        raise ContentError(name, "locale", f"must be {locale!r}, the folder it is in")
    for key in ("phase", "phase_title", "phase_order"):
        if key in data:
            problem = f"only {sorted(PHASES)} files set it; give each [[topic]] its phase"
            raise ContentError(name, key, problem)
    rows = data.get("topic")
    if not isinstance(rows, list) or not rows:
        raise ContentError(name, "topic", "must be a non-empty array of [[topic]] tables")
    for i, row in enumerate(rows):
        where = f"topic[{i}]."
        if not isinstance(row, dict):
            raise ContentError(name, f"topic[{i}]", "must be a table")
        phase_id = require_str(row, "phase", name, where=where)
        if phase_id not in phases:
            known = sorted(phases)
            raise ContentError(name, f"{where}phase", f"must be one of the phases {known}")
        topic = _parse_topic(row, name, where, locale, phase_id)
        if topic.id in topics:
            raise ContentError(name, f"{where}id", f"duplicate id {topic.id!r}")
        topics[topic.id] = topic
        phase = phases[phase_id]
        phases[phase_id] = replace(phase, topic_ids=(*phase.topic_ids, topic.id))


def _parse_topic(row: Any, file: str, where: str, locale: str, phase: str) -> Topic:
    if not isinstance(row, dict):
        raise ContentError(file, where.rstrip("."), "must be a table")
    topic_id = require_str(row, "id", file, where=where)
    if not _ID_RE.fullmatch(topic_id):
        raise ContentError(file, f"{where}id", f"{topic_id!r} is not kebab-case")
    if row.get("phase", phase) != phase:
        raise ContentError(file, f"{where}phase", f"must be {phase!r}, the phase of this file")
    where = f"topic {topic_id!r}."
    sources_rows = row.get("source", [])
    if not isinstance(sources_rows, list):
        raise ContentError(file, f"{where}source", "must be an array of [[topic.source]] tables")
    sources = tuple(
        _parse_source(s, file, f"{where}source[{j}].") for j, s in enumerate(sources_rows)
    )
    checked_on = require_date(row, "checked_on", file, where=where)
    return Topic(
        id=topic_id,
        locale=locale,
        phase=phase,
        title=require_str(row, "title", file, where=where),
        keywords=require_list_of_str(row, "keywords", file, where=where),
        body=require_str(row, "body", file, where=where),
        related=require_list_of_str(row, "related", file, where=where),
        sources=sources,
        checked_on=checked_on,
        review_by=_review_by(row, checked_on, file, where),
    )


def _review_by(row: dict[str, Any], checked_on: date, file: str, where: str) -> date | None:
    """The optional ``review_by`` day: a plain date, at most a year after ``checked_on``."""
    if "review_by" not in row:
        return None
    value = row["review_by"]
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ContentError(file, f"{where}review_by", "must be a date like 2027-05-23")
    if value > checked_on + MAX_REVIEW_AFTER_CHECK:
        raise ContentError(file, f"{where}review_by", "must be at most a year after checked_on")
    return value


def _parse_source(row: Any, file: str, where: str) -> Source:
    if not isinstance(row, dict):
        raise ContentError(file, where.rstrip("."), "must be a table")
    url = require_str(row, "url", file, where=where)
    if not url.startswith(_URL_PREFIXES):
        raise ContentError(file, f"{where}url", "must start with https:// or http://")
    grade = require_str(row, "grade", file, where=where)
    if grade not in GRADES:
        raise ContentError(file, f"{where}grade", f"must be one of {sorted(GRADES)}")
    return Source(require_str(row, "title", file, where=where), url, grade)


def _check_related(topic: Topic, topics: Mapping[str, Topic], file: str, key: str) -> None:
    for other in topic.related:
        if other not in topics:
            raise ContentError(file, key, f"unknown topic id {other!r}")
        if other == topic.id:
            raise ContentError(file, key, "a topic cannot be related to itself")


def _check_unique_phases(found: list[Phase], locale: str) -> None:
    seen: set[int] = set()
    for phase in found:
        if phase.order in seen:
            file = f"topics/{locale}/{phase.id}.toml"
            raise ContentError(file, "phase_order", f"order {phase.order} is used twice")
        seen.add(phase.order)


def _check_same_review_dates(by_locale: Mapping[str, Mapping[str, Topic]]) -> None:
    # the locales state the same figures, so they fall due together
    reference = DEFAULT_LOCALE if DEFAULT_LOCALE in by_locale else next(iter(by_locale))
    for locale, topics in by_locale.items():
        for topic in topics.values():
            expected = by_locale[reference][topic.id].review_by
            if topic.review_by != expected:
                key = f"topic {topic.id!r}.review_by"
                problem = f"{topic.review_by} differs from {expected} in {reference!r}"
                raise ContentError(f"topics/{locale}", key, problem)


def _check_same_ids(by_locale: Mapping[str, Mapping[str, Topic]]) -> None:
    reference = DEFAULT_LOCALE if DEFAULT_LOCALE in by_locale else next(iter(by_locale))
    expected = set(by_locale[reference])
    for locale, topics in by_locale.items():
        missing = sorted(expected - set(topics))
        extra = sorted(set(topics) - expected)
        if missing or extra:
            problem = f"ids differ from {reference!r}: missing {missing}, unexpected {extra}"
            raise ContentError(f"topics/{locale}", "topic.id", problem)
