"""Where the information capability's content files live inside the installed package."""

from __future__ import annotations

from importlib.resources.abc import Traversable

from flows.engine.content import content_root

__all__ = ["CONTENT_ROOT"]

#: ``flows/information/content``: topics, synonyms, danger phrases, small talk, offices.
CONTENT_ROOT: Traversable = content_root("flows.information")
