"""the office's list of residents, one row per person, for its own registers

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 14:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The first word of the name a person shows: enough for the desk to recognise them, without
#: their full name, phone number or chat id. Unlike the other office views this one names
#: people, so its export is personal data (the export is audited like every other).
_FIRST_NAME = {
    "sqlite": "CASE WHEN instr(r.display_name, ' ') > 0 "
    "THEN substr(r.display_name, 1, instr(r.display_name, ' ') - 1) ELSE r.display_name END",
    "postgresql": "split_part(r.display_name, ' ', 1)",
}


def _view(dialect: str) -> str:
    return f"""
        SELECT v.code AS village_code, r.id AS resident_id,
               {_FIRST_NAME[dialect]} AS first_name, r.situation AS situation,
               r.locale AS locale, r.created_at AS registered_at,
               r.last_seen_at AS last_message_at
        FROM residents r
        JOIN villages v ON v.id = r.village_id
    """


def upgrade() -> None:
    """Create ``office_resident_list``."""
    op.execute(f"CREATE VIEW office_resident_list AS {_view(op.get_bind().dialect.name)}")


def downgrade() -> None:
    """Drop it."""
    op.execute("DROP VIEW IF EXISTS office_resident_list")
