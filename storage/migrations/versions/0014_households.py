"""households: the migrant-family registry, link codes, corrections; the office's views

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 14:08:21.974277
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: Region codes (Kemendagri): province = first 2 digits, kabupaten 4, kecamatan 6, desa 10.
_REGIONS = """v.code AS village_code, v.name AS village_name,
       substr(v.code, 1, 2) AS province_code, substr(v.code, 1, 4) AS regency_code,
       substr(v.code, 1, 6) AS district_code"""
_IN_VILLAGE = "JOIN households h ON h.id = {t}.household_id WHERE h.village_id = v.id"


def _views() -> dict[str, str]:
    """The office's views: counts without personal data, and one personal-data view."""
    abroad = _IN_VILLAGE.format(t="m")
    business = _IN_VILLAGE.format(t="b")
    return {
        "office_registry_summary": f"""
            SELECT {_REGIONS},
                   (SELECT COUNT(*) FROM households h WHERE h.village_id = v.id) AS households,
                   (SELECT COUNT(*) FROM household_members_abroad m {abroad}) AS workers_abroad,
                   (SELECT COUNT(*) FROM household_members_abroad m {abroad}
                    AND m.documented = 'yes') AS documented_workers,
                   (SELECT COUNT(*) FROM household_members_abroad m {abroad}
                    AND m.documented = 'no') AS undocumented_workers,
                   (SELECT COUNT(*) FROM household_returnees r {_IN_VILLAGE.format(t="r")})
                       AS returned_workers,
                   (SELECT COUNT(*) FROM household_businesses b {business}) AS businesses,
                   (SELECT COUNT(*) FROM household_businesses b {business}
                    AND b.status = 'running') AS running_businesses,
                   (SELECT COUNT(*) FROM household_businesses b {business}
                    AND b.cooperative_member) AS cooperative_members,
                   (SELECT COUNT(DISTINCT CAST(t.household_id AS VARCHAR) || ':'
                                          || lower(t.participant_name))
                    FROM household_trainings t {_IN_VILLAGE.format(t="t")}) AS trained_people
            FROM villages v
        """,
        "office_workers_abroad_by_country": f"""
            SELECT {_REGIONS}, m.country AS country, m.sector AS sector, COUNT(*) AS workers
            FROM household_members_abroad m
            JOIN households h ON h.id = m.household_id
            JOIN villages v ON v.id = h.village_id
            GROUP BY v.code, v.name, m.country, m.sector
        """,
        "office_businesses_by_sector": f"""
            SELECT {_REGIONS}, b.sector AS sector, b.status AS status, COUNT(*) AS businesses,
                   SUM(CASE WHEN b.cooperative_member THEN 1 ELSE 0 END) AS cooperative_members
            FROM household_businesses b
            JOIN households h ON h.id = b.household_id
            JOIN villages v ON v.id = h.village_id
            GROUP BY v.code, v.name, b.sector, b.status
        """,
        # personal data (names, addresses): for the desk, never in the free exports
        "office_households": f"""
            SELECT {_REGIONS}, h.id AS household_id, h.household_key AS household_key,
                   h.head_name AS head_name, h.dusun AS dusun, h.rt AS rt, h.rw AS rw,
                   h.address AS address,
                   (SELECT COUNT(*) FROM household_members_abroad m
                    WHERE m.household_id = h.id) AS workers_abroad,
                   (SELECT COUNT(*) FROM household_returnees r
                    WHERE r.household_id = h.id) AS returned_workers,
                   (SELECT COUNT(*) FROM household_businesses b
                    WHERE b.household_id = h.id) AS businesses,
                   (SELECT COUNT(*) FROM household_trainings t
                    WHERE t.household_id = h.id) AS trainings,
                   CASE WHEN h.resident_id IS NULL THEN 0 ELSE 1 END AS linked_to_resident,
                   h.updated_at AS updated_at
            FROM households h
            JOIN villages v ON v.id = h.village_id
        """,
    }


