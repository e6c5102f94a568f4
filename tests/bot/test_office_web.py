"""The office web page over real HTTP: the real aiohttp app on a migrated SQLite file.

Signing in with a ``/web`` link (once, in time), the dashboard, a view with filters and
pages, downloads, the schema page and the language switch; and every refusal: no session,
another village (403 naming nothing of it), a view the role may not read, a used, expired
or unknown link. Every page and download lands in the audit log.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.office_web import OfficeSite, add_office_routes
from bot.settings import Settings
from flows.engine.i18n import load_catalogs
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import AuditEntry
from tests.support.office import KENANGA, KURIPAN, issue_link, seed_office

NOW = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'office.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    await seed_office(engine, NOW)
    yield engine
    await engine.dispose()


def _client(
    db: AsyncEngine, *, url: str = "http://127.0.0.1:8080"
) -> TestClient[web.Request, web.Application]:
    settings = Settings.from_mapping({"OFFICE_WEB": "1", "OFFICE_WEB_URL": url})
    numbers = count(1)
    site = OfficeSite(
        db, settings, load_catalogs(), clock=lambda: NOW,
        new_secret=lambda: f"session-{next(numbers)}",
    )  # fmt: skip
    app = web.Application()
    add_office_routes(app, site)
    return TestClient(TestServer(app))


@pytest.fixture
async def client(db: AsyncEngine) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async with _client(db) as test_client:
        yield test_client


async def _sign_in(
    client: TestClient[web.Request, web.Application], db: AsyncEngine, account: str
) -> None:
    await issue_link(db, account, f"token-{account}", NOW + timedelta(minutes=15))
    response = await client.get(f"/office/login?token=token-{account}", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/office/"


async def _audit(db: AsyncEngine) -> list[tuple[str, str, str]]:
    async with db.connect() as conn:
        rows = await conn.execute(
            select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.subject_id)
        )
        return [tuple(r) for r in rows.all()]


async def test_a_link_signs_in_once_with_a_safe_cookie_and_shows_the_dashboard(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await issue_link(db, "701", "good", NOW + timedelta(minutes=15))
    response = await client.get("/office/login?token=good", allow_redirects=False)
    assert response.status == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/office" in cookie
    assert "Secure" not in cookie  # http://127.0.0.1 in this test
    home = await client.get("/office/", allow_redirects=False)
    assert home.status == 303 and home.headers["Location"] == f"/office/v/{KENANGA}/"
    page = await client.get(f"/office/v/{KENANGA}/")
    html = await page.text()
    assert page.status == 200 and "Desa Contoh 1" in html and "<svg" in html
    assert "Warga terdaftar" in html or "warga terdaftar" in html  # Indonesian by default
    assert "Desa Contoh 2" not in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    again = await client.get("/office/login?token=good", allow_redirects=False)
    assert again.status == 403 and "/web" in await again.text()
    assert ("701", "web.viewed", "dashboard") in await _audit(db)


async def test_https_office_urls_mark_the_cookie_secure(db: AsyncEngine) -> None:
    async with _client(db, url="https://desa.example.org") as client:
        await issue_link(db, "701", "secure", NOW + timedelta(minutes=15))
        response = await client.get("/office/login?token=secure", allow_redirects=False)
        assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("token", ["expired", "unknown", "", "x" * 500])
async def test_an_expired_unknown_or_broken_link_is_refused_kindly(
    client: TestClient[web.Request, web.Application], db: AsyncEngine, token: str
) -> None:
    await issue_link(db, "701", "expired", NOW - timedelta(seconds=1))
    response = await client.get(f"/office/login?token={token}", allow_redirects=False)
    assert response.status == 403
    assert "Set-Cookie" not in response.headers
    assert (await client.get(f"/office/v/{KENANGA}/")).status == 401


async def test_without_a_session_nothing_is_shown(
    client: TestClient[web.Request, web.Application],
) -> None:
    for path in ("/office/", f"/office/v/{KENANGA}/", f"/office/v/{KENANGA}/residents",
                 f"/office/v/{KENANGA}/residents/download.csv", "/office/schema"):  # fmt: skip
        response = await client.get(path, allow_redirects=False)
        text = await response.text()
        assert response.status == 401 and "Desa Contoh" not in text


async def test_another_villages_pages_are_refused_and_name_nothing_of_it(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "801")  # desk officer of Kuripan only
    for path in (
        f"/office/v/{KENANGA}/",
        f"/office/v/{KENANGA}/open-complaints",
        f"/office/v/{KENANGA}/residents/download.xlsx",
        "/office/v/9999999999/",
    ):
        response = await client.get(path)
        text = await response.text()
        assert response.status == 403, path
        assert "Desa Contoh 1" not in text and KENANGA not in text.replace(path, "")
    assert not [a for a in await _audit(db) if a[1] in {"web.viewed", "web.downloaded"}]


async def test_a_parenting_facilitator_sees_no_complaint_data(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "703")
    page = await client.get(f"/office/v/{KENANGA}/")
    html = await page.text()
    assert page.status == 200 and "open-complaints" not in html and "Pengaduan" not in html
    for path in ("open-complaints", "complaints-per-month", "open-complaints/download.csv"):
        response = await client.get(f"/office/v/{KENANGA}/{path}")
        assert response.status == 403, path


async def test_a_view_filters_pages_and_ignores_mistyped_input(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "701")
    whole = await (await client.get(f"/office/v/{KENANGA}/topic-views")).text()
    assert "Halaman 1" in whole and "page=2" in whole  # more than 50 rows: a next page
    second = await (await client.get(f"/office/v/{KENANGA}/topic-views?page=2")).text()
    assert "Halaman 2" in second
    one_topic = await (await client.get(f"/office/v/{KENANGA}/topic-views?topic_id=taiwan")).text()
    assert "taiwan" in one_topic and "hong-kong</td>" not in one_topic
    day = (NOW - timedelta(days=1)).date().isoformat()
    dated = await (await client.get(f"/office/v/{KENANGA}/topic-views?from={day}&to={day}")).text()
    assert dated.count("<tr>") - 1 == 4  # 4 of the 6 topics were read that day
    words = await (await client.get(f"/office/v/{KENANGA}/topic-views?q=KONG")).text()
    assert "hong-kong" in words and "taiwan</td>" not in words
    odd = await client.get(
        f"/office/v/{KENANGA}/topic-views?page=abc&from=31-02-2026&q=%25'%3B--&status=x"
    )
    assert odd.status == 200
    assert (await client.get(f"/office/v/{KENANGA}/no-such-view")).status == 404


async def test_downloads_are_real_files_and_audited(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "701")
    response = await client.get(f"/office/v/{KENANGA}/residents/download.csv")
    assert response.status == 200
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig"))))
    assert table[0][:2] == ["Kode desa", "Nama desa"] and table[1][0] == KENANGA
    xlsx = await client.get(f"/office/v/{KENANGA}/topic-views/download.xlsx")
    sheet = load_workbook(io.BytesIO(await xlsx.read())).active
    assert sheet is not None and sheet.max_row > 50
    assert (await client.get(f"/office/v/{KENANGA}/residents/download.pdf")).status == 404
    audit = await _audit(db)
    assert ("701", "web.downloaded", "residents") in audit
    assert ("701", "web.downloaded", "topic-views") in audit


async def test_schema_language_switch_and_sign_out(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "901")  # serves both villages: a chooser first
    chooser = await (await client.get("/office/")).text()
    assert "Desa Contoh 1" in chooser and "Desa Contoh 2" in chooser
    schema = await (await client.get("/office/schema")).text()
    assert "<table>" in schema and 'href="#t-web_sessions"' in schema
    assert 'id="t-web_sessions"' in schema
    switched = await client.get(f"/office/lang/en?next=/office/v/{KURIPAN}/", allow_redirects=False)
    assert switched.headers["Location"] == f"/office/v/{KURIPAN}/"
    english = await (await client.get(f"/office/v/{KURIPAN}/")).text()
    assert "registered residents" in english
    away = await client.get("/office/lang/en?next=https://evil.example/", allow_redirects=False)
    assert away.headers["Location"] == "/office/"
    await client.post("/office/logout")
    assert (await client.get(f"/office/v/{KURIPAN}/")).status == 401


def test_charts_are_inline_svg_with_escaped_labels_and_honest_axes() -> None:
    from bot.office_web.charts import bar_chart

    assert bar_chart([], "nothing") == ""
    svg = str(bar_chart([("<script>", 3), ("b", 5)], "A & B"))
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &amp; B" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert ">5</text>" in svg and ">2</text>" not in svg  # no tick at 2.5 rounded down


def test_row_charts_put_long_labels_beside_their_bars() -> None:
    from bot.office_web.charts import row_chart

    assert row_chart([], "nothing") == ""
    svg = str(row_chart([("Keluarga pekerja di luar negeri", 31), ("Belum diisi", 0)], "t"))
    assert "Keluarga pekerja di luar negeri" in svg and ">31</text>" in svg


async def test_the_monthly_report_page_shows_each_section_with_a_chart_and_downloads(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "702")  # village staff: counts, no names
    dashboard = await (await client.get(f"/office/v/{KENANGA}/")).text()
    assert f"/office/report/{KENANGA}" in dashboard
    page = await client.get(f"/office/report/{KENANGA}?month=2026-10")
    html = await page.text()
    assert page.status == 200 and "Laporan bulanan" in html and "2026-10" in html
    assert "Pekerja migran menurut negara" in html and html.count("<svg") >= 5
    assert "Desa Contoh 2" not in html  # one village's report only
    file = await client.get(f"/office/report/{KENANGA}/download.xlsx?month=2026-10")
    workbook = load_workbook(io.BytesIO(await file.read()), read_only=True)
    assert file.status == 200 and len(workbook.sheetnames) > 5
    assert ("702", "web.downloaded", f"monthly-report/{KENANGA}/2026-10") in await _audit(db)


async def test_only_a_district_admin_reads_the_kabupaten_report(
    client: TestClient[web.Request, web.Application], db: AsyncEngine
) -> None:
    await _sign_in(client, db, "701")  # coordinator of one village, not of the kabupaten
    refused = await client.get(f"/office/report/{KENANGA[:4]}")
    assert refused.status == 403 and "Desa Contoh" not in await refused.text()
    assert (await client.get(f"/office/report/{KURIPAN}")).status == 403  # not their village
    assert (await client.get(f"/office/report/{KENANGA}/download.pdf")).status == 404
    client.session.cookie_jar.clear()
    await _sign_in(client, db, "601")
    home = await (await client.get("/office/")).text()
    assert f"/office/report/{KENANGA[:4]}" in home
    page = await client.get(f"/office/report/{KENANGA[:4]}?month=2026-10")
    html = await page.text()
    assert page.status == 200 and "Desa Contoh 1" in html and "Desa Contoh 2" in html
    assert "Seluruh kabupaten" in html  # the total rows
