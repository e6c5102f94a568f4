"""The installed ``desmigratif`` command for a village IT volunteer: villages and officers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.bot_process import run_cli

pytestmark = pytest.mark.e2e


def test_officers_are_added_listed_and_removed(tmp_path: Path) -> None:
    assert (
        run_cli(tmp_path, "village", "add", "--code", "3301012001", "--name", "Kenanga").returncode
        == 0
    )
    far = run_cli(tmp_path, "village", "add", "--code", "3302012001", "--name", "Jauh")
    assert far.returncode == 0
    added = run_cli(
        tmp_path, "officer", "add", "--telegram-id", "11", "--village", "3301012001",
        "--role", "coordinator",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    admin = run_cli(
        tmp_path, "officer", "add", "--telegram-id", "12", "--district", "3301",
        "--role", "district_admin",
    )  # fmt: skip
    assert admin.returncode == 0, admin.stderr
    console = run_cli(
        tmp_path, "officer", "add", "--console-user", "wati", "--village", "3302012001",
        "--role", "desk_officer",
    )  # fmt: skip
    assert console.returncode == 0, console.stderr
    listed = run_cli(tmp_path, "officer", "list", "--village", "3301012001").stdout
    assert "telegram\t11\tcoordinator\t3301012001" in listed
    assert "telegram\t12\tdistrict_admin\t3301" in listed and "wati" not in listed
    everyone = run_cli(tmp_path, "officer", "list").stdout
    assert "console\twati\tdesk_officer\t3302012001" in everyone
    removed = run_cli(tmp_path, "officer", "remove", "--telegram-id", "11")
    assert removed.returncode == 0 and "removed 1 role" in removed.stdout
    assert "\t11\t" not in run_cli(tmp_path, "officer", "list").stdout
    again = run_cli(tmp_path, "officer", "remove", "--telegram-id", "11")
    assert again.returncode == 2 and "no such active role" in again.stderr


def test_wrong_roles_and_places_are_refused_with_the_reason(tmp_path: Path) -> None:
    run_cli(tmp_path, "village", "add", "--code", "3301012001", "--name", "Kenanga")
    king = run_cli(
        tmp_path,
        "officer",
        "add",
        "--telegram-id",
        "1",
        "--village",
        "3301012001",
        "--role",
        "king",
    )
    assert king.returncode == 2 and "coordinator" in king.stderr and "district_admin" in king.stderr
    village_admin = run_cli(
        tmp_path, "officer", "add", "--telegram-id", "1", "--village", "3301012001",
        "--role", "district_admin",
    )  # fmt: skip
    assert village_admin.returncode == 2 and "--district" in village_admin.stderr
    district_desk = run_cli(
        tmp_path, "officer", "add", "--telegram-id", "1", "--district", "3301",
        "--role", "desk_officer",
    )  # fmt: skip
    assert district_desk.returncode == 2 and "village role" in district_desk.stderr
    nowhere = run_cli(
        tmp_path, "officer", "add", "--telegram-id", "1", "--village", "9999999999",
        "--role", "desk_officer",
    )  # fmt: skip
    assert nowhere.returncode == 2 and "no village with code 9999999999" in nowhere.stderr
    assert run_cli(tmp_path, "officer", "list").stdout.strip() == "no officers"


def test_seed_demo_fills_a_district_once(tmp_path: Path) -> None:
    made = run_cli(tmp_path, "seed-demo", "--villages", "3", "--residents", "300")
    assert made.returncode == 0, made.stderr
    assert "3 villages, 300 residents, 300 conversations, 900 outbox" in made.stdout
    assert "36 announcements, 378 deliveries" in made.stdout
    listed = run_cli(tmp_path, "village", "list").stdout.splitlines()
    assert len(listed) == 3 and all(line.startswith("3301") for line in listed)
    assert all(line.endswith("Kabupaten Cilacap, Jawa Tengah") for line in listed)
    again = run_cli(tmp_path, "seed-demo", "--villages", "3", "--residents", "300")
    assert again.returncode == 2 and "already in this database" in again.stderr


def test_a_village_is_added_with_its_regions_for_people_who_do_not_know_the_code(
    tmp_path: Path,
) -> None:
    added = run_cli(
        tmp_path, "village", "add", "--code", "3301012001", "--name", "Kenanga",
        "--province", "Jawa Tengah", "--regency", "Kabupaten Cilacap", "--district", "Kroya",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    far = run_cli(tmp_path, "village", "add", "--code", "3302012001", "--name", "Jauh")
    assert far.returncode == 0
    listed = run_cli(tmp_path, "village", "list").stdout.splitlines()
    assert listed == [
        "3301012001\tKenanga\tAsia/Jakarta\tKroya, Kabupaten Cilacap, Jawa Tengah",
        "3302012001\tJauh\tAsia/Jakarta",
    ]


def test_the_office_exports_a_village_as_a_spreadsheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    added = run_cli(tmp_path, "village", "add", "--code", "3301012001", "--name", "Desa Contoh")
    assert added.returncode == 0, added.stderr
    out = tmp_path / "warga.xlsx"
    done = run_cli(tmp_path, "export", "residents", "--village", "3301012001", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 row(s) written" in done.stdout
    sheet = load_workbook(out).active
    assert sheet is not None and sheet["A1"].value == "Kode desa"
    assert sheet["A2"].value == "3301012001"
    refused = run_cli(tmp_path, "export", "residents", "--village", "9999999999")
    assert refused.returncode == 2 and "no village" in refused.stderr


def test_the_resident_list_and_the_newer_views_export_from_the_command_line(
    tmp_path: Path,
) -> None:
    added = run_cli(tmp_path, "village", "add", "--code", "3301012001", "--name", "Desa Contoh")
    assert added.returncode == 0, added.stderr
    for what in ("resident-list", "announcement-reach", "job-interests", "checklist-progress",
                 "parenting-messages-per-month"):  # fmt: skip
        out = tmp_path / f"{what}.csv"
        done = run_cli(tmp_path, "export", what, "--village", "3301012001", "--format", "csv",
                    "--output", str(out))  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert out.read_text(encoding="utf-8-sig").startswith("Kode desa")
    header = (tmp_path / "resident-list.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Kode desa,Nomor warga,Nama depan,Situasi,Bahasa,Terdaftar,Pesan terakhir"
