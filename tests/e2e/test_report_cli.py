"""The installed ``desmigratif report monthly`` on a seeded district: the files the desk sends up.

Also the per-resident list of a whole kabupaten (``export resident-list --regency``), which the
office uses for its own registers.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from storage.monthly_sections import SECTIONS
from tests.support.bot_process import run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A fake kabupaten 3301 of three villages and 300 residents."""
    made = run_cli(tmp_path, "seed-demo", "--villages", "3", "--residents", "300")
    assert made.returncode == 0, made.stderr
    return tmp_path


def test_a_kabupaten_monthly_report_is_a_spreadsheet_with_every_section(seeded: Path) -> None:
    out = seeded / "laporan.xlsx"
    done = run_cli(seeded, "report", "monthly", "--regency", "3301", "--month", "2026-11",
                "--output", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"{len(SECTIONS)} section(s)" in done.stdout
    book = load_workbook(out)
    assert book.sheetnames[:3] == [
        "Tentang laporan ini", "Warga terdaftar menurut keadaan", "Pendataan keluarga migran",
    ]  # fmt: skip
    assert "Pekerja migran menurut negara" in book.sheetnames
    registry = book["Pendataan keluarga migran"]
    assert registry["C1"].value == "Keluarga migran (saat ini)"
    assert registry.cell(registry.max_row, 2).value == "Seluruh kabupaten"
    assert registry.cell(registry.max_row, 3).value > 0  # seed-demo's families
    residents = book["Warga terdaftar menurut keadaan"]
    assert (
        residents["A1"].value == "Kode desa"
        and residents["C1"].value == "Terdaftar pada akhir bulan"
    )
    last = residents.max_row
    assert residents.cell(last, 2).value == "Seluruh kabupaten"
    assert residents.cell(last, 3).value == 300
    with sqlite3.connect(seeded / "bot.sqlite3") as db:
        audited = db.execute(
            "SELECT action, subject_id FROM audit_log WHERE action = 'report'"
        ).fetchall()
    assert audited == [("report", "3301/2026-11")]


def test_a_village_report_as_csv_and_bad_input_gets_a_kind_error(seeded: Path) -> None:
    done = run_cli(seeded, "report", "monthly", "--village", "3301012001", "--month", "2026-10",
                "--format", "csv")  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (seeded / "laporan-bulanan-3301012001-2026-10.csv").read_text(encoding="utf-8-sig")
    assert "Pengaduan diterima per kategori" in text and "Desa Contoh 1" in text
    assert "Desa Contoh 2" not in text
    month = run_cli(seeded, "report", "monthly", "--village", "3301012001", "--month", "10-2026")
    assert month.returncode == 2 and "YYYY-MM" in month.stderr
    nowhere = run_cli(seeded, "report", "monthly", "--regency", "9999", "--month", "2026-10")
    assert nowhere.returncode == 2 and "no kabupaten with code 9999" in nowhere.stderr
    both = run_cli(seeded, "report", "monthly", "--month", "2026-10")
    assert both.returncode == 2


def test_the_whole_kabupaten_s_resident_list_is_exported(seeded: Path) -> None:
    out = seeded / "warga.csv"
    done = run_cli(seeded, "export", "resident-list", "--regency", "3301", "--format", "csv",
                "--output", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "300 row(s) written" in done.stdout
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Kode desa,Nomor warga,Nama depan")
    assert len(lines) == 301
    refused = run_cli(seeded, "export", "resident-list", "--regency", "9999")
    assert refused.returncode == 2 and "no kabupaten" in refused.stderr
