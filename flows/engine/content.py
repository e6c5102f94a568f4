"""Loading of content files (TOML) shipped inside the package.

Content is data so that village officers and NGO staff can correct a phone number or a
paragraph without touching Python. Every file carries a ``schema`` version; a file that does
not validate stops startup with the file and the key at fault, so a bad edit is caught before a
person is told something wrong.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

__all__ = [
    "ContentError",
    "content_root",
    "read_toml",
    "require_date",
    "require_list_of_str",
    "require_str",
]


def content_root(package: str) -> Traversable:
    """The ``content`` directory of a capability package, inside the installed package."""
    return resources.files(package) / "content"


class ContentError(ValueError):
    """A content file is missing, malformed or fails validation."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


def read_toml(path: Traversable, *, schema: int) -> dict[str, Any]:
    """Parse one content file and check its ``schema`` version."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(path.name, "-", "file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path.name, "-", f"not valid TOML: {exc}") from exc
    if data.get("schema") != schema:
        raise ContentError(path.name, "schema", f"expected schema = {schema}")
    return data


def require_str(table: Mapping[str, Any], key: str, file: str, *, where: str = "") -> str:
    """Return a non-empty string value or raise naming the file and key."""
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(file, f"{where}{key}", "must be a non-empty string")
    return value.strip()


def require_list_of_str(
    table: Mapping[str, Any], key: str, file: str, *, where: str = ""
) -> tuple[str, ...]:
    """Return a list of strings (possibly empty) or raise naming the file and key."""
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(file, f"{where}{key}", "must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def require_date(table: Mapping[str, Any], key: str, file: str, *, where: str = "") -> date:
    """Return a TOML date (``checked_on = 2026-11-23``) or raise naming the file and key."""
    value = table.get(key)
    if not isinstance(value, date):
        raise ContentError(file, f"{where}{key}", "must be a date like 2026-11-23")
    return value
