"""Importing the registry from a spreadsheet, on SQLite and PostgreSQL: all rows or none.

The published template imports as it is; a file with any bad row reports each with its row
number and reason and writes nothing; importing the same file again updates the households
it names (records replaced), so nothing is doubled; the import is audited.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.import_files import read_sheet, write_template
from storage.household_import import import_households, parse_rows
from storage.household_models import (
    Household,
    HouseholdBusiness,
    HouseholdMemberAbroad,
    HouseholdTraining,
)
from storage.models import AuditEntry
from tests.support.chat import add_village

KENANGA = "3212010001"
TEMPLATE = Path(__file__).parents[2] / "docs" / "templates"


async def _count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(model))).scalar_one())


def _rows(path: Path) -> tuple[list[object], list[list[object]]]:
    header, rows = read_sheet(path)
    return header, [list(r) for r in rows]


async def test_the_published_template_imports_and_reimporting_changes_nothing(
    engine: AsyncEngine,
) -> None:
    await add_village(engine, KENANGA, "Desa Kenanga")
    for name in ("households.xlsx", "households.csv"):  # the same example, twice
        header, rows = _rows(TEMPLATE / name)
        parsed, errors = parse_rows(header, rows)
        assert errors == []
        report = await import_households(engine, KENANGA, parsed, actor="wati")
        assert report.records == {"abroad": 1, "returned": 1, "business": 1, "training": 1}
    assert (report.created, report.updated) == (0, 1)  # the second file updated the first
    assert await _count(engine, Household) == 1
    assert await _count(engine, HouseholdMemberAbroad) == 1
    async with engine.connect() as conn:
        since = (await conn.execute(select(HouseholdMemberAbroad.since))).scalar_one()
        sector = (await conn.execute(select(HouseholdBusiness.sector))).scalar_one()
        held = (await conn.execute(select(HouseholdTraining.held_on))).scalar_one()
        audit = (await conn.execute(select(AuditEntry.actor_id, AuditEntry.action))).all()
    assert since == date(2023, 3, 1) and sector == "retail" and held == date(2025, 8, 12)
    assert [tuple(a) for a in audit] == [("wati", "import"), ("wati", "import")]


async def test_bad_rows_are_each_reported_and_nothing_is_imported(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    await add_village(engine, KENANGA, "Desa Kenanga")
    header, rows = _rows(TEMPLATE / "households.csv")
    h = {name: i for i, name in enumerate(header)}

    def row(**cells: object) -> list[object]:
        line: list[object] = [""] * len(header)
        for name, value in cells.items():
            line[h[name.replace("_", " ")]] = value
        return line

    bad = [
        *rows,
        row(**{"Jenis data": "rumah tangga", "Kunci keluarga": "KEL-002", "RT": "tiga"}),
        row(**{"Jenis data": "pmi", "Kunci keluarga": "KEL-001", "Nama": "Ani",
               "Negara": "Taiwan", "Sektor": "astronot"}),
        row(**{"Jenis data": "purna", "Kunci keluarga": "KEL-001", "Nama": "Eko",
               "Negara": "Jepang", "Tanggal": "31-02-2024"}),
        row(**{"Jenis data": "usaha", "Kunci keluarga": "KEL-999", "Nama": "Toko",
               "Sektor": "warung", "Status usaha": "berjalan"}),
    ]  # fmt: skip
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *bad])  # Indonesian Excel's CSV
    _, errors = parse_rows(*_rows(path))
    assert [(e.row, e.reason) for e in errors] == [
        (7, "missing household head"),
        (8, "Sektor: unknown sector ('astronot')"),
        (9, "Tanggal: bad date ('31-02-2024')"),
        (10, "unknown household key 'KEL-999' (no household row)"),
    ]
    rt_only = row(**{"Jenis data": "rumah tangga", "Kunci keluarga": "K3",
                     "Nama kepala keluarga": "Sri", "RT": "tiga"})  # fmt: skip
    _, errors = parse_rows(header, [rt_only])
    assert [(e.row, e.reason) for e in errors] == [(2, "RT: not a number ('tiga')")]
    _, errors = parse_rows(["Jenis data", "Nomor HP"], [])
    assert [e.reason for e in errors] == ["unknown column 'Nomor HP'",
                                          "missing column 'Kunci keluarga'"]  # fmt: skip
    assert await _count(engine, Household) == 0  # the command stops before writing


async def test_a_dry_run_counts_but_writes_nothing(engine: AsyncEngine, tmp_path: Path) -> None:
    await add_village(engine, KENANGA, "Desa Kenanga")
    path = tmp_path / "keluarga.xlsx"
    write_template(path)
    parsed, _ = parse_rows(*_rows(path))
    report = await import_households(engine, KENANGA, parsed, actor="wati", dry_run=True)
    assert report.created == 1 and report.records["abroad"] == 1
    assert await _count(engine, Household) == 0
    assert await _count(engine, AuditEntry) == 0


def test_the_published_csv_template_is_what_the_command_writes(tmp_path: Path) -> None:
    written = tmp_path / "households.csv"
    write_template(written)
    assert written.read_bytes() == (TEMPLATE / "households.csv").read_bytes()
