"""The office web page's tables: one-time sign-in tokens and signed-in sessions.

Neither table holds a secret: a token and a session id are stored only as their SHA-256 hash,
so a copy of the database cannot be used to sign in. An officer is named by their account
(channel and account id), as in ``officers``; their roles are read fresh on every page.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow

__all__ = ["WebSession", "WebSignInToken"]


class WebSignInToken(Base):
    """A one-time sign-in link sent by ``/web``: usable once, until it expires."""

    __tablename__ = "web_sign_in_tokens"
    __table_args__ = ({"comment": "One-time sign-in links to the office web page (hashes only)"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    token_hash: Mapped[str] = mapped_column(
        String(64), unique=True, comment="SHA-256 (hex) of the link's token; the token is not kept"
    )
    channel: Mapped[str] = mapped_column(String(20), comment="The officer's channel (telegram)")
    officer_external_id: Mapped[str] = mapped_column(
        String(64), comment="The officer's account id on that channel"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When the link was sent (UTC)"
    )
    expires_at: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Until when the link works (UTC)"
    )
    used_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the link was used to sign in (UTC; empty: not yet)"
    )


class WebSession(Base):
    """An officer signed in to the office web page in one browser."""

    __tablename__ = "web_sessions"
    __table_args__ = (
        Index("ix_web_sessions_officer", "channel", "officer_external_id"),
        {"comment": "Signed-in sessions of the office web page (hashes of the cookies only)"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    session_hash: Mapped[str] = mapped_column(
        String(64),
        unique=True,
        comment="SHA-256 (hex) of the session cookie; the cookie is not kept",
    )
    channel: Mapped[str] = mapped_column(String(20), comment="The officer's channel (telegram)")
    officer_external_id: Mapped[str] = mapped_column(
        String(64), comment="The officer's account id on that channel"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When the officer signed in (UTC)"
    )
    expires_at: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="When the session ends unless used again (UTC; moves on each page)"
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="The last page the officer opened (UTC)"
    )
    locale: Mapped[str] = mapped_column(
        String(10), default="id", comment="Language of the pages (id or en)"
    )
