"""``desmigratif report monthly --village CODE | --regency CODE4 --month YYYY-MM``: the report.

The village desk sends it to the kabupaten every month, and the kabupaten (one row per
village and its totals) to the ministry. Written as a spreadsheet with one sheet per section,
or one CSV file, in Indonesian unless ``--language`` says otherwise; taking it is audited.
"""

from __future__ import annotations

import argparse
import getpass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.report_files import write_report
from bot.settings import Settings
from flows.engine.i18n import load_catalogs
from storage.db import create_engine
from storage.monthly_report import audit_report, monthly_report

__all__ = ["add_report_commands", "last_month", "run_report"]


def last_month(today: date) -> str:
    """The month before ``today``'s, as YYYY-MM (the report usually made at a month's start)."""
    return f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"


def add_report_commands(sub: Any) -> None:
    """Add ``report monthly`` to the top-level parser."""
    report = sub.add_parser("report", help="the reports the desk sends up").add_subparsers(
        dest="report_command", required=True
    )
    monthly = report.add_parser(
        "monthly", help="the monthly report of a village or a kabupaten, as XLSX or CSV"
    )
    where = monthly.add_mutually_exclusive_group(required=True)
    where.add_argument("--village", help="a village code (10 digits)")
    where.add_argument("--regency", help="a kabupaten code (the first 4 digits of village codes)")
    monthly.add_argument(
        "--month",
        default=None,
        help="YYYY-MM, in the villages' own time zone (default: last month)",
    )
    monthly.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    monthly.add_argument(
        "--language", choices=("id", "en"), default=None,
        help="language of titles and headers (default: DEFAULT_LOCALE)",
    )  # fmt: skip
    monthly.add_argument(
        "--output", type=Path, default=None, help="the file to write (default: a dated name)"
    )


async def run_report(settings: Settings, args: argparse.Namespace) -> Path:
    """Build the report, write the file and audit it; returns where it was written."""
    month = args.month or last_month(date.today())
    code = args.village or args.regency
    path = args.output or Path(f"laporan-bulanan-{code}-{month}.{args.format}")
    translations = load_catalogs().get(args.language or settings.default_locale)
    engine = create_engine(settings.database_url.reveal())
    try:
        report = await monthly_report(engine, month, village=args.village, regency=args.regency)
        rows = write_report(report, path, args.format, translations)
        await audit_report(engine, actor=getpass.getuser(), code=code, month=month,
                           fmt=args.format)  # fmt: skip
    finally:
        await engine.dispose()
    print(f"{len(report.sections)} section(s), {rows} row(s) written to {path}")
    return path
