"""The job board's content: destinations, sectors, warnings and the red flags of "cek loker".

Outreach staff can correct a country's sourced pay figure, a warning or a flag's reason and
patterns without a release; the bot refuses to start on a malformed file, naming the file and
the key. Every figure shown to people comes from ``../shared/domain-facts.md`` with its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from flows.engine.content import (
    ContentError,
    content_root,
    read_toml,
    require_list_of_str,
    require_str,
)

__all__ = [
    "CONTENT_ROOT",
    "Country",
    "Flag",
    "JobContent",
    "Sector",
    "Warning",
    "load_job_content",
]

CONTENT_ROOT: Traversable = content_root("flows.jobs")


def _labels(row: dict[str, Any], suffix: str, file: str, where: str) -> dict[str, str]:
    found = {
        key.removesuffix(suffix): require_str(row, key, file, where=where)
        for key in row
        if key.endswith(suffix)
    }
    if "id" not in found:
        raise ContentError(file, f"{where}id{suffix}", "an Indonesian text is required")
    return found


def _localised(texts: dict[str, str], locale: str) -> str:
    return texts.get(locale) or texts["id"]


@dataclass(frozen=True, slots=True)
class Country:
    """A destination: names, the words that reveal it in an offer, and its sourced pay."""

    id: str
    labels: dict[str, str]
    words: tuple[str, ...]
    currency: str
    currency_words: tuple[str, ...]
    usual_salary: int | None = None
    salary_notes: dict[str, str] | None = None
    salary_source: str = ""
    warning: str = ""
    middle_east: bool = False
    listed: bool = True  # offered when officers publish and residents subscribe

    def label(self, locale: str) -> str:
        """The country's name in ``locale``."""
        return _localised(self.labels, locale)


@dataclass(frozen=True, slots=True)
class Sector:
    """A job sector residents browse and subscribe to."""

    id: str
    labels: dict[str, str]
    words: tuple[str, ...]

    def label(self, locale: str) -> str:
        """The sector's name in ``locale``."""
        return _localised(self.labels, locale)


@dataclass(frozen=True, slots=True)
class Warning:
    """A government warning or moratorium about a destination, with its source."""

    id: str
    texts: dict[str, str]
    source: str

    def text(self, locale: str) -> str:
        """The warning in ``locale``."""
        return _localised(self.texts, locale)


@dataclass(frozen=True, slots=True)
class Flag:
    """One red flag: its name and reason per language, source, and compiled patterns."""

    id: str
    labels: dict[str, str]
    reasons: dict[str, str]
    source: str
    patterns: tuple[re.Pattern[str], ...]

    def label(self, locale: str) -> str:
        """The flag's name in ``locale``."""
        return _localised(self.labels, locale)

    def reason(self, locale: str) -> str:
        """Why it is a red flag, in ``locale``."""
        return _localised(self.reasons, locale)


@dataclass(frozen=True, slots=True)
class JobContent:
    """Everything the job board reads from its content files."""

    countries: tuple[Country, ...]
    sectors: tuple[Sector, ...]
    warnings: tuple[Warning, ...]
    flags: tuple[Flag, ...]
    far_above: float
    rupiah_far_above: int

    def country(self, country_id: str) -> Country | None:
        """The destination with that id."""
        return next((c for c in self.countries if c.id == country_id), None)

    def sector(self, sector_id: str) -> Sector | None:
        """The sector with that id."""
        return next((s for s in self.sectors if s.id == sector_id), None)

    def warning(self, warning_id: str) -> Warning | None:
        """The warning with that id."""
        return next((w for w in self.warnings if w.id == warning_id), None)

    def flag(self, flag_id: str) -> Flag | None:
        """The red flag with that id."""
        return next((f for f in self.flags if f.id == flag_id), None)

    @property
    def listed(self) -> tuple[Country, ...]:
        """Destinations officers may publish notices for."""
        return tuple(c for c in self.countries if c.listed)

    def country_label(self, country_id: str, locale: str) -> str:
        """A country's name, or its id when the content no longer knows it."""
        found = self.country(country_id)
        return found.label(locale) if found else country_id

    def sector_label(self, sector_id: str, locale: str) -> str:
        """A sector's name, or its id when the content no longer knows it."""
        found = self.sector(sector_id)
        return found.label(locale) if found else sector_id


def _rows(data: dict[str, Any], key: str, file: str) -> list[dict[str, Any]]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise ContentError(file, key, "must be a non-empty array of tables")
    return rows


