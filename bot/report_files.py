"""Writing the monthly report as a spreadsheet (one sheet per section) or one CSV file.

The titles, headers and country names are translated when written (Indonesian for the
office by default), so the same report data serves a file here and a web page elsewhere.
XLSX is written with openpyxl's write-only mode, with numbers as numbers, a frozen header row
and the kabupaten's total rows in bold; CSV stacks the sections one under another (a title
row, the header, the rows, an empty line), in UTF-8 that Excel opens.
"""

from __future__ import annotations

import csv
import gettext
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from flows.engine.i18n import N_
from storage.monthly_report import COLUMN_TITLES, TOTAL, MonthlyReport, ReportSection

__all__ = ["report_rows", "write_report"]

_ABOUT = N_("About this report")
_AREA = N_("Village or kabupaten code")
_MONTH = N_("Month")
_ZONE = N_("Time zone of the month")
_NOT_SHEET = re.compile(r"[\[\]:*?/\\]")


def report_rows(
    section: ReportSection, translations: gettext.NullTranslations
) -> Iterator[tuple[bool, list[Any]]]:
    """The section's rows as shown: (is a total row, values), labels and totals translated."""
    _ = translations.gettext
    labelled = [n for n, c in enumerate(section.columns) if c in section.labels]
    for is_total, rows in ((False, section.rows), (True, section.totals)):
        for row in rows:
            values = list(row)
            for n in labelled:
                values[n] = _(values[n]) if isinstance(values[n], str) else values[n]
            if is_total:
                values[1] = _(TOTAL)
            yield is_total, values


def _headers(section: ReportSection, translations: gettext.NullTranslations) -> list[str]:
    return [translations.gettext(COLUMN_TITLES.get(c, c)) for c in section.columns]


def write_report(
    report: MonthlyReport, path: Path, fmt: str, translations: gettext.NullTranslations
) -> int:
    """Write the report to ``path`` as ``fmt`` (xlsx or csv); returns how many rows."""
    if fmt == "xlsx":
        return _xlsx(report, path, translations)
    if fmt == "csv":
        return _csv(report, path, translations)
    raise ValueError(f"unknown format {fmt!r}: csv or xlsx")


def _sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, no []:*?/\\, unique."""
    name = " ".join(_NOT_SHEET.sub(" ", title).split())[:31].strip()
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _bold_row(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[Any]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _xlsx(report: MonthlyReport, path: Path, translations: gettext.NullTranslations) -> int:
    _ = translations.gettext
    book = Workbook(write_only=True)
    taken: set[str] = set()
    about = book.create_sheet(_sheet_title(_(_ABOUT), taken))
    for label, value in ((_AREA, report.code), (_MONTH, report.month), (_ZONE, report.timezone)):
        about.append([_(label), value])
    count = 0
    for section in report.sections:
        sheet = book.create_sheet(_sheet_title(_(section.title), taken))
        sheet.freeze_panes = "A2"
        sheet.append(_bold_row(sheet, _headers(section, translations)))
        for is_total, values in report_rows(section, translations):
            sheet.append(_bold_row(sheet, values) if is_total else values)
            count += 1
    book.save(path)
    return count


def _csv(report: MonthlyReport, path: Path, translations: gettext.NullTranslations) -> int:
    _ = translations.gettext
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel reads UTF-8
        writer = csv.writer(handle)
        writer.writerow([_(_AREA), report.code, _(_MONTH), report.month])
        writer.writerow([])
        for section in report.sections:
            writer.writerow([_(section.title)])
            writer.writerow(_headers(section, translations))
            for _is_total, values in report_rows(section, translations):
                writer.writerow(values)
                count += 1
            writer.writerow([])
    return count
