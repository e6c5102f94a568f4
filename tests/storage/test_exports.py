"""Exports for the office: one village's view rows as CSV or XLSX, typed, audited, no names.

Runs on SQLite and PostgreSQL; the files are read back with the csv module and openpyxl, as a
spreadsheet would open them.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.export_files import write_export
from storage.db import create_engine
from storage.exports import ExportError, audit_export, stream_export
from storage.migrate import upgrade
from storage.models import AuditEntry, Resident, Village
from tests.support.chat import FIXED_NOW, add_village

KENANGA, KURIPAN = "3212010001", "3212020002"


@pytest.fixture
async def db(empty_url: str) -> AsyncIterator[AsyncEngine]:
    """A database built by the migrations (the office views live there)."""
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    async with engine.begin() as conn:
        ids = dict((await conn.execute(select(Village.code, Village.id))).all())
        rows = [
            {"channel": "telegram", "external_id": str(n), "chat_id": str(n),
             "display_name": f"Warga Rahasia {n}", "status": "active",
             "village_id": ids[KENANGA if n < 3 else KURIPAN],
             "created_at": FIXED_NOW, "last_seen_at": FIXED_NOW}
            for n in range(5)
        ]  # fmt: skip
        await conn.execute(insert(Resident), rows)
    yield engine
    await engine.dispose()


async def test_a_csv_export_has_indonesian_headers_and_only_that_village(
    db: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "warga.csv"
    rows = await write_export(stream_export(db, "residents", KENANGA), path, "csv")
    with path.open(encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert rows == 1
    assert table[0][:3] == ["Kode desa", "Nama desa", "Warga terdaftar"]
    assert table[1][:3] == [KENANGA, "Desa Kenanga", "3"]
    assert "Warga Rahasia" not in path.read_text(encoding="utf-8-sig")


async def test_an_xlsx_export_has_real_types_and_a_frozen_header(
    db: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "warga.xlsx"
    await write_export(stream_export(db, "residents", KURIPAN), path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Kode desa", "Nama desa", "Warga terdaftar"]
    values = [c.value for c in sheet[2]]
    assert values[2] == 2 and isinstance(values[2], int)
    last_message = values[header.index("Pesan terakhir")]
    assert isinstance(last_message, datetime) and last_message.date() == FIXED_NOW.date()


async def test_an_empty_export_still_has_its_header_and_unknown_input_is_refused(
    db: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "laporan.csv"
    assert await write_export(stream_export(db, "open-complaints", KENANGA), path, "csv") == 0
    assert path.read_text(encoding="utf-8-sig").startswith("Kode desa,Nama desa,Nomor laporan")
    with pytest.raises(ExportError):
        await write_export(stream_export(db, "residents", "9999999999"), path, "csv")
    with pytest.raises(ExportError):
        await write_export(stream_export(db, "names; DROP TABLE residents", KENANGA), path, "csv")


async def test_every_export_is_audited(db: AsyncEngine) -> None:
    await audit_export(db, actor="ibu.kades", what="residents", village_code=KENANGA,
                       fmt="xlsx", rows=1)  # fmt: skip
    async with db.connect() as conn:
        entry = (await conn.execute(select(AuditEntry))).one()
    assert (entry.actor_type, entry.actor_id, entry.action) == ("admin", "ibu.kades", "export")
    assert entry.detail == {"format": "xlsx", "rows": 1}