def _countries(data: dict[str, Any], file: str, warnings: set[str]) -> tuple[Country, ...]:
    found = []
    for index, row in enumerate(_rows(data, "country", file)):
        where = f"country[{index}]."
        salary = row.get("usual_salary")
        if salary is not None and (not isinstance(salary, int) or salary <= 0):
            raise ContentError(file, f"{where}usual_salary", "must be a positive whole number")
        notes: dict[str, str] | None = None
        if salary is not None:
            notes = {
                key.removeprefix("salary_note_"): require_str(row, key, file, where=where)
                for key in row
                if key.startswith("salary_note_")
            }
            if "id" not in notes:
                raise ContentError(file, f"{where}salary_note_id", "a sourced note is required")
            require_str(row, "salary_source", file, where=where)
        warning = str(row.get("warning", ""))
        if warning and warning not in warnings:
            raise ContentError(file, f"{where}warning", f"no [[warning]] with id {warning!r}")
        found.append(
            Country(
                id=require_str(row, "id", file, where=where),
                labels=_labels(row, "_label", file, where),
                words=require_list_of_str(row, "words", file, where=where),
                currency=require_str(row, "currency", file, where=where),
                currency_words=require_list_of_str(row, "currency_words", file, where=where),
                usual_salary=salary,
                salary_notes=notes,
                salary_source=str(row.get("salary_source", "")),
                warning=warning,
                middle_east=bool(row.get("middle_east", False)),
                listed=bool(row.get("listed", True)),
            )
        )
    return tuple(found)


def _flags(data: dict[str, Any], file: str) -> tuple[Flag, ...]:
    found = []
    for index, row in enumerate(_rows(data, "flag", file)):
        where = f"flag[{index}]."
        patterns = []
        for number, text in enumerate(require_list_of_str(row, "patterns", file, where=where)):
            try:
                patterns.append(re.compile(text))
            except re.error as exc:
                raise ContentError(file, f"{where}patterns[{number}]", str(exc)) from exc
        reasons = {
            key.removesuffix("_reason"): require_str(row, key, file, where=where)
            for key in row
            if key.endswith("_reason")
        }
        if "id" not in reasons:
            raise ContentError(file, f"{where}id_reason", "an Indonesian reason is required")
        found.append(
            Flag(
                id=require_str(row, "id", file, where=where),
                labels=_labels(row, "_label", file, where),
                reasons=reasons,
                source=require_str(row, "source", file, where=where),
                patterns=tuple(patterns),
            )
        )
    return tuple(found)


def load_job_content(root: Traversable = CONTENT_ROOT) -> JobContent:
    """Read ``destinations.toml`` and ``redflags.toml``."""
    dest_file = root / "destinations.toml"
    dest = read_toml(dest_file, schema=1)
    warnings = tuple(
        Warning(
            id=require_str(row, "id", dest_file.name, where=f"warning[{i}]."),
            texts=_labels(row, "_text", dest_file.name, f"warning[{i}]."),
            source=require_str(row, "source", dest_file.name, where=f"warning[{i}]."),
        )
        for i, row in enumerate(_rows(dest, "warning", dest_file.name))
    )
    countries = _countries(dest, dest_file.name, {w.id for w in warnings})
    sectors = tuple(
        Sector(
            id=require_str(row, "id", dest_file.name, where=f"sector[{i}]."),
            labels=_labels(row, "_label", dest_file.name, f"sector[{i}]."),
            words=require_list_of_str(row, "words", dest_file.name, where=f"sector[{i}]."),
        )
        for i, row in enumerate(_rows(dest, "sector", dest_file.name))
    )
    far_above = dest.get("far_above")
    if not isinstance(far_above, int | float) or far_above <= 1:
        raise ContentError(dest_file.name, "far_above", "must be a number above 1")
    flags_file = root / "redflags.toml"
    flags_data = read_toml(flags_file, schema=1)
    flags = _flags(flags_data, flags_file.name)
    rupiah = next(
        (r.get("rupiah_far_above") for r in flags_data["flag"] if "rupiah_far_above" in r), 20
    )
    if not isinstance(rupiah, int) or rupiah <= 0:
        raise ContentError(flags_file.name, "rupiah_far_above", "must be a positive number")
    for kind, items in (("country", countries), ("sector", sectors), ("flag", flags)):
        if len({item.id for item in items}) != len(items):
            raise ContentError(dest_file.name, kind, "ids must be unique")
    return JobContent(countries, sectors, warnings, flags, float(far_above), rupiah)
