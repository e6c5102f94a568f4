"""delivery_pacing: the shared pace of all delivery workers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the one-row table the delivery workers book their sends on."""
    op.create_table(
        "delivery_pacing",
        sa.Column("id", sa.Integer(), nullable=False, comment="Always 1"),
        sa.Column(
            "next_slot",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Earliest moment (UTC) the next booked delivery may be sent; pushed forward "
            "by each booking and by Telegram's flood waits",
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_delivery_pacing_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_pacing")),
        comment="Pace of the delivery workers: one row, shared by all of them",
    )


def downgrade() -> None:
    """Drop the pacing table."""
    op.drop_table("delivery_pacing")
