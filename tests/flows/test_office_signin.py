"""``/web``: an officer gets a one-time sign-in link to the office web page; nobody else does.

Only the token's hash is stored (with the officer's account and a 15-minute expiry), the
link names the villages the page will show, and residents, officers whose role was withdrawn
and bots without the web page get a kind answer and no link.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.office import token_hash
from storage.admin import AdminStore
from storage.office_web_models import WebSignInToken
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3307010002"
BASE = "https://desa.example.org"


@pytest.fixture
async def villages(sqlite_engine: AsyncEngine) -> AsyncEngine:
    await add_village(sqlite_engine, KENANGA, "Desa Kenanga")
    await add_village(sqlite_engine, KURIPAN, "Desa Kuripan")
    return sqlite_engine


def _chat(engine: AsyncEngine, user_id: str, *, web: bool = True) -> ChatTester:
    runner = make_runner(engine)
    if web:
        runner.web_link = lambda path: f"{BASE}{path}"
    return ChatTester(runner, engine, user_id=user_id)


async def _stored(engine: AsyncEngine) -> list[tuple[str, str, object, object]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(WebSignInToken.token_hash, WebSignInToken.officer_external_id,
                   WebSignInToken.expires_at, WebSignInToken.used_at)
        )  # fmt: skip
        return [tuple(r) for r in rows.all()]


async def test_an_officer_gets_a_one_time_link_and_only_its_hash_is_kept(
    villages: AsyncEngine,
) -> None:
    await AdminStore(villages).add_officer("701", "village_staff", village_code=KENANGA,
                                           actor="test")  # fmt: skip
    chat = _chat(villages, "701")
    await chat.send("/web")
    chat.assert_reply(f"{BASE}/office/login?token=token-1", "15 menit", "Desa Kenanga")
    chat.assert_no_reply_contains("Desa Kuripan")
    assert await _stored(villages) == [
        (token_hash("token-1"), "701", FIXED_NOW + timedelta(minutes=15), None)
    ]
    await chat.send("/web")  # a second link is a new token
    chat.assert_reply("token=token-2")


async def test_residents_and_former_officers_get_no_link(villages: AsyncEngine) -> None:
    resident = _chat(villages, "700")
    await resident.send("/web")
    resident.assert_reply("hanya untuk petugas desa")
    resident.assert_no_reply_contains("token")
    store = AdminStore(villages)
    await store.add_officer("702", "desk_officer", village_code=KURIPAN, actor="test")
    await store.remove_officer("702", village_code=KURIPAN, actor="test")
    former = _chat(villages, "702")
    await former.send("/web")
    former.assert_reply("hanya untuk petugas desa")
    assert await _stored(villages) == []


async def test_without_the_web_page_the_officer_is_told_so(villages: AsyncEngine) -> None:
    await AdminStore(villages).add_officer("703", "coordinator", village_code=KENANGA,
                                           actor="test")  # fmt: skip
    chat = _chat(villages, "703", web=False)
    await chat.send("/web")
    chat.assert_reply("belum diaktifkan")
    chat.assert_no_reply_contains("token")
    assert await _stored(villages) == []
