"""End to end: an officer taps through the menu and receives the village's data as a file.

The installed ``desmigratif run`` against the fake Bot API: residents register in two
villages; a desk officer of Kenanga asks for the resident list as CSV and the residents'
count as Excel from the officer menu, is told at once that the file is being prepared, and
receives each as a document uploaded to Telegram whose bytes are a valid CSV or XLSX holding
only Kenanga's rows. The coordinator of the other village gets nothing of it.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi, Upload

pytestmark = pytest.mark.e2e

KENANGA, KURIPAN = "3301012001", "3301012002"
DESK, OTHER = 9001, 9002
KENANGA_PEOPLE = {9101: "Ani", 9102: "Budi"}
KURIPAN_PEOPLE = {9201: "Citra"}


def _db(bot: BotProcess, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.workdir / "bot.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


async def _say(api: FakeBotApi, chat: int, text: str, expect: str, name: str = "Petugas") -> None:
    seen = len(api.sent_messages(chat))
    api.push_text(chat, text, first_name=name)
    for _ in range(400):
        if any(expect in str(m.get("text", "")) for m in api.sent_messages(chat)[seen:]):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no reply with {expect!r} to {text!r}: {api.sent_messages(chat)[-1:]}")


async def _document(api: FakeBotApi, chat: int, seen: int) -> tuple[Upload, str]:
    """The next document sent to ``chat`` (the export job runs every few seconds)."""
    for _ in range(600):
        for message in api.sent_messages(chat)[seen:]:
            if isinstance(message.get("document"), Upload):
                return message["document"], str(message.get("caption", ""))
        await asyncio.sleep(0.1)
    raise AssertionError(f"no document reached {chat}")


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path)
    for code, name in ((KENANGA, "Desa Kenanga"), (KURIPAN, "Desa Kuripan")):
        assert process.cli("village", "add", "--code", code, "--name", name).returncode == 0
    officers = ((DESK, KENANGA, "desk_officer"), (OTHER, KURIPAN, "coordinator"))
    for account, village, role in officers:
        added = process.cli(
            "officer", "add", "--telegram-id", str(account), "--village", village, "--role", role
        )
        assert added.returncode == 0, added.stderr
    await process.start()
    yield process
    await process.stop()


async def test_an_officer_receives_the_village_data_as_a_document(
    api: FakeBotApi, bot: BotProcess
) -> None:
    for people, village in ((KENANGA_PEOPLE, KENANGA), (KURIPAN_PEOPLE, KURIPAN)):
        for chat, name in people.items():
            await _say(api, chat, f"/start {village}", "mana yang paling sesuai", name)
            await _say(api, chat, "Lewati", "Menu utama", name)

    await _say(api, DESK, "/petugas", "Menu petugas")
    await _say(api, DESK, "📊 Data desa (ekspor)", "Data desa Desa Kenanga")
    resident_list = "👤 Daftar warga (nama: data pribadi)"
    for _ in range(5):  # page on until the resident list shows (the list grows with the views)
        keyboard = api.sent_messages(DESK)[-1].get("reply_markup", {}).get("keyboard", [])
        if any(b["text"] == resident_list for row in keyboard for b in row):
            break
        await _say(api, DESK, "Lainnya ›", "Data desa Desa Kenanga")
    await _say(api, DESK, resident_list, "sebagai CSV")
    await _say(api, DESK, "CSV (semua aplikasi tabel)", "data pribadi")
    seen = len(api.sent_messages(DESK))
    await _say(api, DESK, "✅ Ekspor", "File Anda sedang disiapkan")

    upload, caption = await _document(api, DESK, seen)
    assert upload.filename is not None and upload.filename.startswith(f"resident-list-{KENANGA}")
    assert upload.filename.endswith(".csv") and "data pribadi" in caption
    table = list(csv.reader(io.StringIO(upload.data.decode("utf-8-sig"))))
    assert table[0][:3] == ["Kode desa", "Nomor warga", "Nama depan"]
    assert {row[0] for row in table[1:]} == {KENANGA}
    names = {row[2] for row in table[1:]}
    assert {"Ani", "Budi"} <= names and "Citra" not in names

    await _say(api, DESK, "/petugas", "Menu petugas")
    await _say(api, DESK, "📊 Data desa (ekspor)", "Data desa Desa Kenanga")
    await _say(api, DESK, "Jumlah warga terdaftar", "sebagai CSV")
    await _say(api, DESK, "Excel (.xlsx)", "Excel")
    seen = len(api.sent_messages(DESK))
    await _say(api, DESK, "✅ Ekspor", "File Anda sedang disiapkan")
    upload, _ = await _document(api, DESK, seen)
    assert upload.filename is not None and upload.filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(upload.data)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Kode desa", "Nama desa", "Warga terdaftar"]
    assert [r[:2] for r in rows[1:]] == [[KENANGA, "Desa Kenanga"]]
    assert rows[1][2] == 2  # Ani and Budi

    assert not any("document" in m for m in api.sent_messages(OTHER))
    requests = _db(bot, "SELECT requested_by, what, format, status, rows FROM export_requests")
    assert [r[:4] for r in requests] == [
        (str(DESK), "resident-list", "csv", "done"), (str(DESK), "residents", "xlsx", "done")
    ]  # fmt: skip
    audited = _db(bot, "SELECT actor_id, action FROM audit_log WHERE action = 'export'")
    assert audited == [(str(DESK), "export"), (str(DESK), "export")]
