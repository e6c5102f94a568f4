# ruff: noqa: E501
"""officer roles per channel and district, invites, resident situation and quiet hours,
announcements and the deliveries table

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:03:20.541561
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: 0003's view reads residents; SQLite rebuilds that table here, so the view is set aside.
RESIDENTS_VIEW = """
    CREATE VIEW office_residents_per_village AS
        SELECT v.code AS village_code, v.name AS village_name,
               COUNT(r.id) AS residents,
               SUM(CASE WHEN r.status = 'unreachable' THEN 1 ELSE 0 END) AS unreachable,
               MAX(r.last_seen_at) AS last_message_at
        FROM villages v
        LEFT JOIN residents r ON r.village_id = v.id
        GROUP BY v.code, v.name
"""


def upgrade() -> None:
    """Add announcements, deliveries and invites; widen officers; residents' situation."""
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="Village announced to"),
        sa.Column("officer_id", sa.Integer(), nullable=True, comment="Officer role that sent it"),
        sa.Column(
            "text", sa.Text(), nullable=False, comment="The announcement as residents read it"
        ),
        sa.Column(
            "attachment",
            sa.JSON(),
            nullable=True,
            comment="An optional photo or document: kind and file id",
        ),
        sa.Column(
            "audience",
            sa.JSON(),
            nullable=False,
            comment="Who it is for: whole village, a situation, a language or a topic",
        ),
        sa.Column(
            "urgent",
            sa.Boolean(),
            nullable=False,
            comment="True: sent during quiet hours (21:00-06:00) too",
        ),
        sa.Column(
            "send_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When sending starts (UTC)",
        ),
        sa.Column("recipients", sa.Integer(), nullable=False, comment="People it was addressed to"),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="active (sending or sent) or cancelled",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="When"),
        sa.Column(
            "cancelled_at", sa.DateTime(timezone=True), nullable=True, comment="When cancelled"
        ),
        sa.CheckConstraint(
            "status IN ('active', 'cancelled')", name=op.f("ck_announcements_status")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_announcements_officer_id_officers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_announcements_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
        comment="Announcements (pengumuman) officers sent; one deliveries row per recipient",
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_announcements_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "kind",
            sa.String(length=30),
            nullable=False,
            comment="announcement (later: job_notice, …)",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="Id of the announcement (or notice)"
        ),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="Recipient"),
        sa.Column("channel", sa.String(length=20), nullable=False, comment="telegram or console"),
        sa.Column(
            "chat_id", sa.String(length=64), nullable=False, comment="Where to send on that channel"
        ),
        sa.Column("payload", sa.JSON(), nullable=False, comment="Text, buttons and file to send"),
        sa.Column(
            "urgent",
            sa.Boolean(),
            nullable=False,
            comment="True: may be sent during the recipient's quiet hours",
        ),
        sa.Column(
            "timezone",
            sa.String(length=40),
            nullable=False,
            comment="Recipient's time zone for quiet hours",
        ),
        sa.Column(
            "not_before",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Not sent before this time (UTC): the chosen time or quiet hours",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="pending, sending (claimed by a worker), sent, failed, unreachable, cancelled",
        ),
        sa.Column("attempts", sa.Integer(), nullable=False, comment="Send attempts so far"),
        sa.Column("last_error", sa.Text(), nullable=True, comment="Why the last attempt failed"),
        sa.Column(
            "claimed_by",
            sa.String(length=64),
            nullable=True,
            comment="Worker that claimed it (while sending)",
        ),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True, comment="When claimed"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, comment="When queued (UTC)"
        ),
        sa.Column(
            "sent_at", sa.DateTime(timezone=True), nullable=True, comment="When delivered (UTC)"
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'unreachable', 'cancelled')",
            name=op.f("ck_deliveries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_deliveries_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        comment="Messages sent to many people (announcements…), one row per recipient",
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_due", ["status", "not_before", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_deliveries_resident_id"), ["resident_id"], unique=False
        )
        batch_op.create_index("ix_deliveries_source", ["kind", "source_id", "status"], unique=False)

    op.create_table(
        "officer_invites",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "code",
            sa.String(length=16),
            nullable=False,
            comment="The secret code in the link (usable once)",
        ),
        sa.Column(
            "village_id", sa.Integer(), nullable=False, comment="Village of the offered role"
        ),
        sa.Column("role", sa.String(length=30), nullable=False, comment="Role offered"),
        sa.Column("created_by", sa.Integer(), nullable=False, comment="Officer who made it"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="When"),
        sa.Column(
            "expires_at", sa.DateTime(timezone=True), nullable=False, comment="Unusable after (UTC)"
        ),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True, comment="When accepted"),
        sa.Column("used_by", sa.Integer(), nullable=True, comment="The officer role it created"),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True, comment="When revoked"),
        sa.CheckConstraint(
            "role IN ('coordinator', 'desk_officer', 'parenting_facilitator', 'village_staff')",
            name=op.f("ck_officer_invites_role"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["officers.id"],
            name=op.f("fk_officer_invites_created_by_officers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["officers.id"],
            name=op.f("fk_officer_invites_used_by_officers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_officer_invites_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_invites")),
        sa.UniqueConstraint("code", name=op.f("uq_officer_invites_code")),
        comment="One-time links (t.me/<bot>?start=inv-<code>) that make someone an officer",
    )
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "channel",
                sa.String(length=20),
                nullable=False,
                server_default="telegram",
                comment="telegram or console",
            )
        )
        batch_op.add_column(
            sa.Column(
                "external_id",
                sa.String(length=64),
                nullable=True,
                comment="The officer's account id on that channel (Telegram user id)",
            )
        )
        batch_op.add_column(
            sa.Column(
                "district_code",
                sa.String(length=4),
                nullable=True,
                comment="Kabupaten code (first 4 digits of village codes), district admins",
            )
        )
        batch_op.add_column(
            sa.Column(
                "removed_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="When the role was withdrawn (UTC)",
            )
        )
    op.execute("UPDATE officers SET external_id = CAST(telegram_id AS VARCHAR(64))")
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.alter_column("channel", server_default=None)
        batch_op.alter_column("external_id", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column(
            "village_id",
            existing_type=sa.INTEGER(),
            nullable=True,
            comment="Village the role applies to (empty for a district admin)",
            existing_comment="Village the role applies to",
        )
        batch_op.alter_column(
            "role",
            existing_type=sa.String(length=30),
            comment="coordinator, desk_officer, parenting_facilitator, village_staff, district_admin",
            existing_comment="desk_officer, parenting_facilitator or village_staff",
            existing_nullable=False,
        )
        batch_op.drop_index(batch_op.f("ix_officers_telegram_id"))
        batch_op.drop_constraint(batch_op.f("uq_officers_identity"), type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_officers_role"), type_="check")
        batch_op.create_unique_constraint(
            "uq_officers_identity", ["channel", "external_id", "village_id", "role"]
        )
        batch_op.create_check_constraint(
            "role",
            "role IN ('coordinator', 'desk_officer', 'parenting_facilitator', 'village_staff', 'district_admin')",
        )
        batch_op.create_check_constraint(
            "scope",
            "(role = 'district_admin' AND district_code IS NOT NULL AND village_id IS NULL) OR (role <> 'district_admin' AND village_id IS NOT NULL AND district_code IS NULL)",
        )
        batch_op.create_index("ix_officers_account", ["channel", "external_id"], unique=False)
        batch_op.drop_column("telegram_id")
    if op.get_bind().dialect.name == "postgresql":
        op.create_table_comment(
            "officers",
            "Village officers and district admins, their role and where it applies",
            existing_comment="Village officers and their role per village",
        )

    op.execute("DROP VIEW IF EXISTS office_residents_per_village")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "situation",
                sa.String(length=20),
                nullable=True,
                comment="prospective (wants to work abroad), family (of a worker abroad), abroad, returned; empty until they say",
            )
        )
        batch_op.add_column(
            sa.Column(
                "timezone",
                sa.String(length=40),
                nullable=True,
                comment="Their own IANA time zone when abroad (empty: the village's)",
            )
        )
        batch_op.add_column(
            sa.Column(
                "announcements_muted",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="True when they asked to receive no announcements (/berhenti)",
            )
        )
        batch_op.create_check_constraint(
            "situation", "situation IN ('prospective', 'family', 'abroad', 'returned')"
        )
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.alter_column("announcements_muted", server_default=None)
    op.execute(RESIDENTS_VIEW)


