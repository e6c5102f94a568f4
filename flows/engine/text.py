"""Comparing what people type with what we expect: case, emoji and punctuation ignored."""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_district_code", "is_village_code", "looks_like_link"]

_NOISE = re.compile(r"[^\w\s]", re.UNICODE)
#: A web address as people paste them: with a scheme, "www.", or a bare domain with a common
#: ending ("loker-taiwan.com/daftar", "bit.ly/x", "wa.me/62…"); "8.000.000" or "dll." are not.
_LINK = re.compile(
    r"(?i)(?:\bhttps?://|\bwww\.)\S+"
    r"|(?<![@.\w-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\."
    r"(?:com|net|org|info|biz|id|co|ly|me|io|xyz|site|online|link|top|my|tw|hk|sg|jp|kr)"
    r"(?:/\S*)?(?=$|[\s),.!?])"
)
_VILLAGE_CODE = re.compile(r"[0-9]{10}")
_DISTRICT_CODE = re.compile(r"[0-9]{4}")


def is_village_code(text: str) -> bool:
    """True for a 10-digit Indonesian village code (kode wilayah desa), ASCII digits only."""
    return _VILLAGE_CODE.fullmatch(text) is not None


def is_district_code(text: str) -> bool:
    """True for a 4-digit kabupaten code (the first four digits of its villages' codes)."""
    return _DISTRICT_CODE.fullmatch(text) is not None


def looks_like_link(text: str) -> bool:
    """True when the text holds a web address."""
    return _LINK.search(text) is not None


def clean_text(text: str) -> str:
    """Lower-case, drop emoji and punctuation and squeeze spaces, for comparing labels."""
    return " ".join(_NOISE.sub(" ", text.casefold()).split())
