"""parenting: children, links and codes, updates, requests; the office's views

Revision ID: 0013
Revises: 0010
Create Date: 2026-11-30 12:41:22.285852
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: SQLite keeps times as UTC text; PostgreSQL as timestamptz.
_MONTH = {
    "sqlite": "strftime('%Y-%m', {a})",
    "postgresql": "to_char({a} AT TIME ZONE 'UTC', 'YYYY-MM')",
}


def _views(dialect: str) -> dict[str, str]:
    """The office's views, without any personal data (no names, texts, dates of birth)."""
    month = _MONTH[dialect].format(a="u.created_at")
    return {
        "office_parenting_children": """
            SELECT v.code AS village_code, v.name AS village_name,
                   COUNT(*) AS children,
                   SUM(CASE WHEN c.photo_consent THEN 1 ELSE 0 END) AS with_photo_consent,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = c.id
                            AND l.status = 'active' AND l.relation <> 'caregiver')
                       THEN 1 ELSE 0 END) AS followed_by_a_parent
            FROM children c
            JOIN villages v ON v.id = c.village_id
            GROUP BY v.code, v.name
        """,
        "office_parenting_updates_per_month": f"""
            SELECT v.code AS village_code, v.name AS village_name, {month} AS month,
                   u.topic AS topic, COUNT(*) AS updates,
                   COUNT(DISTINCT u.child_id) AS children
            FROM child_updates u
            JOIN children c ON c.id = u.child_id
            JOIN villages v ON v.id = c.village_id
            GROUP BY v.code, v.name, {month}, u.topic
        """,
    }


