"""Comparing what people type with what we expect: case, emoji and punctuation ignored."""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_village_code"]

_NOISE = re.compile(r"[^\w\s]", re.UNICODE)
_VILLAGE_CODE = re.compile(r"[0-9]{10}")


def is_village_code(text: str) -> bool:
    """True for a 10-digit Indonesian village code (kode wilayah desa), ASCII digits only."""
    return _VILLAGE_CODE.fullmatch(text) is not None


def clean_text(text: str) -> str:
    """Lower-case, drop emoji and punctuation and squeeze spaces, for comparing labels."""
    return " ".join(_NOISE.sub(" ", text.casefold()).split())
