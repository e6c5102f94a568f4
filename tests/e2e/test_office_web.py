"""End to end in a real browser: an officer signs in to the office web page from ``/web``.

The installed ``desmigratif run`` (polling, OFFICE_WEB=1) against the fake Bot API, with a
fake district's data; headless Chromium (Debian's ``/usr/bin/chromium``) driven by
Playwright. The officer sends ``/web``, opens the link, reads the dashboard, filters a view,
downloads an export; the used link and an expired one are refused; an officer of the other
village sees nothing of this one. ``WRITE_SCREENSHOTS=1`` saves the pictures in
``docs/screenshots/`` (the README shows them).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi
from tests.support.webhook_fleet import free_port

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
KENANGA, KURIPAN = "3301012001", "3301012002"
COORDINATOR, OTHER = 7701, 7801
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
_TOPICS = ("biaya", "dokumen", "agen-resmi", "taiwan", "hong-kong", "bpjs")


def _db(bot: BotProcess, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    port = free_port()
    process = BotProcess(
        api, tmp_path, OFFICE_WEB="1", PORT=str(port), OFFICE_WEB_URL=f"http://127.0.0.1:{port}"
    )
    seeded = process.cli("seed-demo", "--villages", "2", "--residents", "300")
    assert seeded.returncode == 0, seeded.stderr
    for account, village, role in ((COORDINATOR, KENANGA, "coordinator"),
                                   (OTHER, KURIPAN, "desk_officer")):  # fmt: skip
        added = process.cli("officer", "add", "--telegram-id", str(account), "--village",
                            village, "--role", role)  # fmt: skip
        assert added.returncode == 0, added.stderr
    ids: dict[object, object] = dict(_db(process, "SELECT code, id FROM villages"))  # type: ignore[arg-type]
    today = datetime.now(UTC).date()
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        conn.executemany(
            "INSERT INTO topic_views (village_id, topic_id, day, views) VALUES (?, ?, ?, ?)",
            [(ids[code], topic, (today - timedelta(days=d)).isoformat(),
              (d * 7 + n * 3) % 11 + (6 if code == KENANGA else 1))
             for code in (KENANGA, KURIPAN) for d in range(30) for n, topic in enumerate(_TOPICS)
             if (d + n) % 3],
        )  # fmt: skip
    await process.start()
    yield process
    assert await process.stop() == 0


async def _link(api: FakeBotApi, chat: int) -> str:
    seen = len(api.sent_messages(chat))
    api.push_text(chat, "/web")
    for _ in range(200):
        for message in api.sent_messages(chat)[seen:]:
            found = re.search(r"http://\S+/office/login\?token=\S+", str(message.get("text", "")))
            if found:
                return found.group(0)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no sign-in link; sent: {api.sent_messages(chat)[seen:]}")


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
)
async def test_an_officer_reads_filters_and_downloads_and_nobody_else_sees_it(
    api: FakeBotApi, bot: BotProcess, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    link = await _link(api, COORDINATOR)
    base = link.split("/office/")[0]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM))
        try:
            officer = await browser.new_context(
                viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="id-ID"
            )
            officer.set_default_timeout(8000)
            page = await officer.new_page()
            await page.goto(link)
            assert page.url == f"{base}/office/v/{KENANGA}/"
            await page.wait_for_selector("svg.chart")
            body = await page.inner_text("body")
            assert "Desa Contoh 1" in body and "warga terdaftar" in body
            assert "Desa Contoh 2" not in body
            await page.screenshot(path=str(tmp_path / "office-dashboard.png"), full_page=True)

            await page.click(f"a[href='/office/v/{KENANGA}/topic-views']")
            await page.select_option("select[name=topic_id]", "taiwan")
            await page.click("button:has-text('Saring')")
            await page.wait_for_url(re.compile(r"topic_id=taiwan"))
            cells = await page.locator("td[data-label='Topik']").all_inner_texts()
            assert cells and set(cells) == {"taiwan"}
            await page.screenshot(path=str(tmp_path / "office-view.png"), full_page=False)

            async with page.expect_download() as waiting:
                await page.click("text=Excel (.xlsx)")
            download = await waiting.value
            saved = tmp_path / "export.xlsx"
            await download.save_as(saved)
            sheet = load_workbook(saved).active
            assert sheet is not None and [c.value for c in sheet[1]][:3] == [
                "Kode desa", "Nama desa", "Topik"
            ]  # fmt: skip
            assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {KENANGA}

            await page.click("text=Tentang data")
            assert "web_sessions" in await page.inner_text("article.schema")
            await page.screenshot(path=str(tmp_path / "office-schema.png"), full_page=False)

            await page.goto(f"{base}/office/v/{KENANGA}/")
            await page.click("text=Laporan bulanan")
            await page.wait_for_selector("svg.chart")
            report = await page.inner_text("body")
            assert "Pendataan keluarga migran" in report and "Desa Contoh 2" not in report
            await page.screenshot(path=str(tmp_path / "office-report.png"), full_page=False)

            phone = await browser.new_context(viewport={"width": 390, "height": 844},
                                              device_scale_factor=2, locale="id-ID")  # fmt: skip
            phone_page = await phone.new_page()
            used = await phone_page.goto(link)  # the same link again: already used
            assert used is not None and used.status == 403
            assert "tidak bisa dipakai" in await phone_page.inner_text("body")
            expired = await _link(api, COORDINATOR)
            token = expired.split("token=")[1]
            import hashlib

            _db(bot, "UPDATE web_sign_in_tokens SET expires_at = '2000-01-01 00:00:00.000000' "
                "WHERE token_hash = ?", hashlib.sha256(token.encode()).hexdigest())  # fmt: skip
            late = await phone_page.goto(expired)
            assert late is not None and late.status == 403
            fresh = await _link(api, COORDINATOR)
            await phone_page.goto(fresh)
            await phone_page.wait_for_selector("svg.chart")
            await phone_page.screenshot(path=str(tmp_path / "office-dashboard-phone.png"))

            other = await browser.new_context()
            other_page = await other.new_page()
            await other_page.goto(await _link(api, OTHER))
            assert other_page.url == f"{base}/office/v/{KURIPAN}/"
            for path in (f"/office/v/{KENANGA}/", f"/office/v/{KENANGA}/open-complaints",
                         f"/office/v/{KENANGA}/topic-views/download.csv",
                         f"/office/report/{KENANGA}"):  # fmt: skip
                refused = await other_page.goto(base + path)
                assert refused is not None and refused.status == 403
                text = await other_page.inner_text("body")
                assert "Desa Contoh 1" not in text and "taiwan" not in text
        finally:
            await browser.close()
    views = _db(bot, "SELECT actor_id, action, subject_id FROM audit_log "
                "WHERE action IN ('web.viewed', 'web.downloaded')")  # fmt: skip
    assert (str(COORDINATOR), "web.downloaded", "topic-views") in views
    assert all(actor != str(OTHER) or subject != "" for actor, _, subject in views)
    if os.environ.get("WRITE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        for shot in tmp_path.glob("office-*.png"):
            shutil.copy(shot, SHOTS / shot.name)