def upgrade() -> None:
    """Add the parenting tables and the office's views of them."""
    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="The child's village"),
        sa.Column(
            "name",
            sa.String(length=120),
            nullable=False,
            comment="Name as the family calls the child",
        ),
        sa.Column("birth_date", sa.Date(), nullable=False, comment="Birth date"),
        sa.Column("school", sa.String(length=120), nullable=False, comment="School (empty: none)"),
        sa.Column(
            "caregiver_name",
            sa.String(length=120),
            nullable=False,
            comment="Who cares for them at home",
        ),
        sa.Column(
            "caregiver_relation",
            sa.String(length=60),
            nullable=False,
            comment="How the caregiver is related (grandparent, aunt or uncle…)",
        ),
        sa.Column(
            "parents_abroad",
            sa.JSON(),
            nullable=False,
            comment="Parents working abroad: [[relation, country], …]",
        ),
        sa.Column(
            "photo_consent",
            sa.Boolean(),
            nullable=False,
            comment="True: the caregiver agreed that updates may include photos",
        ),
        sa.Column(
            "photo_consent_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the consent was last given or withdrawn (UTC)",
        ),
        sa.Column(
            "photo_consent_via",
            sa.String(length=20),
            nullable=False,
            comment="caregiver (in the bot) or desk (recorded by an officer)",
        ),
        sa.Column(
            "registered_by",
            sa.String(length=64),
            nullable=False,
            comment="Account of the facilitator",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When registered (UTC)",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_children_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
        comment="Children followed by the village's community parenting (minimum data)",
    )
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.create_index("ix_children_village", ["village_id", "name"], unique=False)

    op.create_table(
        "parenting_announcements",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="The village"),
        sa.Column("text", sa.Text(), nullable=False, comment="The announcement"),
        sa.Column(
            "written_by", sa.String(length=64), nullable=False, comment="Account of the officer"
        ),
        sa.Column("recipients", sa.Integer(), nullable=False, comment="How many were queued"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_parenting_announcements_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parenting_announcements")),
        comment="Parenting-group announcements to those who opted in",
    )
    with op.batch_alter_table("parenting_announcements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parenting_announcements_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "parenting_settings",
        sa.Column("village_id", sa.Integer(), nullable=False, comment="The village"),
        sa.Column(
            "caregiver_confirms",
            sa.Boolean(),
            nullable=False,
            comment="True: parents' links wait for the caregiver's confirmation",
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_parenting_settings_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("village_id", name=op.f("pk_parenting_settings")),
        comment="Each village's community parenting rules",
    )
    op.create_table(
        "child_link_codes",
        sa.Column("code", sa.String(length=16), nullable=False, comment="The code given"),
        sa.Column("child_id", sa.Integer(), nullable=False, comment="The child"),
        sa.Column(
            "relation",
            sa.String(length=20),
            nullable=False,
            comment="Whom it is for: mother, father, guardian or caregiver",
        ),
        sa.Column(
            "created_by", sa.String(length=64), nullable=False, comment="Account of the facilitator"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.Column(
            "expires_at", sa.DateTime(timezone=True), nullable=False, comment="Works until (UTC)"
        ),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True, comment="When spent (UTC)"),
        sa.Column("used_by", sa.Integer(), nullable=True, comment="Who spent it"),
        sa.CheckConstraint(
            "relation IN ('mother', 'father', 'guardian', 'caregiver')",
            name=op.f("ck_child_link_codes_relation"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_child_link_codes_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["residents.id"],
            name=op.f("fk_child_link_codes_used_by_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_child_link_codes")),
        comment="One-time, expiring codes linking a parent or the caregiver to a child",
    )
    with op.batch_alter_table("child_link_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_link_codes_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "child_links",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("child_id", sa.Integer(), nullable=False, comment="The child"),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="The person linked"),
        sa.Column(
            "relation",
            sa.String(length=20),
            nullable=False,
            comment="mother, father, guardian (abroad) or caregiver (at home)",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="pending (caregiver to confirm), active, ended or blocked",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.Column(
            "confirmed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it became active (UTC)",
        ),
        sa.Column(
            "ended_at", sa.DateTime(timezone=True), nullable=True, comment="When it ended (UTC)"
        ),
        sa.Column(
            "ended_reason",
            sa.String(length=40),
            nullable=False,
            comment="unlinked, refused by caregiver or restriction",
        ),
        sa.CheckConstraint(
            "relation IN ('mother', 'father', 'guardian', 'caregiver')",
            name=op.f("ck_child_links_relation"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'ended', 'blocked')",
            name=op.f("ck_child_links_status"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_child_links_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_child_links_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_links")),
        comment="Who may see a child's news: only active links, checked on every read",
    )
    with op.batch_alter_table("child_links", schema=None) as batch_op:
        batch_op.create_index("ix_child_links_child", ["child_id", "status"], unique=False)
        batch_op.create_index("ix_child_links_resident", ["resident_id", "status"], unique=False)

    op.create_table(
        "child_messages",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("child_id", sa.Integer(), nullable=False, comment="About which child"),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="The parent who wrote"),
        sa.Column("kind", sa.String(length=20), nullable=False, comment="message or question"),
        sa.Column("text", sa.Text(), nullable=False, comment="What the parent wrote"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.Column("answer", sa.Text(), nullable=False, comment="The facilitator's answer"),
        sa.Column("answered_by", sa.String(length=64), nullable=False, comment="Who answered"),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True, comment="When (UTC)"),
        sa.CheckConstraint("kind IN ('message', 'question')", name=op.f("ck_child_messages_kind")),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_child_messages_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_child_messages_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_messages")),
        comment="Parents' messages and questions to the facilitators, with the answers",
    )
    with op.batch_alter_table("child_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_messages_child_id"), ["child_id"], unique=False)

    op.create_table(
        "child_restrictions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("child_id", sa.Integer(), nullable=False, comment="The child"),
        sa.Column(
            "relation", sa.String(length=20), nullable=False, comment="The relation that is blocked"
        ),
        sa.Column(
            "kind", sa.String(length=20), nullable=False, comment="court_order or family_agreement"
        ),
        sa.Column("note", sa.Text(), nullable=False, comment="Document number or who agreed"),
        sa.Column(
            "recorded_by", sa.String(length=64), nullable=False, comment="Account of the officer"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.CheckConstraint(
            "kind IN ('court_order', 'family_agreement')", name=op.f("ck_child_restrictions_kind")
        ),
        sa.CheckConstraint(
            "relation IN ('mother', 'father', 'guardian', 'caregiver')",
            name=op.f("ck_child_restrictions_relation"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_child_restrictions_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_restrictions")),
        comment="Restrictions recorded by officers that block links to a child",
    )
    with op.batch_alter_table("child_restrictions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_restrictions_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "child_summaries",
        sa.Column("child_id", sa.Integer(), nullable=False, comment="The child"),
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM"),
        sa.Column("updates", sa.Integer(), nullable=False, comment="Updates written that month"),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_child_summaries_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("child_id", "month", name=op.f("pk_child_summaries")),
        comment="Monthly summaries queued to parents, one per child and month",
    )
    op.create_table(
        "child_updates",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("child_id", sa.Integer(), nullable=False, comment="The child"),
        sa.Column(
            "topic",
            sa.String(length=30),
            nullable=False,
            comment="Template id (flows/parenting/content/templates.toml)",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="The update as written"),
        sa.Column(
            "written_by", sa.String(length=64), nullable=False, comment="Account of the facilitator"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_child_updates_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_updates")),
        comment="Updates about a child for its linked parents",
    )
    with op.batch_alter_table("child_updates", schema=None) as batch_op:
        batch_op.create_index("ix_child_updates_child", ["child_id", "created_at"], unique=False)

    op.create_table(
        "parenting_opt_ins",
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="Who"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="Which village's group"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_parenting_opt_ins_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_parenting_opt_ins_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resident_id", name=op.f("pk_parenting_opt_ins")),
        comment="Who receives the parenting group's announcements",
    )
    with op.batch_alter_table("parenting_opt_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parenting_opt_ins_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "video_calls",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("child_id", sa.Integer(), nullable=False, comment="The child"),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="The parent who asked"),
        sa.Column(
            "wish",
            sa.String(length=200),
            nullable=False,
            comment="Days and times the parent suggested",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="requested, confirmed or declined",
        ),
        sa.Column(
            "scheduled_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="The confirmed time (UTC)",
        ),
        sa.Column("decided_by", sa.String(length=64), nullable=False, comment="Who decided"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.CheckConstraint(
            "status IN ('requested', 'confirmed', 'declined')", name=op.f("ck_video_calls_status")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_video_calls_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_video_calls_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_calls")),
        comment="Video calls with a child at the village desk, requested by a parent",
    )
    with op.batch_alter_table("video_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_video_calls_child_id"), ["child_id"], unique=False)

    op.create_table(
        "child_update_photos",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("update_id", sa.Integer(), nullable=False, comment="The update"),
        sa.Column(
            "telegram_file_id", sa.String(length=200), nullable=False, comment="Telegram's file id"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["child_updates.id"],
            name=op.f("fk_child_update_photos_update_id_child_updates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_update_photos")),
        comment="Photos of updates: Telegram file ids, deleted with the child",
    )
    with op.batch_alter_table("child_update_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_update_photos_update_id"), ["update_id"], unique=False
        )

    for name, query in _views(op.get_bind().dialect.name).items():
        op.execute(f"CREATE VIEW {name} AS {query}")


def downgrade() -> None:
    """Drop the views, then the tables."""
    for name in _views(op.get_bind().dialect.name):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("child_update_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_update_photos_update_id"))

    op.drop_table("child_update_photos")
    with op.batch_alter_table("video_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_video_calls_child_id"))

    op.drop_table("video_calls")
    with op.batch_alter_table("parenting_opt_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parenting_opt_ins_village_id"))

    op.drop_table("parenting_opt_ins")
    with op.batch_alter_table("child_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_child_updates_child")

    op.drop_table("child_updates")
    op.drop_table("child_summaries")
    with op.batch_alter_table("child_restrictions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_restrictions_child_id"))

    op.drop_table("child_restrictions")
    with op.batch_alter_table("child_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_messages_child_id"))

    op.drop_table("child_messages")
    with op.batch_alter_table("child_links", schema=None) as batch_op:
        batch_op.drop_index("ix_child_links_resident")
        batch_op.drop_index("ix_child_links_child")

    op.drop_table("child_links")
    with op.batch_alter_table("child_link_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_link_codes_child_id"))

    op.drop_table("child_link_codes")
    op.drop_table("parenting_settings")
    with op.batch_alter_table("parenting_announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parenting_announcements_village_id"))

    op.drop_table("parenting_announcements")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index("ix_children_village")

    op.drop_table("children")
