"""topic views: how often each topic is opened, per village and day, without who read it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAS_VILLAGE = "village_id IS NOT NULL"
NO_VILLAGE = "village_id IS NULL"

# Plain SQL that SQLite and PostgreSQL both understand, like the views of 0003.
VIEW = """
    SELECT v.code AS village_code, v.name AS village_name, t.topic_id AS topic_id,
           t.day AS day, t.views AS views
    FROM topic_views t
    LEFT JOIN villages v ON v.id = t.village_id
"""


def upgrade() -> None:
    """Add ``topic_views`` and the office's view of it, ``office_topic_views``."""
    op.create_table(
        "topic_views",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "village_id",
            sa.Integer(),
            nullable=True,
            comment="Village of the readers; empty for people not registered with a village "
            "(never the person)",
        ),
        sa.Column(
            "topic_id",
            sa.String(length=40),
            nullable=False,
            comment="Topic id as in the content files (e.g. syarat-pmi), or desa-<n> for an "
            "answer the village wrote (village_topics.id n)",
        ),
        sa.Column(
            "day",
            sa.Date(),
            nullable=False,
            comment="Day it was opened, in the village's time zone (WIB without a village)",
        ),
        sa.Column(
            "views", sa.Integer(), nullable=False, comment="How many times it was opened that day"
        ),
        sa.CheckConstraint("views > 0", name=op.f("ck_topic_views_views")),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_topic_views_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_views")),
        comment="Topic pages opened, counted per village and day (no link to who read them), "
        "to see what residents need",
    )
    with op.batch_alter_table("topic_views", schema=None) as batch_op:
        batch_op.create_index(
            "uq_topic_views_village_topic_day",
            ["village_id", "topic_id", "day"],
            unique=True,
            sqlite_where=sa.text(HAS_VILLAGE),
            postgresql_where=sa.text(HAS_VILLAGE),
        )
        batch_op.create_index(
            "uq_topic_views_topic_day_without_village",
            ["topic_id", "day"],
            unique=True,
            sqlite_where=sa.text(NO_VILLAGE),
            postgresql_where=sa.text(NO_VILLAGE),
        )
    op.execute(f"CREATE VIEW office_topic_views AS {VIEW}")


def downgrade() -> None:
    """Drop the view and the table."""
    op.execute("DROP VIEW IF EXISTS office_topic_views")
    with op.batch_alter_table("topic_views", schema=None) as batch_op:
        batch_op.drop_index("uq_topic_views_topic_day_without_village")
        batch_op.drop_index("uq_topic_views_village_topic_day")
    op.drop_table("topic_views")
