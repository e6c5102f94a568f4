"""The schema documentation for the office: every table and column with its meaning.

Generated from the models' own comments (the same comments PostgreSQL shows with ``\\d+``),
so it cannot say something the database does not. ``python -m storage.schema_docs`` rewrites
``docs/schema.md``; a test fails when the committed file differs from the models.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Table

from storage.exports import EXPORTS
from storage.schema import METADATA

__all__ = ["DOC_PATH", "render"]

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def _type(column: object) -> str:
    try:
        return str(column.type).lower()  # type: ignore[attr-defined]
    except Exception:  # a type without a generic SQL name (a custom JSON type)
        return type(column.type).__name__.lower()  # type: ignore[attr-defined]


def _table(table: Table) -> list[str]:
    lines = [f"## `{table.name}`", "", table.comment or "", ""]
    lines += ["| column | type | meaning |", "|---|---|---|"]
    for column in table.columns:
        meaning = (column.comment or "").replace("|", "\\|").replace("\n", " ")
        key = " (key)" if column.primary_key else ""
        lines.append(f"| `{column.name}`{key} | {_type(column)} | {meaning} |")
    return [*lines, ""]


def render() -> str:
    """The whole document, tables in alphabetical order."""
    lines = [
        "# The database, table by table",
        "",
        "Generated from the models by `python -m storage.schema_docs`; do not edit by hand.",
        "Every table and column below has the same comment in the database itself.",
        "",
        "Ready-made views for the office (no texts or contacts, and no names except the first",
        "names of `office_resident_list`; export them with `desmigratif export`): "
        + ", ".join(f"`{view}`" for view in EXPORTS.values())
        + ".",
        "",
    ]
    for table in sorted(METADATA.tables.values(), key=lambda t: t.name):
        lines += _table(table)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    """Rewrite the document."""
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
