"""Sign-in tokens and sessions of the office web page, and the roles behind a session.

A token is spent with one conditional UPDATE (``used_at IS NULL AND expires_at > now``), so two
browsers racing with the same link get one session between them, on SQLite and PostgreSQL.
Sessions end after ``SESSION_IDLE`` without a page, and at the latest ``SESSION_MAX`` after
sign-in. Signing in, out, and every page and download are written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.office import LINK_VALID, WebSignInIssued
from flows.officers import OfficerRole
from storage.audit import write_audit
from storage.capabilities.officers import SqlOfficerQueries
from storage.models import table_of, village_id_of
from storage.office_web_models import WebSession, WebSignInToken

__all__ = [
    "SESSION_IDLE",
    "SESSION_MAX",
    "SignedIn",
    "audit_web",
    "end_session",
    "issue_token",
    "open_session",
    "redeem_token",
    "roles_of",
    "set_locale",
]

SESSION_IDLE = timedelta(hours=12)
SESSION_MAX = timedelta(days=7)

tokens = table_of(WebSignInToken)
sessions = table_of(WebSession)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The officer behind a live session."""

    channel: str
    officer: str
    locale: str


async def issue_token(conn: AsyncConnection, _person_id: int, effect: WebSignInIssued) -> None:
    """Store the hash of a fresh sign-in link (the effect of ``/web``) and audit it."""
    await conn.execute(
        insert(tokens).values(
            token_hash=effect.token_hash,
            channel=effect.channel,
            officer_external_id=effect.officer_user_id,
            created_at=effect.expires_at - LINK_VALID,
            expires_at=effect.expires_at,
            used_at=None,
        )
    )
    await write_audit(
        conn, actor_type="officer", actor_id=effect.officer_user_id, village_id=None,
        action="web.link_sent",
    )  # fmt: skip


async def redeem_token(
    engine: AsyncEngine, token_hash: str, session_hash: str, now: datetime, locale: str
) -> SignedIn | None:
    """Spend a sign-in token and start a session; None when used, expired or unknown."""
    async with engine.begin() as conn:
        spent = await conn.execute(
            update(tokens)
            .where(tokens.c.token_hash == token_hash, tokens.c.used_at.is_(None),
                   tokens.c.expires_at > now)
            .values(used_at=now)
            .returning(tokens.c.channel, tokens.c.officer_external_id)
        )  # fmt: skip
        row = spent.first()
        if row is None:
            return None
        await conn.execute(
            insert(sessions).values(
                session_hash=session_hash, channel=row.channel,
                officer_external_id=row.officer_external_id, created_at=now,
                expires_at=now + SESSION_IDLE, last_seen_at=now, locale=locale,
            )
        )  # fmt: skip
        await write_audit(
            conn, actor_type="officer", actor_id=row.officer_external_id, village_id=None,
            action="web.signed_in",
        )  # fmt: skip
    return SignedIn(row.channel, row.officer_external_id, locale)


async def open_session(engine: AsyncEngine, session_hash: str, now: datetime) -> SignedIn | None:
    """The officer of a live session (its idle time restarts); None when ended or unknown."""
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                select(sessions).where(sessions.c.session_hash == session_hash,
                                       sessions.c.expires_at > now)
            )
        ).first()  # fmt: skip
        if row is None:
            return None
        until = min(now + SESSION_IDLE, row.created_at + SESSION_MAX)
        await conn.execute(
            update(sessions).where(sessions.c.id == row.id)
            .values(last_seen_at=now, expires_at=until)
        )  # fmt: skip
    return SignedIn(row.channel, row.officer_external_id, row.locale)


async def set_locale(engine: AsyncEngine, session_hash: str, locale: str) -> None:
    """Show this session's pages in another language."""
    async with engine.begin() as conn:
        await conn.execute(
            update(sessions).where(sessions.c.session_hash == session_hash).values(locale=locale)
        )


async def end_session(engine: AsyncEngine, session_hash: str, officer: str) -> None:
    """Sign out: the session row is deleted, so its cookie opens nothing any more."""
    async with engine.begin() as conn:
        await conn.execute(delete(sessions).where(sessions.c.session_hash == session_hash))
        await write_audit(
            conn, actor_type="officer", actor_id=officer, village_id=None,
            action="web.signed_out",
        )  # fmt: skip


async def roles_of(engine: AsyncEngine, who: SignedIn) -> tuple[OfficerRole, ...]:
    """The officer's active roles now (a role removed a minute ago is gone from the page)."""
    async with engine.connect() as conn:
        return await SqlOfficerQueries(conn).officer_roles(who.channel, who.officer)


async def audit_web(
    engine: AsyncEngine,
    officer: str,
    village_code: str | None,
    action: str,
    subject: str,
    detail: dict[str, object] | None = None,
) -> None:
    """Record a page view or a download by an officer, for the village it showed."""
    async with engine.begin() as conn:
        await write_audit(
            conn, actor_type="officer", actor_id=officer,
            village_id=village_id_of(village_code) if village_code else None,
            action=action, subject=("web", subject), detail=detail,
        )  # fmt: skip
