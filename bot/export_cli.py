"""``desmigratif export <what> --village CODE | --regency CODE4``: the office's data as a file.

For office staff who know spreadsheets, not SQL: one village's (or a whole kabupaten's) rows
of one office view, with Indonesian headers. The files carry no personal data except
``resident-list`` (first names), and every export is written to the audit log with who ran it.
"""

from __future__ import annotations

import argparse
import getpass
from datetime import date
from pathlib import Path
from typing import Any

from bot.export_files import write_export
from bot.settings import Settings
from storage.db import create_engine
from storage.exports import EXPORTS, audit_export, stream_export

__all__ = ["add_export_commands", "run_export"]


def add_export_commands(sub: Any) -> None:
    """Add the ``export`` subcommand to the top-level parser."""
    export = sub.add_parser(
        "export", help="write one village's or kabupaten's office data to a CSV or XLSX file"
    )
    export.add_argument("what", choices=sorted(EXPORTS), help="which data")
    where = export.add_mutually_exclusive_group(required=True)
    where.add_argument("--village", help="the village code (10 digits)")
    where.add_argument("--regency", help="a kabupaten code: all its villages (4 digits)")
    export.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    export.add_argument(
        "--output", type=Path, default=None, help="the file to write (default: a dated name)"
    )


async def run_export(settings: Settings, args: argparse.Namespace) -> Path:
    """Write the file and audit it; returns where it was written."""
    code = args.village or args.regency
    path = args.output or Path(f"{args.what}-{code}-{date.today():%Y%m%d}.{args.format}")
    engine = create_engine(settings.database_url.reveal())
    try:
        batches = stream_export(engine, args.what, args.village, regency=args.regency)
        rows = await write_export(batches, path, args.format)
        await audit_export(
            engine,
            actor=getpass.getuser(),
            what=args.what,
            village_code=args.village,
            regency=args.regency,
            fmt=args.format,
            rows=rows,
        )
    finally:
        await engine.dispose()
    print(f"{rows} row(s) written to {path}")
    return path
