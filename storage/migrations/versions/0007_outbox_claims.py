"""outbox claims: a process sending a reply holds it, so another does not resend it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``outbox.claimed_until``."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "claimed_until",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="A process is sending it and holds it until then (UTC); "
                "no other process resends it before",
            )
        )


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("claimed_until")
