"""Reading an office spreadsheet (CSV or XLSX) row by row, and writing the published template.

XLSX is read with openpyxl's read-only mode (rows stream from the file, never a whole sheet
in memory) and cell values keep their types (a date cell arrives as a date). CSV files may
come from a spreadsheet set to Indonesian, which separates with semicolons: the separator is
detected, and a UTF-8 byte-order mark is dropped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from storage.household_import import COLUMNS

__all__ = ["TEMPLATE_ROWS", "read_sheet", "write_template"]

_H = list(COLUMNS)
#: The template's example: one household with one row of each kind of record.
TEMPLATE_ROWS: tuple[dict[str, object], ...] = (
    {"Jenis data": "rumah tangga", "Kunci keluarga": "KEL-001",
     "Nama kepala keluarga": "Sutrisno", "Dusun": "Krajan", "RT": 3, "RW": 1,
     "Alamat": "Jl. Melati 12"},
    {"Jenis data": "pmi", "Kunci keluarga": "KEL-001", "Nama": "Siti Aminah",
     "Hubungan dengan kepala keluarga": "istri", "Negara": "Taiwan",
     "Sektor": "pekerja rumah tangga", "Tanggal": "03-2023", "Agen (P3MI)": "PT Contoh Jaya",
     "Berdokumen": "ya"},
    {"Jenis data": "purna", "Kunci keluarga": "KEL-001", "Nama": "Sutrisno",
     "Negara": "Korea Selatan", "Tanggal": "15-01-2022", "Keterampilan": "las, bahasa Korea"},
    {"Jenis data": "usaha", "Kunci keluarga": "KEL-001", "Nama": "Warung sembako",
     "Sektor": "warung/toko", "Tanggal": "01-06-2022", "Status usaha": "berjalan",
     "Anggota koperasi": "ya"},
    {"Jenis data": "pelatihan", "Kunci keluarga": "KEL-001", "Nama": "Sutrisno",
     "Nama pelatihan": "Pelatihan kewirausahaan", "Tanggal": "12-08-2025"},
)  # fmt: skip


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ";,\t")
        except csv.Error:
            dialect = csv.excel
        yield from csv.reader(handle, dialect)


def _xlsx_rows(path: Path) -> Iterator[list[object]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else v for v in row]
    finally:
        book.close()


def read_sheet(path: Path) -> tuple[list[object], Iterator[Sequence[object]]]:
    """The header row and the rows after it, from a ``.csv`` or ``.xlsx`` file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows: Iterator[Sequence[object]] = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise ValueError(f"{path.name}: use a .csv or .xlsx file")
    header = list(next(rows, []))
    return header, rows


def write_template(path: Path) -> None:
    """Write the import template (headers and the example household) as CSV or XLSX."""
    suffix = path.suffix.lower()
    lines = [[row.get(h, "") for h in _H] for row in TEMPLATE_ROWS]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(_H)
            writer.writerows(lines)
        return
    if suffix != ".xlsx":
        raise ValueError(f"{path.name}: use a .csv or .xlsx file")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Keluarga"
    sheet.append(_H)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for line in lines:
        sheet.append([_typed(v) for v in line])
    book.save(path)


def _typed(value: object) -> object:
    """Full dates as real dates in the spreadsheet (months stay text: MM-YYYY)."""
    if isinstance(value, str) and len(value) == 10 and value[2] == "-" and value[5] == "-":
        day, month, year = value.split("-")
        if day.isdigit() and month.isdigit() and year.isdigit():
            return date(int(year), int(month), int(day))
    return value
