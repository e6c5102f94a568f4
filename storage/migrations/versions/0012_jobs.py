# ruff: noqa: E501
"""jobs: notices, interests, subscriptions and checked offers; the office's views of them

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 12:36:58.893415
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MONTH = {
    "sqlite": "strftime('%Y-%m', {a})",
    "postgresql": "to_char({a} AT TIME ZONE 'UTC', 'YYYY-MM')",
}
_BEFORE_NOW = {"sqlite": "julianday({a}) < julianday('now')", "postgresql": "{a} < now()"}


def _views(dialect: str) -> dict[str, str]:
    """The office's views of the job board, without personal data (no names, no texts)."""
    month = _MONTH[dialect]
    published = month.format(a="n.published_at")
    expired = _BEFORE_NOW[dialect].format(a="n.deadline")
    return {
        "office_job_notices_per_month": f"""
            SELECT v.code AS village_code, v.name AS village_name, n.country AS country,
                   n.sector AS sector, {published} AS month, COUNT(*) AS notices,
                   SUM(n.openings) AS openings,
                   SUM(CASE WHEN n.status = 'open' AND NOT ({expired}) THEN 1 ELSE 0 END)
                       AS still_open,
                   SUM(n.notified) AS subscribers_told,
                   SUM((SELECT COUNT(*) FROM job_interests i
                        WHERE i.notice_id = n.id AND i.status = 'interested')) AS interested
            FROM job_notices n
            JOIN villages v ON v.id = n.village_id
            GROUP BY v.code, v.name, n.country, n.sector, {published}
        """,
        "office_job_interests_per_month": f"""
            SELECT v.code AS village_code, v.name AS village_name, n.country AS country,
                   n.sector AS sector, {month.format(a="i.created_at")} AS month,
                   COUNT(*) AS interests,
                   SUM(CASE WHEN i.status = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn
            FROM job_interests i
            JOIN job_notices n ON n.id = i.notice_id
            JOIN villages v ON v.id = n.village_id
            GROUP BY v.code, v.name, n.country, n.sector, {month.format(a="i.created_at")}
        """,
        "office_suspicious_job_offers": f"""
            SELECT v.code AS village_code, v.name AS village_name, o.reference AS reference,
                   {month.format(a="o.created_at")} AS month, o.status AS status,
                   o.verdict AS verdict, o.flags AS flags, o.agencies AS agencies,
                   o.countries AS countries, o.recruiter_contacts AS recruiter_contacts
            FROM job_offers o
            JOIN villages v ON v.id = o.village_id
            WHERE o.verdict IN ('suspicious', 'illegal')
               OR (o.verdict IS NULL AND CAST(o.flags AS TEXT) NOT IN ('[]', ''))
        """,
    }


