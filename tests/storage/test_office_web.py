"""Sign-in tokens and sessions of the office web page, on SQLite and PostgreSQL.

A link works once and only until it expires; a used, expired or unknown one starts no session;
two browsers racing with one link get one session between them. Sessions end when idle, and
at sign-out.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.office import WebSignInIssued, token_hash
from storage.models import AuditEntry
from storage.office_web import (
    SESSION_IDLE,
    end_session,
    issue_token,
    open_session,
    redeem_token,
    set_locale,
)
from storage.office_web_models import WebSession, WebSignInToken
from tests.support.chat import FIXED_NOW

NOW = FIXED_NOW


async def _issue(engine: AsyncEngine, token: str, *, minutes: int = 15) -> None:
    effect = WebSignInIssued("telegram", "501", token_hash(token), NOW + timedelta(minutes=minutes))
    async with engine.begin() as conn:
        await issue_token(conn, 0, effect)


async def test_only_the_hash_of_a_link_is_stored_and_it_signs_in_once(engine: AsyncEngine) -> None:
    await _issue(engine, "secret-token")
    async with engine.connect() as conn:
        stored = (await conn.execute(select(WebSignInToken.token_hash))).scalars().all()
    assert stored == [token_hash("secret-token")] and "secret-token" not in stored[0]
    first = await redeem_token(engine, token_hash("secret-token"), "s1", NOW, "id")
    assert first is not None and first.officer == "501" and first.channel == "telegram"
    again = await redeem_token(engine, token_hash("secret-token"), "s2", NOW, "id")
    assert again is None
    assert await open_session(engine, "s2", NOW) is None
    assert await open_session(engine, "s1", NOW) is not None


async def test_an_expired_or_unknown_link_starts_no_session(engine: AsyncEngine) -> None:
    await _issue(engine, "old", minutes=15)
    late = NOW + timedelta(minutes=15, seconds=1)
    assert await redeem_token(engine, token_hash("old"), "s1", late, "id") is None
    assert await redeem_token(engine, token_hash("never-sent"), "s2", NOW, "id") is None
    async with engine.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(WebSession))).scalar_one()
    assert count == 0


async def test_two_browsers_racing_with_one_link_get_one_session(engine: AsyncEngine) -> None:
    await _issue(engine, "raced")
    results = await asyncio.gather(
        *(redeem_token(engine, token_hash("raced"), f"s{n}", NOW, "id") for n in range(4)),
        return_exceptions=True,
    )
    won = [r for r in results if r is not None and not isinstance(r, BaseException)]
    assert len(won) == 1
    async with engine.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(WebSession))).scalar_one()
    assert count == 1


async def test_a_session_ends_when_idle_and_at_sign_out(engine: AsyncEngine) -> None:
    await _issue(engine, "a")
    await redeem_token(engine, token_hash("a"), "s1", NOW, "id")
    later = NOW + SESSION_IDLE - timedelta(minutes=1)
    assert await open_session(engine, "s1", later) is not None  # use restarts the idle time
    assert await open_session(engine, "s1", later + SESSION_IDLE - timedelta(minutes=1))
    assert await open_session(engine, "s1", later + 2 * SESSION_IDLE) is None
    await _issue(engine, "b")
    await redeem_token(engine, token_hash("b"), "s2", NOW, "id")
    await set_locale(engine, "s2", "en")
    signed = await open_session(engine, "s2", NOW)
    assert signed is not None and signed.locale == "en"
    await end_session(engine, "s2", "501")
    assert await open_session(engine, "s2", NOW) is None
    async with engine.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.action))).scalars().all()
    assert {"web.link_sent", "web.signed_in", "web.signed_out"} <= set(actions)
