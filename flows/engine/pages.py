"""Cutting a topic into pages that fit one phone screen, at paragraph boundaries."""

from __future__ import annotations

__all__ = ["PAGE_SIZE", "paginate"]

#: About one screen of a small Android phone.
PAGE_SIZE = 900


def paginate(body: str, size: int = PAGE_SIZE) -> list[str]:
    """Pages of about ``size`` characters at most; only an overlong paragraph is split."""
    pages: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in body.strip().split("\n\n")):
        if not paragraph:
            continue
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= size or not current:
            current = candidate
        else:
            pages.append(current)
            current = paragraph
        while len(current) > size:
            cut = current.rfind("\n", 0, size)
            cut = cut if cut > size // 2 else current.rfind(" ", 0, size)
            cut = cut if cut > 0 else size
            pages.append(current[:cut].rstrip())
            current = current[cut:].lstrip()
    if current or not pages:
        pages.append(current)
    return pages
