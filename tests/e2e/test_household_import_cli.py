"""``desmigratif import households`` for a village desk's spreadsheet, as the volunteer runs it."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.support.bot_process import desmigratif_command

pytestmark = pytest.mark.e2e

KENANGA = "3301012001"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}", "PATH": "/usr/bin"}
    return subprocess.run(
        [*desmigratif_command(), *args],
        cwd=tmp_path,
        env={**env, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _households(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        return int(db.execute("SELECT COUNT(*) FROM households").fetchone()[0])


def test_the_template_is_written_checked_and_imported(tmp_path: Path) -> None:
    assert _run(tmp_path, "village", "add", "--code", KENANGA, "--name", "Kenanga").returncode == 0
    sheet = tmp_path / "keluarga.xlsx"
    made = _run(tmp_path, "import", "template", "households", "--output", str(sheet))
    assert made.returncode == 0, made.stderr
    dry = _run(tmp_path, "import", "households", "--village", KENANGA, str(sheet), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "1 household(s) would be added" in dry.stdout and _households(tmp_path) == 0
    done = _run(tmp_path, "import", "households", "--village", KENANGA, str(sheet))
    assert done.returncode == 0, done.stderr
    assert "1 household(s) were added and 0 updated" in done.stdout
    assert _households(tmp_path) == 1


def test_a_bad_row_is_reported_with_its_number_and_nothing_is_written(tmp_path: Path) -> None:
    assert _run(tmp_path, "village", "add", "--code", KENANGA, "--name", "Kenanga").returncode == 0
    bad = tmp_path / "keluarga.csv"
    bad.write_text(
        "Jenis data;Kunci keluarga;Nama kepala keluarga;RT\n"
        "rumah tangga;KEL-1;Sutrisno;3\n"
        "rumah tangga;KEL-2;Sumarni;tiga\n",
        encoding="utf-8",
    )
    refused = _run(tmp_path, "import", "households", "--village", KENANGA, str(bad))
    assert refused.returncode == 2
    assert "row 3: RT: not a number ('tiga')" in refused.stderr
    assert "nothing was imported" in refused.stderr
    assert _households(tmp_path) == 0
    nowhere = _run(tmp_path, "import", "households", "--village", "9999999999",
                   str(tmp_path / "missing.csv"))  # fmt: skip
    assert nowhere.returncode == 2 and "no file" in nowhere.stderr


def test_seed_demo_fills_the_registry_and_its_summary(tmp_path: Path) -> None:
    made = _run(tmp_path, "seed-demo", "--villages", "3", "--residents", "300")
    assert made.returncode == 0, made.stderr
    assert "75 households" in made.stdout and "household_members_abroad" in made.stdout
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        summary = db.execute(
            "SELECT SUM(households), SUM(workers_abroad) > 75, COUNT(DISTINCT district_code) "
            "FROM office_registry_summary"
        ).fetchone()
        linked = db.execute(
            "SELECT COUNT(*) FROM households h JOIN residents r ON r.id = h.resident_id "
            "WHERE r.village_id <> h.village_id"
        ).fetchone()[0]
    assert summary == (75, 1, 1)
    assert linked == 0  # a family is linked only to a resident of its own village
