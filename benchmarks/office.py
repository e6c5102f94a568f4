"""What the village office waits for: seeding a district, exporting 100,000 residents, reports.

Run from the repository root: ``python benchmarks/office.py [--postgres-url URL] [--no-postgres]``.
For SQLite (a temporary file) and PostgreSQL (a database ``bench_office`` created beside the one
named, default ``postgresql://postgres@127.0.0.1:5432/test``, and dropped afterwards; the named
database itself is never touched) it:

1. migrates an empty database and runs ``seed-demo`` for 50 villages × 100,000 residents;
2. exports the whole kabupaten's resident list (``export resident-list --regency 3301``) to
   XLSX and to CSV, each in a child process (the ``desmigratif export …`` command line, as
   the office runs it), recording wall time and the child's peak memory (its ``VmHWM``);
3. builds the monthly report of one village and of the kabupaten (in this process, the
   median of five runs), and writes the kabupaten's as XLSX;
4. reads the office web pages (``benchmarks/office_pages.py``): the dashboard, every view,
   a filtered view and the monthly reports, 20 times each, timing the server's handler.

It prints a table of figures per database, then, last, ``office export 100k xlsx S s peak M
MB, page p95 P ms``: the slower database's export time, the higher peak, and the slowest
page's p95 on either database (the aims: under 30 s, 200 MB and 300 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url

from benchmarks.office_pages import measure_pages
from bot.report_files import write_report
from flows.engine.i18n import load_catalogs
from storage.db import create_engine
from storage.migrate import upgrade
from storage.monthly_report import monthly_report
from storage.seed import SeedPlan, seed_demo

BENCH_DB = "bench_office"
REGENCY = "3301"
MONTH = "2026-11"  # the seed's "now" is 30 November 2026
ROUNDS = 5


@dataclass
class Figures:
    """One database's results."""

    database: str
    rows: dict[str, float] = field(default_factory=dict)
    export_xlsx: tuple[float, float] = (0.0, 0.0)  # seconds, peak MB
    page_p95: float = 0.0  # the slowest office page's server time p95, ms


async def _pg_admin(admin_url: str, sql: str) -> None:
    import asyncpg

    url = make_url(admin_url)
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username,
                                 password=url.password, database=url.database)  # fmt: skip
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


#: Runs the command line in the child and prints its own peak memory last. ``ru_maxrss`` of a
#: child would not do: Linux carries the parent's high-water mark over the fork into it.
_RUNNER = (
    "import sys\n"
    "from bot.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print('peak-kib', peak)\n"
    "sys.exit(code)\n"
)


def _child(url: str, folder: Path, *args: str) -> tuple[float, float, str]:
    """Run the ``desmigratif`` command line in a child: (seconds, its peak MB, its output)."""
    env = {**os.environ, "DATABASE_URL": url, "AUTO_MIGRATE": "0", "LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, *args], cwd=folder, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stdout} {done.stderr}")
    said, peak = done.stdout.strip().rsplit("\n", 1)
    return took, int(peak.split()[1]) / 1024, said


async def _median(make: object) -> float:
    took = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        await make()  # type: ignore[operator]
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took)


async def _measure(url: str, name: str, villages: int, residents: int) -> Figures:
    figures = Figures(name)
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    try:
        start = time.perf_counter()
        made = await seed_demo(engine, SeedPlan(villages, residents))
        figures.rows["seed-demo (s)"] = time.perf_counter() - start
        print(f"[{name}] seeded {made['residents']} residents in {villages} villages "
              f"in {figures.rows['seed-demo (s)']:.1f} s")  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for fmt in ("xlsx", "csv"):
                took, peak, said = _child(
                    url, folder, "export", "resident-list", "--regency", REGENCY,
                    "--format", fmt, "--output", str(folder / f"residents.{fmt}"),
                )  # fmt: skip
                size = (folder / f"residents.{fmt}").stat().st_size / 1e6
                print(f"[{name}] export {fmt}: {said} ({size:.1f} MB file)")
                figures.rows[f"export 100k {fmt} (s)"] = took
                figures.rows[f"export 100k {fmt} peak (MB)"] = peak
                if fmt == "xlsx":
                    figures.export_xlsx = (took, peak)
            village = SeedPlan(villages, residents).village_codes()[0]
            figures.rows["report village (ms)"] = await _median(
                lambda: monthly_report(engine, MONTH, village=village)
            )
            figures.rows["report kabupaten (ms)"] = await _median(
                lambda: monthly_report(engine, MONTH, regency=REGENCY)
            )
            report = await monthly_report(engine, MONTH, regency=REGENCY)
            start = time.perf_counter()
            write_report(report, folder / "report.xlsx", "xlsx", load_catalogs().get("id"))
            figures.rows["report kabupaten xlsx write (ms)"] = (time.perf_counter() - start) * 1000
        village = SeedPlan(villages, residents).village_codes()[0]
        pages = await measure_pages(engine, village, MONTH)
        for page, p95 in pages.items():
            figures.rows[f"page p95 {page} (ms)"] = p95
        worst = max(pages, key=lambda page: pages[page])
        figures.page_p95 = pages[worst]
        print(f"[{name}] slowest page: {worst}, p95 {pages[worst]:.0f} ms")
    finally:
        await engine.dispose()
    return figures


async def main(args: argparse.Namespace) -> list[Figures]:
    """Measure on each database; returns the figures."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'office.sqlite3'}"
        results.append(await _measure(url, "sqlite", args.villages, args.residents))
    if not args.no_postgres:
        admin = args.postgres_url
        await _pg_admin(admin, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await _pg_admin(admin, f'CREATE DATABASE "{BENCH_DB}"')
        try:
            url = (
                make_url(admin)
                .set(drivername="postgresql+asyncpg", database=BENCH_DB)
                .render_as_string(hide_password=False)
            )
            results.append(await _measure(url, "postgresql", args.villages, args.residents))
        finally:
            await _pg_admin(admin, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    return results


def _table(results: list[Figures]) -> None:
    names = list(results[0].rows)
    width = max(len(n) for n in names)
    print(f"{'':{width}}  " + "  ".join(f"{f.database:>10}" for f in results))
    for n in names:
        print(f"{n:{width}}  " + "  ".join(f"{f.rows.get(n, 0):>10.1f}" for f in results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=50)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument(
        "--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test",
        help=f"a server to create (and drop) the {BENCH_DB} database on",
    )  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    results = asyncio.run(main(parser.parse_args()))
    _table(results)
    # the worse database counts, each figure on its own (the slower export need not be the
    # one with the higher peak)
    seconds = max(f.export_xlsx[0] for f in results)
    peak = max(f.export_xlsx[1] for f in results)
    page = max(f.page_p95 for f in results)
    print(f"office export 100k xlsx {seconds:.1f} s peak {peak:.0f} MB, page p95 {page:.0f} ms")
