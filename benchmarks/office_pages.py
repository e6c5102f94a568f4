"""Server time of the office web pages on a seeded district, for ``benchmarks/office.py``.

The real aiohttp application (``bot.office_web``) on the benchmark's database, signed in the
way ``/web`` does it (a coordinator of the first village and the kabupaten's district admin);
a middleware times each handler, so the figure is the server's own time, not the client's.
Each page (the dashboard, every view's first page, a filtered view, the monthly reports of
the village and the kabupaten) is read ``rounds`` times; the p95 of each is returned.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.office_web import OfficeSite, add_office_routes
from bot.settings import Settings
from flows.engine.i18n import load_catalogs
from flows.office import WebSignInIssued, token_hash
from storage.exports import EXPORTS
from storage.models import Officer, Village
from storage.office_web import issue_token

__all__ = ["measure_pages"]

_COORDINATOR, _DISTRICT = "bench-coordinator", "bench-district"


async def _officers(engine: AsyncEngine, village: str, now: datetime) -> None:
    async with engine.begin() as conn:
        village_id = (
            await conn.execute(select(Village.id).where(Village.code == village))
        ).scalar_one()
        await conn.execute(insert(Officer).values(
            channel="telegram", external_id=_COORDINATOR, village_id=village_id,
            role="coordinator", active=True, created_at=now))  # fmt: skip
        await conn.execute(insert(Officer).values(
            channel="telegram", external_id=_DISTRICT, district_code=village[:4],
            role="district_admin", active=True, created_at=now))  # fmt: skip
        for account in (_COORDINATOR, _DISTRICT):
            effect = WebSignInIssued(
                "telegram", account, token_hash(f"t-{account}"), now + timedelta(minutes=15)
            )
            await issue_token(conn, 0, effect)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


async def measure_pages(
    engine: AsyncEngine, village: str, month: str, rounds: int = 20
) -> dict[str, float]:
    """Each page's server time p95 in milliseconds (``rounds`` reads each)."""
    now = datetime.now(UTC)
    await _officers(engine, village, now)
    timings: list[float] = []

    @web.middleware
    async def timed(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        start = time.perf_counter()
        try:
            return await handler(request)
        finally:
            timings.append((time.perf_counter() - start) * 1000)

    site = OfficeSite(engine, Settings.from_mapping({"OFFICE_WEB": "1"}), load_catalogs())
    app = web.Application(middlewares=[timed])
    add_office_routes(app, site)
    pages = {"dashboard": f"/office/v/{village}/"}
    pages |= {f"view {what}": f"/office/v/{village}/{what}" for what in EXPORTS}
    pages["view residents filtered"] = f"/office/v/{village}/resident-list?q=Siti&situation=abroad"
    pages["report village"] = f"/office/report/{village}?month={month}"
    results: dict[str, float] = {}
    async with TestClient(TestServer(app)) as client:
        signed = await client.get(f"/office/login?token=t-{_COORDINATOR}", allow_redirects=False)
        assert signed.status == 303, await signed.text()
        for name, path in pages.items():
            timings.clear()
            for _ in range(rounds):
                response = await client.get(path)
                assert response.status == 200, (path, response.status)
                await response.read()
            results[name] = _p95(timings)
        client.session.cookie_jar.clear()
        signed = await client.get(f"/office/login?token=t-{_DISTRICT}", allow_redirects=False)
        assert signed.status == 303
        timings.clear()
        for _ in range(max(3, rounds // 4)):
            response = await client.get(f"/office/report/{village[:4]}?month={month}")
            assert response.status == 200
            await response.read()
        results["report kabupaten"] = _p95(timings)
    return results
