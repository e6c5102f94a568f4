"""The database's documentation as a web page: the Markdown of ``storage.schema_docs``, as HTML.

Rendered from the models themselves (what ``docs/schema.md`` is generated from), so the page
is right in an installed bot without the repository's docs. Raw HTML in the text is not
passed through: the Markdown renderer runs with HTML switched off.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from storage.schema_docs import render

__all__ = ["schema_html"]


@cache
def schema_html() -> Markup:
    """The schema documentation as safe HTML (built once per process)."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    return Markup(renderer.render(render()))
