# ruff: noqa: E501
"""complaints: cases, their messages, evidence, status history and drafts; the office's views

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "('new', 'in_progress', 'waiting_reporter', 'referred')"

#: Times differ in SQL between the two backends; the rest of each view is the same text.
#: SQLite keeps times as UTC text that julianday() reads; PostgreSQL as timestamptz.
_SQL = {
    "sqlite": {
        "hours": "((julianday({b}) - julianday({a})) * 24.0)",
        "before_now": "julianday({a}) < julianday('now')",
        "age_days": "CAST(julianday('now') - julianday({a}) AS INTEGER)",
        "month": "strftime('%Y-%m', {a})",
    },
    "postgresql": {
        "hours": "(EXTRACT(EPOCH FROM ({b} - {a})) / 3600.0)",
        "before_now": "{a} < now()",
        "age_days": "CAST(FLOOR(EXTRACT(EPOCH FROM (now() - {a})) / 86400) AS INTEGER)",
        "month": "to_char({a} AT TIME ZONE 'UTC', 'YYYY-MM')",
    },
}


def _views(dialect: str) -> dict[str, str]:
    """The office's views, without any personal data (no names, texts or contacts)."""
    sql = _SQL[dialect]
    month = sql["month"].format(a="c.created_at")
    to_first = sql["hours"].format(a="c.created_at", b="c.first_response_at")
    to_resolved = sql["hours"].format(a="c.created_at", b="c.resolved_at")
    return {
        "office_open_complaints": f"""
            SELECT v.code AS village_code, v.name AS village_name, c.reference AS reference,
                   c.category AS category, c.status AS status, c.urgent AS urgent,
                   c.created_at AS created_at, c.due_at AS due_at,
                   {sql["age_days"].format(a="c.created_at")} AS age_days,
                   CASE WHEN {sql["before_now"].format(a="c.due_at")} THEN 1 ELSE 0 END
                       AS overdue,
                   c.escalation_level AS escalation_level,
                   CASE WHEN c.owner_officer_id IS NULL THEN 0 ELSE 1 END AS taken
            FROM complaints c
            JOIN villages v ON v.id = c.village_id
            WHERE c.status IN {OPEN}
        """,
        "office_complaints_per_month": f"""
            SELECT v.code AS village_code, v.name AS village_name, c.category AS category,
                   {month} AS month, COUNT(*) AS complaints
            FROM complaints c
            JOIN villages v ON v.id = c.village_id
            GROUP BY v.code, v.name, c.category, {month}
        """,
        "office_complaint_response_times": f"""
            SELECT v.code AS village_code, v.name AS village_name, {month} AS month,
                   COUNT(*) AS complaints,
                   COUNT(c.first_response_at) AS responded,
                   SUM(CASE WHEN c.first_response_at <= c.due_at THEN 1 ELSE 0 END)
                       AS responded_in_time,
                   ROUND(CAST(AVG({to_first}) AS NUMERIC), 1) AS avg_hours_to_first_response,
                   COUNT(c.resolved_at) AS resolved,
                   ROUND(CAST(AVG({to_resolved}) AS NUMERIC), 1) AS avg_hours_to_resolution
            FROM complaints c
            JOIN villages v ON v.id = c.village_id
            GROUP BY v.code, v.name, {month}
        """,
    }


