"""The held-out evaluation sets of real people's questions are well formed.

``qa_real.toml`` and ``qa_danger_real.toml`` are never tuned on; this test only checks their
shape: every case loads, names its source, has a known locale and an expected answer that is
``@danger``, ``@none`` or a topic id.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from flows.information.qa.evaluation import load_cases

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = ("qa_real.toml", "qa_danger_real.toml")

LOCALES = {"id", "en"}
MARKERS = {"@danger", "@none"}

EXISTING_TOPIC_IDS = {
    "bantuan-darurat",
    "hak-pmi",
    "lapor-diri",
    "paspor-hilang-ditahan",
    "gaji-tidak-dibayar",
    "cara-pengaduan",
    "phk-kontrak-tidak-sesuai",
    "keluarga-hilang-kontak",
    "kirim-uang",
    "waspada-penipuan",
    "negara-hong-kong",
    "negara-taiwan",
    "negara-malaysia",
    "negara-singapura",
    "pulang-kampung",
    "usaha-produktif",
    "koperasi-bumdes",
    "community-parenting",
    "layanan-desa",
    "literasi-keuangan",
    "klaim-bpjs",
    "apa-itu-desmigratif",
    "syarat-pmi",
    "dokumen-wajib",
    "alur-resmi",
    "skema-penempatan",
    "biaya-penempatan",
    "cek-agen-p3mi",
    "cek-lowongan",
    "tanda-ilegal",
    "tppo-perdagangan-orang",
    "bpjs-pmi",
    "izin-keluarga-desa",
    "opp-pembekalan",
    "negara-korea",
    "negara-jepang",
    "negara-timur-tengah",
}

# Being added by issue 11.
NEW_TOPIC_IDS = {
    "overstay-tidak-berdokumen",
    "pmi-meninggal",
    "uang-hilang-gagal-berangkat",
    "penipuan-kerja-online",
    "istilah-tki-pmi",
    "kontak-perwakilan",
    "kerja-perkebunan-pabrik",
}

TOPIC_IDS = EXISTING_TOPIC_IDS | NEW_TOPIC_IDS


def _raw_cases(name: str) -> list[dict]:
    with (DATA / name).open("rb") as fh:
        data = tomllib.load(fh)
    assert data.get("schema") == 1
    return data["case"]


@pytest.mark.parametrize("name", FILES)
def test_loader_reads_every_case(name: str) -> None:
    cases = load_cases(DATA / name)
    assert len(cases) == len(_raw_cases(name))
    assert len(cases) >= 40


@pytest.mark.parametrize("name", FILES)
def test_every_case_is_well_formed(name: str) -> None:
    problems = []
    for number, raw in enumerate(_raw_cases(name), start=1):
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.append(f"case {number}: no source")
        if raw.get("locale") not in LOCALES:
            problems.append(f"case {number}: locale {raw.get('locale')!r}")
        if raw.get("expected") not in TOPIC_IDS | MARKERS:
            problems.append(f"case {number}: expected {raw.get('expected')!r}")
        for also in raw.get("also", []):
            if also not in TOPIC_IDS:
                problems.append(f"case {number}: also {also!r}")
        if not str(raw.get("text", "")).strip():
            problems.append(f"case {number}: empty text")
    assert not problems, "\n".join(problems)


def test_danger_file_starts_with_danger_cases() -> None:
    cases = load_cases(DATA / "qa_danger_real.toml")
    danger = [case for case in cases if case.expected == "@danger"]
    ordinary = [case for case in cases if case.expected != "@danger"]
    assert len(danger) >= 35
    assert len(ordinary) >= 30
