"""The office's per-resident list (``office_resident_list``) and exports of a whole kabupaten.

On both databases, through the migrations (the view lives there): a kabupaten's export holds
every village of it and none of another; a person appears by first name only (never the
full name, phone or chat id); a kabupaten export is audited with its code.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
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

KENANGA, KURIPAN, FAR = "3212010001", "3212020002", "3213010001"


@pytest.fixture
async def db(empty_url: str) -> AsyncIterator[AsyncEngine]:
    """Three villages in two kabupaten, each with residents (full names, phones in chats)."""
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    for code in (KENANGA, KURIPAN, FAR):
        await add_village(engine, code, f"Desa {code}")
    async with engine.begin() as conn:
        ids = dict((await conn.execute(select(Village.code, Village.id))).tuples().all())
        people = [
            (KENANGA, "Siti Aminah Rahayu", "abroad"),
            (KENANGA, "Budi", None),
            (KURIPAN, "Dewi Lestari", "family"),
            (FAR, "Joko Widodo", "returned"),
        ]
        await conn.execute(insert(Resident), [
            {"channel": "telegram", "external_id": f"62812000{n}", "chat_id": f"62812000{n}",
             "display_name": name, "status": "active", "village_id": ids[code],
             "situation": situation, "locale": "id", "created_at": FIXED_NOW,
             "last_seen_at": FIXED_NOW}
            for n, (code, name, situation) in enumerate(people)
        ])  # fmt: skip
    yield engine
    await engine.dispose()


async def test_a_kabupaten_resident_list_has_first_names_and_no_other_kabupaten(
    db: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "warga.csv"
    rows = await write_export(stream_export(db, "resident-list", regency="3212"), path, "csv")
    with path.open(encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert rows == 3
    assert table[0] == ["Kode desa", "Nomor warga", "Nama depan", "Situasi", "Bahasa",
                        "Terdaftar", "Pesan terakhir"]  # fmt: skip
    assert sorted((r[0], r[2], r[3]) for r in table[1:]) == [
        (KENANGA, "Budi", ""), (KENANGA, "Siti", "abroad"), (KURIPAN, "Dewi", "family"),
    ]  # fmt: skip
    text = path.read_text(encoding="utf-8-sig")
    assert "Aminah" not in text and "Joko" not in text and "628120" not in text


async def test_a_kabupaten_export_as_xlsx_is_typed_and_audited(
    db: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "warga.xlsx"
    rows = await write_export(stream_export(db, "residents", regency="3212"), path, "xlsx")
    assert rows == 2  # one row per village of the kabupaten
    sheet = load_workbook(path).active
    assert sheet is not None and sheet["C2"].value == 2 and isinstance(sheet["C2"].value, int)
    await audit_export(db, actor="wati", what="residents", regency="3212", fmt="xlsx", rows=rows)
    async with db.connect() as conn:
        entry = (await conn.execute(select(AuditEntry.__table__))).one()
    assert entry.action == "export" and entry.village_id is None
    assert entry.detail == {"format": "xlsx", "rows": 2, "kabupaten": "3212"}


async def test_an_unknown_or_malformed_kabupaten_is_refused(db: AsyncEngine) -> None:
    for regency, message in (("9999", "no kabupaten with code 9999"), ("32", "4-digit")):
        with pytest.raises(ExportError, match=message):
            async for _ in stream_export(db, "resident-list", regency=regency):
                pass
    with pytest.raises(ExportError, match="either"):
        async for _ in stream_export(db, "resident-list", KENANGA, regency="3212"):
            pass