def upgrade() -> None:
    """Add the registry's tables and the office's views of them."""
    op.create_table(
        "households",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("village_id", sa.Integer(), nullable=False, comment="The household's village"),
        sa.Column(
            "household_key",
            sa.String(length=40),
            nullable=True,
            comment="The desk's own key for the household (from imports; unique in the village)",
        ),
        sa.Column(
            "head_name", sa.String(length=120), nullable=False, comment="Name of the household head"
        ),
        sa.Column("dusun", sa.String(length=80), nullable=False, comment="Dusun (hamlet)"),
        sa.Column("rt", sa.Integer(), nullable=True, comment="RT number (neighbourhood unit)"),
        sa.Column("rw", sa.Integer(), nullable=True, comment="RW number (community unit)"),
        sa.Column(
            "address",
            sa.String(length=200),
            nullable=False,
            comment="Address line (street, house) as the desk writes it",
        ),
        sa.Column(
            "resident_id",
            sa.Integer(),
            nullable=True,
            comment="The bot user of this household who may see it (linked with a one-time code)",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When registered (UTC)",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Last change to it or its records (UTC)",
        ),
        sa.Column(
            "updated_by",
            sa.String(length=64),
            nullable=False,
            comment="Account of the officer (or admin:<user> for an import) who changed it",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_households_resident_id_residents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_households_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        comment="Migrant-worker households registered by the village desk",
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_households_resident_id"), ["resident_id"], unique=False
        )
        batch_op.create_index("ix_households_village", ["village_id", "head_name"], unique=False)
        batch_op.create_index(
            "uq_households_village_key", ["village_id", "household_key"], unique=True
        )

    op.create_table(
        "household_businesses",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("household_id", sa.Integer(), nullable=False, comment="The household"),
        sa.Column(
            "name", sa.String(length=120), nullable=False, comment="Name or kind of business"
        ),
        sa.Column(
            "sector",
            sa.String(length=30),
            nullable=False,
            comment="food_drink, retail, agriculture, livestock, fishery, crafts, services, other",
        ),
        sa.Column("started_on", sa.Date(), nullable=True, comment="When it started"),
        sa.Column(
            "status",
            sa.String(length=10),
            nullable=False,
            comment="planned, running, paused or closed",
        ),
        sa.Column(
            "cooperative_member",
            sa.Boolean(),
            nullable=False,
            comment="True: member of the village's cooperative",
        ),
        sa.CheckConstraint(
            "sector IN ('food_drink', 'retail', 'agriculture', "
            "'livestock', 'fishery', 'crafts', 'services', 'other')",
            name=op.f("ck_household_businesses_sector"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'running', 'paused', 'closed')",
            name=op.f("ck_household_businesses_status"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_businesses_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_businesses")),
        comment="Productive businesses of registered households",
    )
    with op.batch_alter_table("household_businesses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_businesses_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "household_corrections",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("household_id", sa.Integer(), nullable=False, comment="The household"),
        sa.Column("resident_id", sa.Integer(), nullable=True, comment="Who asked"),
        sa.Column("text", sa.Text(), nullable=False, comment="What they asked to correct"),
        sa.Column("status", sa.String(length=10), nullable=False, comment="open, done or declined"),
        sa.Column("answer", sa.Text(), nullable=False, comment="The officer's answer"),
        sa.Column(
            "answered_by",
            sa.String(length=64),
            nullable=False,
            comment="Account of the officer who answered",
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, comment="When asked (UTC)"
        ),
        sa.Column(
            "answered_at", sa.DateTime(timezone=True), nullable=True, comment="When answered (UTC)"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'declined')", name=op.f("ck_household_corrections_status")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_corrections_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_household_corrections_resident_id_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_corrections")),
        comment="Correction requests from residents about their household's record",
    )
    with op.batch_alter_table("household_corrections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_household_corrections_status", ["household_id", "status"], unique=False
        )

    op.create_table(
        "household_link_codes",
        sa.Column("code", sa.String(length=16), nullable=False, comment="The code given"),
        sa.Column("household_id", sa.Integer(), nullable=False, comment="The household"),
        sa.Column(
            "created_by", sa.String(length=64), nullable=False, comment="Account of the officer"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="(UTC)"),
        sa.Column(
            "expires_at", sa.DateTime(timezone=True), nullable=False, comment="Works until (UTC)"
        ),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True, comment="When spent (UTC)"),
        sa.Column("used_by", sa.Integer(), nullable=True, comment="Who spent it"),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_link_codes_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["residents.id"],
            name=op.f("fk_household_link_codes_used_by_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_household_link_codes")),
        comment="One-time, expiring codes that let a resident see their household",
    )
    with op.batch_alter_table("household_link_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_link_codes_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "household_members_abroad",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("household_id", sa.Integer(), nullable=False, comment="The household"),
        sa.Column("name", sa.String(length=120), nullable=False, comment="The worker's name"),
        sa.Column(
            "relation",
            sa.String(length=20),
            nullable=False,
            comment="Relation to the head: spouse, child, parent, "
            "sibling, in_law, grandchild, head, other",
        ),
        sa.Column("country", sa.String(length=60), nullable=False, comment="Country of work"),
        sa.Column(
            "sector",
            sa.String(length=30),
            nullable=False,
            comment="domestic_care, manufacturing, plantation_agriculture, construction, "
            "fishing_crew, services_hospitality, health_care, other",
        ),
        sa.Column(
            "since", sa.Date(), nullable=True, comment="Abroad since (the first day of the month)"
        ),
        sa.Column(
            "agency",
            sa.String(length=120),
            nullable=False,
            comment="Placement agency (P3MI) name, if known",
        ),
        sa.Column(
            "documented",
            sa.String(length=10),
            nullable=False,
            comment="Left through the official procedure: yes, no or unknown",
        ),
        sa.CheckConstraint(
            "documented IN ('yes', 'no', 'unknown')",
            name=op.f("ck_household_members_abroad_documented"),
        ),
        sa.CheckConstraint(
            "relation IN ('spouse', 'child', 'parent', 'sibling', "
            "'in_law', 'grandchild', 'head', 'other')",
            name=op.f("ck_household_members_abroad_relation"),
        ),
        sa.CheckConstraint(
            "sector IN ('domestic_care', 'manufacturing', 'plantation_agriculture', "
            "'construction', 'fishing_crew', 'services_hospitality', 'health_care', 'other')",
            name=op.f("ck_household_members_abroad_sector"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_abroad_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members_abroad")),
        comment="Members of registered households working abroad",
    )
    with op.batch_alter_table("household_members_abroad", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_members_abroad_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "household_returnees",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("household_id", sa.Integer(), nullable=False, comment="The household"),
        sa.Column(
            "name", sa.String(length=120), nullable=False, comment="The returned worker's name"
        ),
        sa.Column("returned_on", sa.Date(), nullable=False, comment="When they came back"),
        sa.Column(
            "country", sa.String(length=60), nullable=False, comment="Country they returned from"
        ),
        sa.Column(
            "skills",
            sa.Text(),
            nullable=False,
            comment="Skills gained abroad, as the desk wrote them",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_returnees_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_returnees")),
        comment="Returned migrant workers of registered households",
    )
    with op.batch_alter_table("household_returnees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_returnees_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "household_trainings",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column("household_id", sa.Integer(), nullable=False, comment="The household"),
        sa.Column("training_name", sa.String(length=160), nullable=False, comment="The training"),
        sa.Column("held_on", sa.Date(), nullable=False, comment="When it was held"),
        sa.Column(
            "participant_name", sa.String(length=120), nullable=False, comment="Who took part"
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_trainings_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_trainings")),
        comment="Training participation of registered households' members",
    )
    with op.batch_alter_table("household_trainings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_trainings_household_id"), ["household_id"], unique=False
        )
    for name, query in _views().items():
        op.execute(f"CREATE VIEW {name} AS {query}")


def downgrade() -> None:
    """Drop the views, then the tables."""
    for name in _views():
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("household_trainings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_trainings_household_id"))

    op.drop_table("household_trainings")
    with op.batch_alter_table("household_returnees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_returnees_household_id"))

    op.drop_table("household_returnees")
    with op.batch_alter_table("household_members_abroad", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_members_abroad_household_id"))

    op.drop_table("household_members_abroad")
    with op.batch_alter_table("household_link_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_link_codes_household_id"))

    op.drop_table("household_link_codes")
    with op.batch_alter_table("household_corrections", schema=None) as batch_op:
        batch_op.drop_index("ix_household_corrections_status")

    op.drop_table("household_corrections")
    with op.batch_alter_table("household_businesses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_businesses_household_id"))

    op.drop_table("household_businesses")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index("uq_households_village_key")
        batch_op.drop_index("ix_households_village")
        batch_op.drop_index(batch_op.f("ix_households_resident_id"))

    op.drop_table("households")
