"""Danger by meaning: frames of concepts, read by the real normaliser and stemmer.

These use small, hand-written frames so each rule (any order, window, negation, exceptions,
written-form-only entries) is checked on its own; the real content is measured by the
evaluation sets (``benchmarks/qa_accuracy.py``, ``test_qa_accuracy.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.engine.content import ContentError
from flows.information.qa.data import load_danger, load_danger_frames
from flows.information.qa.engine import LocaleEngine
from flows.information.qa.frames import FrameSpec

CONCEPTS = {
    "actor": ("majikan", "agen", "employer"),
    "threat": ("ancam", "threaten"),
    "violence": ("=memukul", "=dipukul", "hit"),
    "law": ("hukuman", "pidana"),
    "forbid": ("tidak boleh", "not allowed"),
    "go_home": ("pulang", "go home"),
}
FRAMES = (
    FrameSpec("threat", (("threat",), ("actor", "violence")), ("law",), "cara-pengaduan"),
    FrameSpec("violence", (("violence",), ("actor",))),
    FrameSpec("kept", (("go_home",), ("forbid",))),
)


@pytest.fixture(scope="module")
def engine() -> LocaleEngine:
    synonyms = {"gak": "tidak", "ngancem": "mengancam", "mukul": "memukul"}
    return LocaleEngine("id", (), synonyms, (), FRAMES, CONCEPTS)


def found(engine: LocaleEngine, text: str) -> str | None:
    danger = engine.find_danger(engine.read(text))
    return danger.found if danger is not None else None


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("td mandornya ngancem mau mukul", "frame:threat"),  # slang, no actor named as such
        ("majikan mengancam saya", "frame:threat"),
        ("saya diancam agen", "frame:threat"),  # any order, by stem
        ("agen sy kemarin malam tanpa alasan apa pun memukul", "frame:violence"),
        ("sudah 2 tahun gak boleh pulang", "frame:kept"),  # the "not" is part of the frame
        ("my employer threatened to hit me", "frame:threat"),  # concepts serve every language
    ],
)
def test_a_frame_fires_on_its_meaning(engine: LocaleEngine, text: str, frame: str) -> None:
    assert found(engine, text) == frame


@pytest.mark.parametrize(
    "text",
    [
        "pukul berapa majikan pulang",  # "pukul" (o'clock) is not "memukul": written form only
        "majikan tidak pernah memukul saya",  # negated harm
        "apa ancaman hukuman bagi agen nakal",  # a question about the law
        # the employer and the hitting are too far apart to be one event
        "majikan baik, sering ngajak jalan2 ke taman kota, lalu di rumah temannya ada anak "
        "yang memukul",
        "agen",  # one slot is not the frame
        "boleh pulang kapan",  # no "not"
    ],
)
def test_a_frame_stays_quiet_without_its_meaning(engine: LocaleEngine, text: str) -> None:
    assert found(engine, text) is None


def test_a_frame_names_the_page_that_fits(engine: LocaleEngine) -> None:
    danger = engine.find_danger(engine.read("majikan mengancam saya"))
    assert danger is not None and danger.topic == "cara-pengaduan"


def test_the_danger_file_loads_frames_and_rejects_unknown_concepts(tmp_path: Path) -> None:
    file = tmp_path / "danger.toml"
    file.write_text(
        "schema = 1\n[id]\nphrases = ['disekap']\n"
        "[concepts]\nactor = ['majikan']\nthreat = ['ancam']\n"
        "[[frame]]\nname = 'threat'\nslots = ['threat', 'actor']\ntopic = 'x'\n"
    )
    assert load_danger(file) == {"id": ("disekap",)}  # the phrase lists are unaffected
    frames = load_danger_frames(file)
    assert frames.frames == (FrameSpec("threat", (("threat",), ("actor",)), (), "x"),)
    file.write_text(
        "schema = 1\n[id]\nphrases = ['disekap']\n[concepts]\nactor = ['majikan']\n"
        "[[frame]]\nname = 'threat'\nslots = ['threat|actor']\n"
    )
    with pytest.raises(ContentError) as info:
        load_danger_frames(file)
    assert "threat" in str(info.value)