def downgrade() -> None:
    """Undo this revision."""
    # ### commands auto generated by Alembic - please adjust! ###
    op.execute("DROP VIEW IF EXISTS office_residents_per_village")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_residents_situation"), type_="check")
        batch_op.drop_column("announcements_muted")
        batch_op.drop_column("timezone")
        batch_op.drop_column("situation")
    op.execute(RESIDENTS_VIEW)

    op.drop_table("officer_invites")
    op.execute("DELETE FROM announcements")
    op.execute(
        "DELETE FROM officers WHERE role IN ('district_admin', 'coordinator') OR channel <> 'telegram'"
    )
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "telegram_id", sa.BIGINT(), nullable=True, comment="Officer's Telegram user id"
            )
        )
    op.execute("UPDATE officers SET telegram_id = CAST(external_id AS BIGINT)")
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.alter_column("telegram_id", existing_type=sa.BIGINT(), nullable=False)
        batch_op.drop_index("ix_officers_account")
        batch_op.drop_constraint("uq_officers_identity", type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_officers_scope"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_officers_role"), type_="check")
        batch_op.create_check_constraint(
            "role", "role IN ('desk_officer', 'parenting_facilitator', 'village_staff')"
        )
        batch_op.create_unique_constraint(
            "uq_officers_identity", ["telegram_id", "village_id", "role"]
        )
        batch_op.create_index(batch_op.f("ix_officers_telegram_id"), ["telegram_id"], unique=False)
        batch_op.alter_column(
            "village_id",
            existing_type=sa.INTEGER(),
            nullable=False,
            comment="Village the role applies to",
            existing_comment="Village the role applies to (empty for a district admin)",
        )
        batch_op.alter_column(
            "role",
            existing_type=sa.String(length=30),
            comment="desk_officer, parenting_facilitator or village_staff",
            existing_comment="coordinator, desk_officer, parenting_facilitator, village_staff, district_admin",
            existing_nullable=False,
        )
        batch_op.drop_column("removed_at")
        batch_op.drop_column("district_code")
        batch_op.drop_column("external_id")
        batch_op.drop_column("channel")
    if op.get_bind().dialect.name == "postgresql":
        op.create_table_comment(
            "officers",
            "Village officers and their role per village",
            existing_comment="Village officers and district admins, their role and where it applies",
        )

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_source")
        batch_op.drop_index(batch_op.f("ix_deliveries_resident_id"))
        batch_op.drop_index("ix_deliveries_due")

    op.drop_table("deliveries")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcements_village_id"))

    op.drop_table("announcements")