def upgrade() -> None:
    """Add the job board's tables and the office's views of them."""
    op.create_table(
        "job_notices",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "reference",
            sa.String(length=32),
            nullable=False,
            comment="Reference shown to people, e.g. LOK-000012",
        ),
        sa.Column(
            "village_id",
            sa.Integer(),
            nullable=False,
            comment="Village whose desk published it (residents of its kabupaten see it)",
        ),
        sa.Column(
            "officer_id", sa.Integer(), nullable=True, comment="Officer role that published it"
        ),
        sa.Column(
            "country",
            sa.String(length=4),
            nullable=False,
            comment="Destination country (ids of flows/jobs/content/destinations.toml)",
        ),
        sa.Column(
            "sector",
            sa.String(length=20),
            nullable=False,
            comment="Job sector (sector ids of flows/jobs/content/destinations.toml)",
        ),
        sa.Column(
            "job_title", sa.String(length=120), nullable=False, comment="The job, as advertised"
        ),
        sa.Column(
            "employer_type",
            sa.String(length=20),
            nullable=False,
            comment="household (individual employer), company, or government (G to G)",
        ),
        sa.Column("openings", sa.Integer(), nullable=False, comment="How many people are wanted"),
        sa.Column(
            "requirements",
            sa.Text(),
            nullable=False,
            comment="Age, sex (only where the job requires it), skills, language",
        ),
        sa.Column(
            "salary_amount",
            sa.Integer(),
            nullable=False,
            comment="Monthly pay as offered, in salary_currency",
        ),
        sa.Column(
            "salary_currency",
            sa.String(length=10),
            nullable=False,
            comment="Currency of the pay as offered (NT$, HK$, RM, Rp…)",
        ),
        sa.Column(
            "agency_name",
            sa.String(length=200),
            nullable=False,
            comment="Placement agency (P3MI) or official body, as the officer checked",
        ),
        sa.Column(
            "agency_licence",
            sa.String(length=100),
            nullable=False,
            comment="The agency's SIP3MI/SIP2MI licence number, as the officer checked",
        ),
        sa.Column(
            "cost_to_worker",
            sa.Text(),
            nullable=False,
            comment="What the worker pays and what it covers, as the officer wrote",
        ),
        sa.Column(
            "deadline",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Applications close (UTC); after it the notice counts as closed",
        ),
        sa.Column(
            "apply_via",
            sa.String(length=20),
            nullable=False,
            comment="Where to apply: desk (the village desk), disnaker, or ltsa",
        ),
        sa.Column(
            "apply_details",
            sa.Text(),
            nullable=False,
            comment="Where and when exactly, as the officer wrote",
        ),
        sa.Column(
            "poster_file_id",
            sa.String(length=255),
            nullable=False,
            comment="Telegram file id of the poster photo (empty: none)",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="open, closed (filled or past deadline), withdrawn",
        ),
        sa.Column(
            "status_reason",
            sa.Text(),
            nullable=False,
            comment="Why it was closed or withdrawn ('deadline passed' if by itself)",
        ),
        sa.Column(
            "notified",
            sa.Integer(),
            nullable=False,
            comment="Subscribers queued a message when it was published",
        ),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When published (UTC)",
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, comment="Last change (UTC)"
        ),
        sa.Column(
            "closed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When closed or withdrawn (UTC)",
        ),
        sa.CheckConstraint(
            "apply_via IN ('desk', 'disnaker', 'ltsa')", name=op.f("ck_job_notices_apply_via")
        ),
        sa.CheckConstraint(
            "employer_type IN ('household', 'company', 'government')",
            name=op.f("ck_job_notices_employer_type"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'closed', 'withdrawn')", name=op.f("ck_job_notices_status")
        ),
        sa.CheckConstraint("openings > 0", name=op.f("ck_job_notices_openings")),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_job_notices_officer_id_officers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_job_notices_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_notices")),
        sa.UniqueConstraint("reference", name=op.f("uq_job_notices_reference")),
        comment="Job notices (lowongan) village desks published, with the agency as checked",
    )
    with op.batch_alter_table("job_notices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_job_notices_browse", ["status", "country", "sector", "published_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_job_notices_village_id"), ["village_id"], unique=False)

    op.create_table(
        "job_offers",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "reference",
            sa.String(length=32),
            nullable=False,
            comment="Reference the resident is given, e.g. CEK-000004",
        ),
        sa.Column(
            "village_id",
            sa.Integer(),
            nullable=False,
            comment="Village whose desk checks it (the resident's village)",
        ),
        sa.Column("resident_id", sa.Integer(), nullable=True, comment="Who sent it"),
        sa.Column(
            "text",
            sa.Text(),
            nullable=False,
            comment="The offer as sent (the recruiter's words, or the photo's caption)",
        ),
        sa.Column(
            "photo_file_id",
            sa.String(length=255),
            nullable=False,
            comment="Telegram file id of a flyer photo (empty: none)",
        ),
        sa.Column(
            "forwarded",
            sa.Boolean(),
            nullable=False,
            comment="True when forwarded from another chat, not pasted",
        ),
        sa.Column(
            "flags",
            sa.JSON(),
            nullable=False,
            comment="Red flags the bot saw (ids of flows/jobs/content/redflags.toml)",
        ),
        sa.Column(
            "agencies",
            sa.JSON(),
            nullable=False,
            comment="Agency names (PT …) the offer mentions, as found",
        ),
        sa.Column(
            "countries",
            sa.JSON(),
            nullable=False,
            comment="Destination country ids the offer mentions",
        ),
        sa.Column(
            "recruiter_contacts",
            sa.JSON(),
            nullable=False,
            comment="Phone numbers or chat links of the recruiter found in the offer",
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="new (waiting for the desk) or answered",
        ),
        sa.Column(
            "verdict",
            sa.String(length=20),
            nullable=True,
            comment="legitimate (per the agency check), suspicious, or illegal; empty until answered",
        ),
        sa.Column(
            "verdict_note",
            sa.Text(),
            nullable=False,
            comment="The officer's note, sent to the resident with the verdict",
        ),
        sa.Column("officer_id", sa.Integer(), nullable=True, comment="Officer role that answered"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, comment="When sent (UTC)"
        ),
        sa.Column(
            "answered_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the desk answered (UTC)",
        ),
        sa.CheckConstraint("status IN ('new', 'answered')", name=op.f("ck_job_offers_status")),
        sa.CheckConstraint(
            "verdict IS NULL OR verdict IN ('legitimate', 'suspicious', 'illegal')",
            name=op.f("ck_job_offers_verdict"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_job_offers_officer_id_officers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_job_offers_resident_id_residents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_job_offers_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_offers")),
        sa.UniqueConstraint("reference", name=op.f("uq_job_offers_reference")),
        comment="Offers residents asked the desk to check, the red flags seen, the verdict",
    )
    with op.batch_alter_table("job_offers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_job_offers_queue", ["village_id", "status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_job_offers_resident_id"), ["resident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_job_offers_village_id"), ["village_id"], unique=False)

    op.create_table(
        "job_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="Who subscribed"),
        sa.Column("kind", sa.String(length=10), nullable=False, comment="country or sector"),
        sa.Column(
            "value",
            sa.String(length=20),
            nullable=False,
            comment="Country id or sector id (flows/jobs/content/destinations.toml)",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When subscribed (UTC)",
        ),
        sa.CheckConstraint("kind IN ('country', 'sector')", name=op.f("ck_job_subscriptions_kind")),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_job_subscriptions_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_subscriptions")),
        sa.UniqueConstraint("resident_id", "kind", "value", name="uq_job_subscriptions_identity"),
        comment="Subscriptions to new job notices, by destination country or sector",
    )
    with op.batch_alter_table("job_subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_job_subscriptions_match", ["kind", "value"], unique=False)

    op.create_table(
        "job_interests",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("notice_id", sa.Integer(), nullable=False, comment="The notice"),
        sa.Column("resident_id", sa.Integer(), nullable=False, comment="Who is interested"),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="interested, or withdrawn by the person",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When they first said so (UTC)",
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, comment="Last change (UTC)"
        ),
        sa.CheckConstraint(
            "status IN ('interested', 'withdrawn')", name=op.f("ck_job_interests_status")
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["job_notices.id"],
            name=op.f("fk_job_interests_notice_id_job_notices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_job_interests_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_interests")),
        sa.UniqueConstraint("notice_id", "resident_id", name="uq_job_interests_notice_resident"),
        comment="Who said they are interested in which notice (one row per person)",
    )
    with op.batch_alter_table("job_interests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_interests_notice_id"), ["notice_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_job_interests_resident_id"), ["resident_id"], unique=False
        )
    for name, query in _views(op.get_bind().dialect.name).items():
        op.execute(f"CREATE VIEW {name} AS {query}")


def downgrade() -> None:
    """Drop the office's views, then the job board's tables."""
    for name in _views(op.get_bind().dialect.name):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("job_interests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_interests_resident_id"))
        batch_op.drop_index(batch_op.f("ix_job_interests_notice_id"))

    op.drop_table("job_interests")
    with op.batch_alter_table("job_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_job_subscriptions_match")

    op.drop_table("job_subscriptions")
    with op.batch_alter_table("job_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_offers_village_id"))
        batch_op.drop_index(batch_op.f("ix_job_offers_resident_id"))
        batch_op.drop_index("ix_job_offers_queue")

    op.drop_table("job_offers")
    with op.batch_alter_table("job_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_notices_village_id"))
        batch_op.drop_index("ix_job_notices_browse")

    op.drop_table("job_notices")
