"""The monthly report as the office opens it: a spreadsheet with a sheet per section, or CSV.

Titles, headers, country names and the kabupaten's total rows are in Indonesian; numbers are
numbers; the header row is frozen. The data is a hand-made report (the queries are tested in
tests/storage/test_monthly_report.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from bot.report_cli import last_month
from bot.report_files import write_report
from flows.engine.i18n import load_catalogs
from storage.monthly_report import MonthlyReport, ReportSection

INDONESIAN = load_catalogs().get("id")
REPORT = MonthlyReport(
    code="3301",
    month="2026-03",
    timezone="Asia/Jakarta",
    sections=[
        ReportSection(
            "abroad",
            "Workers abroad by country",
            ("village_code", "village_name", "country", "workers"),
            rows=[
                ("3301012001", "Desa Kenanga", "South Korea", 2),
                ("3301022002", "Desa Kuripan", "Not stated", 1),
            ],
            totals=[("3301", None, "South Korea", 2), ("3301", None, "Not stated", 1)],
            labels=frozenset({"country"}),
        ),
        ReportSection(
            "response_times",
            "Complaints: response times",
            ("village_code", "village_name", "received", "avg_hours_to_first_response"),
            rows=[("3301012001", "Desa Kenanga", 2, 6.5), ("3301022002", "Desa Kuripan", 0, None)],
            totals=[("3301", None, 2, 6.5)],
        ),
    ],
)


def test_the_spreadsheet_has_a_sheet_per_section_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "laporan.xlsx"
    assert write_report(REPORT, path, "xlsx", INDONESIAN) == 7
    book = load_workbook(path)
    assert book.sheetnames == [
        "Tentang laporan ini", "Pekerja migran menurut negara", "Pengaduan waktu tanggapan",
    ]  # fmt: skip
    about = book["Tentang laporan ini"]
    assert [c.value for c in about[1]] == ["Kode desa atau kabupaten", "3301"]
    abroad = book["Pekerja migran menurut negara"]
    assert abroad.freeze_panes == "A2"
    assert [c.value for c in abroad[1]] == ["Kode desa", "Nama desa", "Negara",
                                            "Pekerja di luar negeri"]  # fmt: skip
    assert [c.value for c in abroad[2]] == ["3301012001", "Desa Kenanga", "Korea Selatan", 2]
    assert abroad[3][2].value == "Tidak disebutkan"
    total = abroad[4]
    assert [c.value for c in total] == ["3301", "Seluruh kabupaten", "Korea Selatan", 2]
    assert total[1].font.bold
    times = book["Pengaduan waktu tanggapan"]
    assert isinstance(times["D2"].value, float) and times["D2"].value == 6.5
    assert times["D3"].value is None  # no case answered: no average, not a zero


def test_the_csv_stacks_the_sections_under_their_titles(tmp_path: Path) -> None:
    path = tmp_path / "laporan.csv"
    write_report(REPORT, path, "csv", INDONESIAN)
    with path.open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["Kode desa atau kabupaten", "3301", "Bulan", "2026-03"]
    assert lines[2] == ["Pekerja migran menurut negara"]
    assert lines[3][:3] == ["Kode desa", "Nama desa", "Negara"]
    assert ["3301", "Seluruh kabupaten", "Korea Selatan", "2"] in lines
    assert ["Pengaduan: waktu tanggapan"] in lines


def test_english_for_an_english_speaking_office_and_last_month_by_default(
    tmp_path: Path,
) -> None:
    path = tmp_path / "report.xlsx"
    write_report(REPORT, path, "xlsx", load_catalogs().get("en"))
    assert load_workbook(path).sheetnames[1] == "Workers abroad by country"
    from datetime import date

    assert last_month(date(2026, 1, 5)) == "2025-12"
    assert last_month(date(2026, 3, 31)) == "2026-02"
