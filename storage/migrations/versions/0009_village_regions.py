"""village regions: province, regency and district names, to find a village without its code

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "province": "Province (provinsi) name; its code is the first 2 digits of code",
    "regency": "Regency or city (kabupaten/kota) name; its code is the first 4 digits of code",
    "district": "District (kecamatan) name; its code is the first 6 digits of code",
}


def upgrade() -> None:
    """Add ``villages.province``, ``regency`` and ``district`` (empty until filled in)."""
    with op.batch_alter_table("villages", schema=None) as batch_op:
        for name, comment in COLUMNS.items():
            batch_op.add_column(sa.Column(name, sa.String(80), nullable=True, comment=comment))


def downgrade() -> None:
    """Drop them.

    A plain ``ALTER TABLE … DROP COLUMN`` (SQLite 3.35+), not batch mode: rebuilding the table
    on SQLite would break the office views that read it.
    """
    for name in reversed(COLUMNS):
        op.drop_column("villages", name)
