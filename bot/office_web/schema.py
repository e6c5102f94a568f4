"""The database's documentation as a web page: the Markdown of ``storage.schema_docs``, as HTML.

Rendered from the models themselves (what ``docs/schema.md`` is generated from), so the page
is right in an installed bot without the repository's docs. Raw HTML in the text is not
passed through: the Markdown renderer runs with HTML switched off. Each table's heading gets
an anchor and the page opens with a list of the tables, because the page is long.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from storage.schema_docs import render

__all__ = ["schema_html"]

_TABLE_HEADING = re.compile(r"<h2><code>([a-z0-9_]+)</code></h2>")


@cache
def schema_html() -> Markup:
    """The schema documentation as safe HTML, with a list of tables (built once per process)."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = renderer.render(render())
    names = _TABLE_HEADING.findall(body)
    body = _TABLE_HEADING.sub(r'<h2 id="t-\1"><code>\1</code></h2>', body)
    contents = "".join(f'<li><a href="#t-{n}"><code>{n}</code></a></li>' for n in names)
    intro, heading, tables = body.partition("<h2 ")
    return Markup(f'{intro}<ul class="toc">{contents}</ul>{heading}{tables}')
