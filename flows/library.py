"""The content a running bot serves, loaded and validated once at startup."""

from __future__ import annotations

from dataclasses import dataclass

from flows.offices import OfficeDirectory, load_offices

__all__ = ["ContentLibrary", "load_library"]


@dataclass(frozen=True, slots=True)
class ContentLibrary:
    """Every content file, parsed: startup fails if any of them is invalid."""

    offices: OfficeDirectory


def load_library() -> ContentLibrary:
    """Load all content shipped with the package."""
    return ContentLibrary(offices=load_offices())
