"""Quality floors of the question answerer on the labelled questions.

The floors sit a little below what ``benchmarks/qa_accuracy.py`` measured when they were set,
so a change to the engine, the synonyms or the topics that makes answers worse fails here.
Raise them when quality improves; never lower them to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.information.files import CONTENT_ROOT
from flows.information.qa import QuestionAnswerer
from flows.information.qa.evaluation import Report, evaluate, load_cases
from flows.information.topics import load_topics

EVAL_FILE = Path(__file__).resolve().parent.parent / "data" / "qa_eval.toml"

# Measured 2026-11-30 on 298 cases: top1 0.910, top3 0.975, confident-wrong 0.000, danger
# recall 1.000 (78 cases), false alarms 0.000. Rule questions now skip the danger help when
# the harm follows a supposition ("kalau nanti gaji tidak dibayar") or asks whether an employer
# or agent may do it ("apakah majikan boleh menahan gaji"); reports keep it.
TOP1_FLOOR = 0.89
TOP3_FLOOR = 0.96
CONFIDENT_WRONG_CEILING = 0.02
DANGER_RECALL_FLOOR = 1.0
DANGER_FALSE_ALARM_CEILING = 0.02

_READY = EVAL_FILE.is_file() and (CONTENT_ROOT / "qa_danger.toml").is_file()


@pytest.fixture(scope="module")
def answerer() -> QuestionAnswerer:
    if not _READY:
        pytest.skip("content or eval file not written yet")
    return QuestionAnswerer.from_content()


@pytest.fixture(scope="module")
def report(answerer: QuestionAnswerer) -> Report:
    return evaluate(answerer, load_cases(EVAL_FILE))


def _misses(report: Report) -> str:
    return "\n".join(
        f"{o.case.text!r}: expected {o.case.expected}, got {o.answer.kind} "
        f"{[h.topic_id for h in o.answer.hits]}"
        for o in report.misses()
    )


def test_top1(report: Report) -> None:
    assert report.top1 >= TOP1_FLOOR, _misses(report)


def test_top3(report: Report) -> None:
    assert report.top3 >= TOP3_FLOOR, _misses(report)


def test_confident_wrong(report: Report) -> None:
    assert report.confident_wrong <= CONFIDENT_WRONG_CEILING, _misses(report)


def test_danger(report: Report) -> None:
    assert report.danger_recall >= DANGER_RECALL_FLOOR, _misses(report)
    assert report.danger_false_alarms <= DANGER_FALSE_ALARM_CEILING, _misses(report)


def test_eval_set_names_existing_topics(report: Report) -> None:
    library = load_topics()
    unknown = {
        (o.case.text, topic_id)
        for o in report.outcomes
        for topic_id in (o.case.expected, *o.case.also)
        if not topic_id.startswith("@") and library.topic(o.case.locale, topic_id) is None
    }
    assert not unknown, f"eval cases name topics that do not exist: {sorted(unknown)}"
    assert report.count("topic") and report.count("danger") and report.count("none")


@pytest.mark.parametrize(
    "text",
    [
        "berapa gaji di taiwan",
        "cara buat paspor",
        "kapan gaji pertama dibayar",
        "paspor hilang gimana",
        "tolong dong min cara daftar ke jepang",
        "foto ktp saya kabur, bisa diterima?",
        "pukul berapa kantor disnaker buka",
        "majikan di hongkong baik2 gak",
    ],
)
def test_harmless_questions_are_not_danger(answerer: QuestionAnswerer, text: str) -> None:
    assert answerer.ask(text, "id").kind != "danger"


@pytest.mark.parametrize(
    "text",
    [
        "paspor sy ditahan majikan",
        "tolong sy disekap",
        "gaji sy gak dibayar 3 bulan",
        "paspor sy ditahn agen",
        "majikan nahan paspor saya",
    ],
)
def test_danger_messages_with_real_phrases(answerer: QuestionAnswerer, text: str) -> None:
    assert answerer.ask(text, "id").kind == "danger"


@pytest.mark.parametrize(
    ("text", "topic"),
    [("pasport sy ilang", "paspor-hilang-ditahan"), ("gaji di taiwn berapa", "negara-taiwan")],
)
def test_typos_with_real_content(answerer: QuestionAnswerer, text: str, topic: str) -> None:
    answer = answerer.ask(text, "id")
    assert topic in [h.topic_id for h in answer.hits], answer


def test_the_quick_danger_check_agrees_with_the_full_analysis(answerer: QuestionAnswerer) -> None:
    """The interrupt that runs before every step uses ``danger``; it must hear what analyse does."""
    for case in load_cases(EVAL_FILE):
        for locale in ("id", "en"):
            expected = answerer.analyse(case.text, locale).danger
            assert answerer.danger(case.text, locale) == expected, (case.text, locale)
