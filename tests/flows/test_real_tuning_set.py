"""The real-questions tuning set is well formed and kept apart from the held-out sets.

``qa_real_tuning.toml`` holds questions real people wrote, for tuning the answerer. The held-out
sets ``qa_real.toml`` and ``qa_danger_real.toml`` must never be tuned on, so no page may feed
both: this test reads only the ``source`` fields of the held-out files and checks that none of
them is a source of the tuning set.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from flows.information.qa.evaluation import load_cases
from flows.information.topics import load_topics

DATA = Path(__file__).resolve().parent.parent / "data"
TUNING = "qa_real_tuning.toml"
HELD_OUT = ("qa_real.toml", "qa_danger_real.toml")

LOCALES = {"id", "en"}
MARKERS = {"@danger", "@none"}


def _raw_cases(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open("rb") as fh:
        data = tomllib.load(fh)
    assert data.get("schema") == 1
    cases: list[dict[str, Any]] = data["case"]
    return cases


def _topic_ids() -> set[str]:
    library = load_topics()
    return {topic.id for topic in library.topics("id")}


def _held_out_sources() -> set[str]:
    sources = set()
    for name in HELD_OUT:
        for raw in _raw_cases(name):
            source = raw.get("source")
            if isinstance(source, str):
                sources.add(source.strip())
    return sources


def test_loader_reads_every_case() -> None:
    cases = load_cases(DATA / TUNING)
    assert len(cases) == len(_raw_cases(TUNING))
    assert 150 <= len(cases) <= 200


def test_labels_are_markers_or_existing_topics() -> None:
    allowed = _topic_ids() | MARKERS
    topic_ids = _topic_ids()
    problems = []
    for number, case in enumerate(load_cases(DATA / TUNING), start=1):
        if case.locale not in LOCALES:
            problems.append(f"case {number}: locale {case.locale!r}")
        if case.expected not in allowed:
            problems.append(f"case {number}: expected {case.expected!r}")
        for also in case.also:
            if also not in topic_ids:
                problems.append(f"case {number}: also {also!r}")
        if not case.text.strip():
            problems.append(f"case {number}: empty text")
    assert not problems, "\n".join(problems)


def test_every_case_names_its_source() -> None:
    problems = []
    for number, raw in enumerate(_raw_cases(TUNING), start=1):
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip().startswith("http"):
            problems.append(f"case {number}: source {source!r}")
    assert not problems, "\n".join(problems)


def test_no_source_is_shared_with_the_held_out_sets() -> None:
    held_out = _held_out_sources()
    assert held_out, "the held-out sets name no sources"
    shared = sorted(
        {raw["source"].strip() for raw in _raw_cases(TUNING)} & held_out,
    )
    assert not shared, "tuning cases come from held-out pages:\n" + "\n".join(shared)
