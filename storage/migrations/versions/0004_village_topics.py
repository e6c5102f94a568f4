"""village topics written by officers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the table of officer-written topics."""
    op.create_table(
        "village_topics",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="Whose residents see it"),
        sa.Column(
            "locale", sa.String(length=10), nullable=False, comment="Language it is written in"
        ),
        sa.Column(
            "title",
            sa.String(length=80),
            nullable=False,
            comment="Title shown as the answer's heading",
        ),
        sa.Column("body", sa.Text(), nullable=False, comment="The answer, plain text"),
        sa.Column("keywords", sa.JSON(), nullable=False, comment="Words people type"),
        sa.Column(
            "created_by", sa.String(length=64), nullable=False, comment="Telegram id of the officer"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="When (UTC)"),
        sa.Column("active", sa.Boolean(), nullable=False, comment="False once withdrawn"),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_village_topics_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village_topics")),
        comment="Topics added by village officers, shown only to their village",
    )
    with op.batch_alter_table("village_topics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_village_topics_village_id"), ["village_id"], unique=False
        )


def downgrade() -> None:
    """Drop the table."""
    with op.batch_alter_table("village_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_village_topics_village_id"))
    op.drop_table("village_topics")
