"""unanswered questions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the table of questions the bot could not answer."""
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "village_id",
            sa.Integer(),
            nullable=True,
            comment="Village of the asker, if registered (never the person)",
        ),
        sa.Column(
            "locale", sa.String(length=10), nullable=False, comment="Language of the question"
        ),
        sa.Column(
            "question",
            sa.Text(),
            nullable=False,
            comment="The question, with phone numbers and e-mail addresses removed",
        ),
        sa.Column(
            "normalized",
            sa.String(length=300),
            nullable=False,
            comment="Lower-cased, spelling-normalised form, to count repeats",
        ),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False, comment="When (UTC)"),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_unanswered_questions_village_id_villages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_questions")),
        comment="Questions the bot could not answer (no link to who asked), for new topics",
    )
    with op.batch_alter_table("unanswered_questions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_unanswered_questions_village_normalized", ["village_id", "normalized"], unique=False
        )


def downgrade() -> None:
    """Drop the table."""
    with op.batch_alter_table("unanswered_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_unanswered_questions_village_normalized")
    op.drop_table("unanswered_questions")
