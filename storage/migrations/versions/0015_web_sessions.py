"""office web page: one-time sign-in tokens and sessions (hashes only)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 14:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = sa.DateTime(timezone=True)


def _account() -> list[sa.Column[str]]:
    return [
        sa.Column(
            "channel",
            sa.String(length=20),
            nullable=False,
            comment="The officer's channel (telegram)",
        ),
        sa.Column(
            "officer_external_id",
            sa.String(length=64),
            nullable=False,
            comment="The officer's account id on that channel",
        ),
    ]


def upgrade() -> None:
    """Add the sign-in tokens and the sessions of the office web page."""
    op.create_table(
        "web_sign_in_tokens",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "token_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 (hex) of the link's token; the token is not kept",
        ),
        *_account(),
        sa.Column("created_at", _UTC, nullable=False, comment="When the link was sent (UTC)"),
        sa.Column("expires_at", _UTC, nullable=False, comment="Until when the link works (UTC)"),
        sa.Column(
            "used_at",
            _UTC,
            nullable=True,
            comment="When the link was used to sign in (UTC; empty: not yet)",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sign_in_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sign_in_tokens_token_hash")),
        comment="One-time sign-in links to the office web page (hashes only)",
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Internal id"),
        sa.Column(
            "session_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 (hex) of the session cookie; the cookie is not kept",
        ),
        *_account(),
        sa.Column("created_at", _UTC, nullable=False, comment="When the officer signed in (UTC)"),
        sa.Column(
            "expires_at",
            _UTC,
            nullable=False,
            comment="When the session ends unless used again (UTC; moves on each page)",
        ),
        sa.Column(
            "last_seen_at", _UTC, nullable=False, comment="The last page the officer opened (UTC)"
        ),
        sa.Column(
            "locale",
            sa.String(length=10),
            nullable=False,
            comment="Language of the pages (id or en)",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("session_hash", name=op.f("uq_web_sessions_session_hash")),
        comment="Signed-in sessions of the office web page (hashes of the cookies only)",
    )
    op.create_index(
        "ix_web_sessions_officer", "web_sessions", ["channel", "officer_external_id"], unique=False
    )


def downgrade() -> None:
    """Remove the office web page's tables."""
    op.drop_index("ix_web_sessions_officer", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("web_sign_in_tokens")
