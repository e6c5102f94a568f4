"""The schema documentation in docs/ is current, and every table and column is explained."""

from __future__ import annotations

from storage.schema import METADATA
from storage.schema_docs import DOC_PATH, render


def test_the_committed_schema_document_matches_the_models() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/schema.md is stale: run python -m storage.schema_docs"
    )


def test_every_table_and_column_has_a_meaning() -> None:
    missing = [
        f"{table.name}.{column.name}"
        for table in METADATA.tables.values()
        for column in table.columns
        if not (column.comment or "").strip()
    ]
    untitled = [t.name for t in METADATA.tables.values() if not (t.comment or "").strip()]
    assert missing == [] and untitled == []
