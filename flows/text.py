"""Comparing what people type with what we expect: case, emoji and punctuation ignored."""

from __future__ import annotations

import re

__all__ = ["clean_text"]

_NOISE = re.compile(r"[^\w\s]", re.UNICODE)


def clean_text(text: str) -> str:
    """Lower-case, drop emoji and punctuation and squeeze spaces, for comparing labels."""
    return " ".join(_NOISE.sub(" ", text.casefold()).split())
