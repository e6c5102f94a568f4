"""Village office contact details, from ``content/offices.toml``.

Each village keeps its own desk's address, hours and numbers in the content file, with who
gave them and when they were checked, so the office can correct them without a developer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, read_toml, require_date, require_str
from flows.engine.text import is_village_code
from flows.information.files import CONTENT_ROOT

__all__ = ["OfficeContact", "OfficeDirectory", "load_offices"]

_OPTIONAL = ("phone", "whatsapp", "email", "hours", "desk")


@dataclass(frozen=True, slots=True)
class OfficeContact:
    """How to reach one village's office and its migration desk."""

    village_code: str
    name: str
    address: str
    phone: str
    whatsapp: str
    email: str
    hours: str
    desk: str
    source: str
    checked_on: date


@dataclass(frozen=True, slots=True)
class OfficeDirectory:
    """All known village offices, by village code."""

    by_code: Mapping[str, OfficeContact]

    def contact(self, village_code: str | None) -> OfficeContact | None:
        """The office of this village, if the village filled in its details."""
        return self.by_code.get(village_code) if village_code else None


def load_offices(path: Traversable = CONTENT_ROOT / "offices.toml") -> OfficeDirectory:
    """Load and validate the office file; a bad entry stops startup naming file and key."""
    data = read_toml(path, schema=1)
    entries = data.get("office", [])
    if not isinstance(entries, list):
        raise ContentError(path.name, "office", "must be an array of tables [[office]]")
    by_code: dict[str, OfficeContact] = {}
    for index, entry in enumerate(entries):
        where = f"office[{index}]."
        code = require_str(entry, "village_code", path.name, where=where)
        if not is_village_code(code):
            raise ContentError(path.name, f"{where}village_code", "must be 10 digits")
        if code in by_code:
            raise ContentError(path.name, f"{where}village_code", f"{code} listed twice")
        extra = {key: str(entry.get(key, "")).strip() for key in _OPTIONAL}
        by_code[code] = OfficeContact(
            village_code=code,
            name=require_str(entry, "name", path.name, where=where),
            address=require_str(entry, "address", path.name, where=where),
            source=require_str(entry, "source", path.name, where=where),
            checked_on=require_date(entry, "checked_on", path.name, where=where),
            **extra,
        )
    return OfficeDirectory(by_code)
