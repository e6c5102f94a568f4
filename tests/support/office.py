"""A village office with data, for the office web page's tests and screenshots.

Two villages of a fake kabupaten (``storage.seed``'s demo data: residents, questions,
complaints, job notices, children), topic views over the last weeks, and officers:
a coordinator, village staff and a parenting facilitator of Kenanga (the first village),
a desk officer of Kuripan (the second), one coordinator of both, and the kabupaten's
district admin.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.office import WebSignInIssued, token_hash
from storage.capabilities.information import TopicView
from storage.models import Officer, Village
from storage.office_web import issue_token
from storage.seed import SeedPlan, seed_demo

__all__ = ["KENANGA", "KURIPAN", "OFFICERS", "issue_link", "seed_office"]

KENANGA, KURIPAN = "3301012001", "3301012002"
#: account → (village, role) roles held.
OFFICERS: dict[str, tuple[tuple[str, str], ...]] = {
    "701": ((KENANGA, "coordinator"),),
    "702": ((KENANGA, "village_staff"),),
    "703": ((KENANGA, "parenting_facilitator"),),
    "801": ((KURIPAN, "desk_officer"),),
    "901": ((KENANGA, "coordinator"), (KURIPAN, "coordinator")),
    "601": ((KENANGA[:4], "district_admin"),),  # the kabupaten: every village of it
}
_TOPICS = ("biaya", "dokumen", "agen-resmi", "taiwan", "hong-kong", "bpjs")


async def seed_office(engine: AsyncEngine, now: datetime, *, residents: int = 120) -> None:
    """Fill a migrated database with the two villages, their data and their officers."""
    await seed_demo(engine, SeedPlan(villages=2, residents=residents, now=now))
    async with engine.begin() as conn:
        ids: dict[str, int] = {
            c: i for c, i in (await conn.execute(select(Village.code, Village.id))).all()
        }
        for account, roles in OFFICERS.items():
            for code, role in roles:
                scope = (
                    {"district_code": code, "village_id": None}
                    if role == "district_admin"
                    else {"village_id": ids[code]}
                )
                await conn.execute(insert(Officer).values(
                    channel="telegram", external_id=account, role=role, active=True,
                    created_at=now, **scope))  # fmt: skip
        rows = [
            {"village_id": ids[code], "topic_id": topic, "day": (now - timedelta(days=d)).date(),
             "views": (d * 7 + n * 3) % 11 + (5 if code == KENANGA else 1)}
            for code in (KENANGA, KURIPAN)
            for d in range(0, 40, 1)
            for n, topic in enumerate(_TOPICS)
            if (d + n) % 3
        ]  # fmt: skip
        await conn.execute(insert(TopicView), rows)


async def issue_link(engine: AsyncEngine, account: str, token: str, expires_at: datetime) -> None:
    """Store a sign-in link as ``/web`` does (its token's hash) for an officer's account."""
    effect = WebSignInIssued("telegram", account, token_hash(token), expires_at)
    async with engine.begin() as conn:
        await issue_token(conn, 0, effect)