def upgrade() -> None:
    """Add the complaints tables and the office's views of them."""
    op.create_table(
        "complaint_drafts",
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="Whose draft"),
        sa.Column("data", sa.JSON(), nullable=False, comment="The answers given so far"),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, comment="Last change (UTC)"
        ),
        sa.Column(
            "reminded_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the one reminder was queued (UTC)",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_complaint_drafts_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resident_id", name=op.f("pk_complaint_drafts")),
        comment="Unfinished reports: one per person, deleted after 7 days",
    )
    with op.batch_alter_table("complaint_drafts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_drafts_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "reference",
            sa.String(length=32),
            nullable=False,
            comment="Reference the reporter is given, e.g. ADU-3301-7KQ2MX",
        ),
        sa.Column(
            "village_id",
            sa.Integer(),
            nullable=False,
            comment="Village whose desk handles it (the reporter's village)",
        ),
        sa.Column("reporter_resident_id", sa.Integer(), nullable=True, comment="Who reported it"),
        sa.Column(
            "category",
            sa.String(length=30),
            nullable=False,
            comment="Kind of problem (ids of flows/complaints/content/categories.toml)",
        ),
        sa.Column(
            "urgent",
            sa.Boolean(),
            nullable=False,
            comment="True: an urgent category, first in the officers' queue",
        ),
        sa.Column(
            "affected",
            sa.JSON(),
            nullable=False,
            comment="Who is affected: who (self or family), name, relation, country, city, employer",
        ),
        sa.Column(
            "description", sa.Text(), nullable=False, comment="What happened, as the reporter wrote"
        ),
        sa.Column(
            "contact",
            sa.String(length=200),
            nullable=False,
            comment="Another way to reach the reporter (empty: this chat)",
        ),
        sa.Column(
            "disclosure",
            sa.String(length=20),
            nullable=False,
            comment="named (officers may give the reporter's name to the agency or authorities) or anonymous",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="new, in_progress, waiting_reporter, referred, resolved, closed, withdrawn",
        ),
        sa.Column(
            "owner_officer_id", sa.Integer(), nullable=True, comment="Officer role handling it"
        ),
        sa.Column(
            "referred_to",
            sa.String(length=200),
            nullable=False,
            comment="Who it was referred to (Disnaker, BP3MI, police…)",
        ),
        sa.Column(
            "their_reference",
            sa.String(length=100),
            nullable=False,
            comment="The reference given by whom it was referred to",
        ),
        sa.Column(
            "outcome", sa.Text(), nullable=False, comment="How it ended (when resolved or closed)"
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, comment="When reported (UTC)"
        ),
        sa.Column(
            "due_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Target for an answer (UTC), from the category's due_hours",
        ),
        sa.Column(
            "first_response_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="First public reply, question or status change by an officer (UTC)",
        ),
        sa.Column(
            "resolved_at", sa.DateTime(timezone=True), nullable=True, comment="When resolved (UTC)"
        ),
        sa.Column(
            "escalation_level",
            sa.Integer(),
            nullable=False,
            comment="0 not escalated, 1 village coordinators told, 2 district admins told",
        ),
        sa.Column(
            "escalated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When last escalated (UTC)",
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, comment="Last change (UTC)"
        ),
        sa.CheckConstraint(
            "disclosure IN ('named', 'anonymous')", name=op.f("ck_complaints_disclosure")
        ),
        sa.CheckConstraint(
            "status IN ('new', 'in_progress', 'waiting_reporter', 'referred', 'resolved', 'closed', 'withdrawn')",
            name=op.f("ck_complaints_status"),
        ),
        sa.CheckConstraint(
            "escalation_level IN (0, 1, 2)", name=op.f("ck_complaints_escalation_level")
        ),
        sa.ForeignKeyConstraint(
            ["owner_officer_id"],
            ["officers.id"],
            name=op.f("fk_complaints_owner_officer_id_officers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_resident_id"],
            ["residents.id"],
            name=op.f("fk_complaints_reporter_resident_id_residents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_complaints_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaints_reference")),
        comment="Complaints (pengaduan) residents reported; one row per case",
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_complaints_queue", ["village_id", "status", "urgent", "created_at"], unique=False
        )
        batch_op.create_index("ix_complaints_reporter", ["reporter_resident_id"], unique=False)

    op.create_table(
        "complaint_events",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("complaint_id", sa.Integer(), nullable=False, comment="The case"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, comment="When (UTC)"),
        sa.Column(
            "actor", sa.String(length=20), nullable=False, comment="reporter, officer or system"
        ),
        sa.Column("officer_id", sa.Integer(), nullable=True, comment="Officer role who acted"),
        sa.Column(
            "from_status",
            sa.String(length=20),
            nullable=True,
            comment="Status before (empty when the case was reported)",
        ),
        sa.Column("to_status", sa.String(length=20), nullable=False, comment="Status after"),
        sa.Column(
            "detail",
            sa.Text(),
            nullable=False,
            comment="What happened: taken, referred to whom, outcome, escalated, reason…",
        ),
        sa.CheckConstraint(
            "actor IN ('reporter', 'officer', 'system')", name=op.f("ck_complaint_events_actor")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_events_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_complaint_events_officer_id_officers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_events")),
        comment="Status history of each case: who changed what, when",
    )
    with op.batch_alter_table("complaint_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_events_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaint_evidence",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("complaint_id", sa.Integer(), nullable=False, comment="The case"),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment="photo, document, voice, audio, video or video_note",
        ),
        sa.Column(
            "telegram_file_id",
            sa.String(length=255),
            nullable=False,
            comment="Telegram's id of the file (to send it again or download it)",
        ),
        sa.Column("mime_type", sa.String(length=100), nullable=True, comment="File type, if known"),
        sa.Column("size", sa.Integer(), nullable=True, comment="Size in bytes, if known"),
        sa.Column(
            "local_path",
            sa.String(length=500),
            nullable=True,
            comment="Our copy, relative to FILES_DIR: <village code>/<reference>/<id>-<kind>.<ext> (empty until downloaded)",
        ),
        sa.Column(
            "fetched_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When our copy was made (UTC)",
        ),
        sa.Column(
            "fetch_error",
            sa.Text(),
            nullable=True,
            comment="Why the last download failed (e.g. too big to download)",
        ),
        sa.Column(
            "attempts",
            sa.Integer(),
            nullable=False,
            comment="Download tries so far; at 5 the bot stops trying",
        ),
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Not downloaded before this time (UTC): a retry's wait, or a process holding it",
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, comment="When received (UTC)"
        ),
        sa.CheckConstraint(
            "kind IN ('photo', 'document', 'voice', 'audio', 'video', 'video_note')",
            name=op.f("ck_complaint_evidence_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_evidence_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_evidence")),
        comment="Photos, documents and voice notes sent as evidence, and their copies",
    )
    with op.batch_alter_table("complaint_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_evidence_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_index(
            "ix_complaint_evidence_fetch", ["local_path", "attempts"], unique=False
        )

    op.create_table(
        "complaint_messages",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("complaint_id", sa.Integer(), nullable=False, comment="The case"),
        sa.Column(
            "author", sa.String(length=20), nullable=False, comment="reporter, officer or system"
        ),
        sa.Column("officer_id", sa.Integer(), nullable=True, comment="Officer role who wrote it"),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment="report, addition, answer (to a question), public (reply sent to the reporter), note (internal), question (to the reporter)",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="The message"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="When (UTC)"),
        sa.CheckConstraint(
            "author IN ('reporter', 'officer', 'system')", name=op.f("ck_complaint_messages_author")
        ),
        sa.CheckConstraint(
            "kind IN ('report', 'addition', 'answer', 'public', 'note', 'question')",
            name=op.f("ck_complaint_messages_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_messages_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_complaint_messages_officer_id_officers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_messages")),
        comment="What reporters and officers wrote on a case; notes are never sent",
    )
    with op.batch_alter_table("complaint_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_messages_complaint_id"), ["complaint_id"], unique=False
        )

    for name, query in _views(op.get_bind().dialect.name).items():
        op.execute(f"CREATE VIEW {name} AS {query}")


def downgrade() -> None:
    """Drop the views, then the tables."""
    for name in _views(op.get_bind().dialect.name):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("complaint_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_messages_complaint_id"))

    op.drop_table("complaint_messages")
    with op.batch_alter_table("complaint_evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_evidence_fetch")
        batch_op.drop_index(batch_op.f("ix_complaint_evidence_complaint_id"))

    op.drop_table("complaint_evidence")
    with op.batch_alter_table("complaint_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_events_complaint_id"))

    op.drop_table("complaint_events")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_reporter")
        batch_op.drop_index("ix_complaints_queue")
        batch_op.drop_index("ix_complaints_due")

    op.drop_table("complaints")
    with op.batch_alter_table("complaint_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_drafts_updated_at"))

    op.drop_table("complaint_drafts")
