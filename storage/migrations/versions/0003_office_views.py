"""views for the village office

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain SQL that SQLite and PostgreSQL both understand; the office reads these like tables.
VIEWS = {
    "office_unanswered_questions": """
        SELECT v.code AS village_code, v.name AS village_name, q.locale AS locale,
               MAX(q.question) AS example_question, COUNT(*) AS times_asked,
               MAX(q.asked_at) AS last_asked_at
        FROM unanswered_questions q
        LEFT JOIN villages v ON v.id = q.village_id
        GROUP BY v.code, v.name, q.locale, q.normalized
    """,
    "office_residents_per_village": """
        SELECT v.code AS village_code, v.name AS village_name,
               COUNT(r.id) AS residents,
               SUM(CASE WHEN r.status = 'unreachable' THEN 1 ELSE 0 END) AS unreachable,
               MAX(r.last_seen_at) AS last_message_at
        FROM villages v
        LEFT JOIN residents r ON r.village_id = v.id
        GROUP BY v.code, v.name
    """,
}


def upgrade() -> None:
    """Create the office's read-only views."""
    for name, query in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {query}")


def downgrade() -> None:
    """Drop the views."""
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
