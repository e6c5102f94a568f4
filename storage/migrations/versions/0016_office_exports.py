"""office exports: export_requests, and views of checklists, job interests, announcement
reach, parenting messages and the resident list

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 14:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: SQLite keeps times as UTC text; PostgreSQL as timestamptz.
_MONTH = {
    "sqlite": "strftime('%Y-%m', {a})",
    "postgresql": "to_char({a} AT TIME ZONE 'UTC', 'YYYY-MM')",
}
_QUEUED = "('pending', 'sending')"


def _views(dialect: str) -> dict[str, str]:
    """The office's newer views (office_resident_list, the one with names, is in 0017)."""
    month = _MONTH[dialect]
    return {
        # per job notice (notices are public): how many residents said "interested"
        "office_job_interests_per_notice": f"""
            SELECT v.code AS village_code, v.name AS village_name, n.reference AS notice_reference,
                   n.job_title AS job_title, n.country AS country, n.sector AS sector,
                   n.status AS status, {month.format(a="n.published_at")} AS month,
                   n.openings AS openings, n.notified AS subscribers_told,
                   COUNT(i.id) AS interests,
                   SUM(CASE WHEN i.status = 'interested' THEN 1 ELSE 0 END) AS interested,
                   SUM(CASE WHEN i.status = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn
            FROM job_notices n
            JOIN villages v ON v.id = n.village_id
            LEFT JOIN job_interests i ON i.notice_id = n.id
            GROUP BY v.code, v.name, n.id, n.reference, n.job_title, n.country, n.sector,
                     n.status, n.published_at, n.openings, n.notified
        """,
        # per announcement: how many residents it reached, from its deliveries
        "office_announcement_reach": f"""
            SELECT v.code AS village_code, v.name AS village_name, a.id AS announcement_id,
                   a.created_at AS created_at, a.send_at AS send_at, a.urgent AS urgent,
                   a.status AS status, a.recipients AS recipients,
                   SUM(CASE WHEN d.status IN {_QUEUED} THEN 1 ELSE 0 END) AS queued,
                   SUM(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END) AS sent,
                   SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END) AS failed,
                   SUM(CASE WHEN d.status = 'unreachable' THEN 1 ELSE 0 END) AS blocked,
                   SUM(CASE WHEN d.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled
            FROM announcements a
            JOIN villages v ON v.id = a.village_id
            LEFT JOIN deliveries d ON d.kind = 'announcement' AND d.source_id = a.id
            GROUP BY v.code, v.name, a.id, a.created_at, a.send_at, a.urgent, a.status,
                     a.recipients
        """,
        # per month: parenting messages to parents (each update, each monthly summary)
        "office_parenting_messages_per_month": f"""
            SELECT v.code AS village_code, v.name AS village_name,
                   {month.format(a="d.created_at")} AS month, d.kind AS kind,
                   COUNT(*) AS messages,
                   SUM(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END) AS sent,
                   SUM(CASE WHEN d.status IN {_QUEUED} THEN 1 ELSE 0 END) AS queued,
                   SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END) AS failed,
                   SUM(CASE WHEN d.status = 'unreachable' THEN 1 ELSE 0 END) AS blocked
            FROM deliveries d
            JOIN children c ON c.id = CASE
                WHEN d.kind = 'parenting_monthly' THEN d.source_id
                ELSE (SELECT u.child_id FROM child_updates u WHERE u.id = d.source_id) END
            JOIN villages v ON v.id = c.village_id
            WHERE d.kind IN ('child_update', 'parenting_monthly')
            GROUP BY v.code, v.name, {month.format(a="d.created_at")}, d.kind
        """,
    }


def upgrade() -> None:
    """Add export_requests and the views."""
    op.create_table(
        "export_requests",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="Village exported"),
        sa.Column(
            "requested_by",
            sa.String(length=64),
            nullable=False,
            comment="The officer's account id on the channel (as in the audit log)",
        ),
        sa.Column(
            "channel",
            sa.String(length=20),
            nullable=False,
            comment="The officer's channel (telegram)",
        ),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="The chat the file goes to"),
        sa.Column(
            "what",
            sa.String(length=40),
            nullable=False,
            comment="Which export, e.g. checklist-progress",
        ),
        sa.Column("format", sa.String(length=10), nullable=False, comment="csv or xlsx"),
        sa.Column(
            "locale",
            sa.String(length=10),
            nullable=False,
            comment="Language of the officer's messages",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="requested, working, done or failed",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the officer asked (UTC)",
        ),
        sa.Column(
            "claimed_until",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="A job works on it until then; later another may take it (UTC)",
        ),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the file was made or the request failed (UTC)",
        ),
        sa.Column("rows", sa.Integer(), nullable=True, comment="Rows written to the file"),
        sa.Column(
            "file_path",
            sa.String(length=200),
            nullable=True,
            comment="The file under FILES_DIR (deleted a day after it was made)",
        ),
        sa.Column("error", sa.Text(), nullable=True, comment="Why it failed (no personal data)"),
        sa.CheckConstraint("format IN ('csv', 'xlsx')", name=op.f("ck_export_requests_format")),
        sa.CheckConstraint(
            "status IN ('requested', 'working', 'done', 'failed')",
            name=op.f("ck_export_requests_status"),
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_export_requests_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_export_requests_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_requests")),
        comment="Exports officers asked for in the chat; the file is sent to them there",
    )
    with op.batch_alter_table("export_requests", schema=None) as batch_op:
        batch_op.create_index("ix_export_requests_due", ["status", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_export_requests_village_id"), ["village_id"], unique=False
        )

    for name, query in _views(op.get_bind().dialect.name).items():
        op.execute(f"DROP VIEW IF EXISTS {name}")  # another branch may have made the same one
        op.execute(f"CREATE VIEW {name} AS {query}")


def downgrade() -> None:
    """Drop the views, then the table."""
    for name in _views(op.get_bind().dialect.name):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("export_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_requests_village_id"))
        batch_op.drop_index("ix_export_requests_due")
    op.drop_table("export_requests")
