"""parenting gaps: revoked link codes and lifted restrictions (their history is kept)

Revision ID: 0018
Revises: 0013
Create Date: 2026-11-30 14:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A code can be revoked unused; a restriction lifted with who, when and why."""
    with op.batch_alter_table("child_link_codes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "revoked_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="When a facilitator revoked it unused (UTC); empty: not revoked",
            )
        )
        batch_op.add_column(
            sa.Column(
                "revoked_by",
                sa.String(length=64),
                server_default="",
                nullable=False,
                comment="Account of the officer who revoked it",
            )
        )
    with op.batch_alter_table("child_restrictions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "lifted_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="When it was lifted (UTC); empty: in force",
            )
        )
        batch_op.add_column(
            sa.Column(
                "lifted_by",
                sa.String(length=64),
                server_default="",
                nullable=False,
                comment="Account of the officer who lifted it",
            )
        )
        batch_op.add_column(
            sa.Column(
                "lift_reason",
                sa.Text(),
                server_default="",
                nullable=False,
                comment="Why it was lifted (recorded in error, court)",
            )
        )


def downgrade() -> None:
    """Drop the revocation and lifting columns (their history is lost)."""
    with op.batch_alter_table("child_restrictions", schema=None) as batch_op:
        batch_op.drop_column("lift_reason")
        batch_op.drop_column("lifted_by")
        batch_op.drop_column("lifted_at")
    with op.batch_alter_table("child_link_codes", schema=None) as batch_op:
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_at")
