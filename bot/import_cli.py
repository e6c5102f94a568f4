"""``desmigratif import households --village CODE FILE``: the registry from a spreadsheet.

For desks that already keep their migrant families in a spreadsheet: fill the published
template (``desmigratif import template households --output keluarga.xlsx``, or
``docs/templates/``), then import it. Every bad row is listed with its number and reason and
nothing is written until the whole file is right; ``--dry-run`` checks and counts without
writing. The import is written to the audit log with who ran it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import zipfile
from pathlib import Path
from typing import Any

from bot.import_files import read_sheet, write_template
from bot.settings import Settings
from storage.db import create_engine
from storage.household_import import ImportReport, import_households, parse_rows

__all__ = ["add_import_commands", "run_import"]


def add_import_commands(sub: Any) -> None:
    """Add the ``import`` subcommand to the top-level parser."""
    imports = sub.add_parser("import", help="import a village's data from a CSV or XLSX file")
    what = imports.add_subparsers(dest="import_what", required=True)
    households = what.add_parser(
        "households", help="the migrant-family registry (households and their records)"
    )
    households.add_argument("--village", required=True, help="the village code (10 digits)")
    households.add_argument("file", type=Path, help="the filled template (.csv or .xlsx)")
    households.add_argument(
        "--dry-run", action="store_true", help="check and count only; write nothing"
    )
    template = what.add_parser("template", help="write an empty import template")
    template.add_argument("template_of", choices=("households",))
    template.add_argument("--output", type=Path, required=True, help="the .csv or .xlsx to write")


def _summary(report: ImportReport) -> str:
    records = ", ".join(f"{n} {kind}" for kind, n in sorted(report.records.items())) or "none"
    verb = "would be" if report.dry_run else "were"
    return (
        f"{report.created} household(s) {verb} added and {report.updated} updated; "
        f"records: {records}" + (" (dry run: nothing was written)" if report.dry_run else "")
    )


async def run_import(settings: Settings, args: argparse.Namespace) -> int:
    """Run the import (or write the template); returns the exit status."""
    if args.import_what == "template":
        write_template(args.output)
        print(f"template written to {args.output}")
        return 0
    path: Path = args.file
    if not path.is_file():  # noqa: ASYNC240  (a command line, nothing else waits on it)
        print(f"error: no file {path}", file=sys.stderr)
        return 2
    try:
        header, rows = read_sheet(path)
        parsed, errors = parse_rows(header, rows)
    except (ValueError, OSError, zipfile.BadZipFile) as exc:  # not a spreadsheet, or unreadable
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if errors:
        for error in errors:
            print(f"row {error.row}: {error.reason}", file=sys.stderr)
        print(f"{len(errors)} bad row(s): nothing was imported.", file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url.reveal())
    try:
        report = await import_households(
            engine, args.village, parsed, actor=getpass.getuser(), dry_run=args.dry_run
        )
    finally:
        await engine.dispose()
    print(_summary(report))
    return 0
