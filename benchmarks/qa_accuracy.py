"""Accuracy of the question answerer on the labelled questions.

Two sets, kept apart: ``tests/data/qa_eval.toml`` is the set the engine is tuned on;
``tests/data/qa_real_tuning.toml`` (questions real people wrote, each with its source) is
tuned on too. ``tests/data/qa_real.toml`` (more such questions, from other pages) and
``tests/data/qa_danger_real.toml`` (real danger messages, and ordinary questions that share
their words) are held out: nothing is tuned on them, and their misses are not printed unless
asked for (``--held-out-misses``), so that nobody tunes on them by accident.

Run from the repository root: ``python benchmarks/qa_accuracy.py``. Prints a breakdown per kind
of case and every miss of the tuning set, then ``real-questions qa top1 A top3 B
confident-wrong C`` for the held-out questions, ``danger recall R false-alarms F`` (recall on
the held-out danger messages; false alarms on every held-out question that is not danger), and
last the line ``qa top1 A top3 B confident-wrong C`` for the tuning set.

``--tune`` also searches the decision thresholds. To guard against fitting the eval set, it
tunes on each half of the cases and scores on the other half, then prints the thresholds tuned
on all cases; copy them into ``DEFAULT_THRESHOLDS`` only if both halves agree.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flows.information.qa import DEFAULT_THRESHOLDS, Analysis, QuestionAnswerer, Thresholds, decide
from flows.information.qa.evaluation import EvalCase, Outcome, Report, evaluate, load_cases

__all__ = ["DANGER_REAL_FILE", "EVAL_FILE", "REAL_FILE", "main", "tune"]

EVAL_FILE = ROOT / "tests" / "data" / "qa_eval.toml"
REAL_FILE = ROOT / "tests" / "data" / "qa_real.toml"
REAL_TUNING_FILE = ROOT / "tests" / "data" / "qa_real_tuning.toml"
DANGER_REAL_FILE = ROOT / "tests" / "data" / "qa_danger_real.toml"
_MAX_CONFIDENT_WRONG = 0.02
_WRONG_COST = 8.0


def _grid() -> list[Thresholds]:
    steps = [round(0.05 * i, 3) for i in range(1, 19)]
    return [
        Thresholds(confident=c, margin=m, plausible=p, offer_ratio=0.5)
        for c, m, p in itertools.product(steps, [0.0, *steps[:12]], steps[:8])
        if p <= c
    ]


def _report(cases: Sequence[EvalCase], analyses: Sequence[Analysis], rule: Thresholds) -> Report:
    return Report(tuple(Outcome(c, decide(a, rule)) for c, a in zip(cases, analyses, strict=True)))


def _value(report: Report) -> float:
    """Right page shown, then answered directly, then silence on out-of-scope questions.

    A confident wrong answer costs about as much as seven confident right ones gain.
    """
    none_quiet = sum(
        1 for o in report.outcomes if o.case.kind == "none" and o.answer.kind == "none"
    ) / max(report.count("none"), 1)
    value = 2.0 * report.top3 + report.top1 + report.confident_right + 0.1 * none_quiet
    return value - _WRONG_COST * report.confident_wrong


def tune(cases: Sequence[EvalCase], analyses: Sequence[Analysis]) -> Thresholds:
    """The grid thresholds with the best value and confident-wrong under the limit."""

    def score(rule: Thresholds) -> tuple[bool, float]:
        report = _report(cases, analyses, rule)
        return (report.confident_wrong <= _MAX_CONFIDENT_WRONG, _value(report))

    return max(_grid(), key=score)


def _cross_check(cases: Sequence[EvalCase], analyses: Sequence[Analysis]) -> None:
    halves = [list(range(0, len(cases), 2)), list(range(1, len(cases), 2))]
    for name, (fit, held) in (("even->odd", halves), ("odd->even", halves[::-1])):
        rule = tune([cases[i] for i in fit], [analyses[i] for i in fit])
        report = _report([cases[i] for i in held], [analyses[i] for i in held], rule)
        print(f"tune {name}: {rule}")
        print(f"  held-out: {report.summary()} confident-right {report.confident_right:.3f}")
    rule = tune(cases, analyses)
    report = _report(cases, analyses, rule)
    print(f"tune all: {rule}")
    print(f"  in-sample: {report.summary()} confident-right {report.confident_right:.3f}")
    print(f"in use: {DEFAULT_THRESHOLDS}")
    for start, name in ((0, "even"), (1, "odd")):
        report = _report(cases[start::2], analyses[start::2], DEFAULT_THRESHOLDS)
        print(f"  {name} half: {report.summary()} confident-right {report.confident_right:.3f}")


def _print_misses(report: Report) -> None:
    misses = report.misses()
    print(f"misses ({len(misses)}):")
    for o in misses:
        got = ", ".join(f"{h.topic_id}:{h.score:.2f}" for h in o.answer.hits) or "-"
        wanted = "|".join((o.case.expected, *o.case.also))
        print(f"  [{o.case.locale}] {o.case.text!r}: expected {wanted}; got {o.answer.kind} {got}")


def _held_out(answerer: QuestionAnswerer, show_misses: bool) -> tuple[Report, Report]:
    """The held-out figures: real questions, and danger messages with their ordinary twins."""
    real = evaluate(answerer, load_cases(REAL_FILE))
    danger = evaluate(answerer, load_cases(DANGER_REAL_FILE))
    print(f"held out: {len(real.outcomes)} real questions, {len(danger.outcomes)} danger set")
    if show_misses:
        _print_misses(real)
        _print_misses(danger)
    return real, danger


def _print_report(report: Report) -> None:
    kinds = Counter(o.answer.kind for o in report.outcomes)
    print(f"cases {len(report.outcomes)}; answers: {dict(sorted(kinds.items()))}")
    for kind in ("topic", "danger", "none"):
        print(f"  {kind:6} cases {report.count(kind):4}  passed {report.passed(kind):.3f}")
    print(f"confident-right (topic cases) {report.confident_right:.3f}")
    print(
        f"danger recall {report.danger_recall:.3f}  false alarms {report.danger_false_alarms:.3f}"
    )
    _print_misses(report)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation (and optionally the threshold search) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tune", action="store_true", help="search the decision thresholds")
    parser.add_argument(
        "--tuning-only",
        action="store_true",
        help="only the tuning sets (for whoever tunes: the held-out figures stay unseen)",
    )
    parser.add_argument(
        "--held-out-misses",
        action="store_true",
        help="also list the held-out sets' misses (to report them, never to tune on them)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    answerer = QuestionAnswerer.from_content()
    cases = load_cases(EVAL_FILE)
    print(f"loaded content and {len(cases)} cases in {time.perf_counter() - started:.2f} s")
    if args.tune:
        _cross_check(cases, [answerer.analyse(c.text, c.locale) for c in cases])
    report = evaluate(answerer, cases)
    _print_report(report)
    real_tuning = evaluate(answerer, load_cases(REAL_TUNING_FILE))
    print(f"real-questions tuning set ({len(real_tuning.outcomes)} cases):")
    _print_report(real_tuning)
    print(f"real-tuning {real_tuning.summary()}")
    if args.tuning_only:
        print(report.summary())
        return 0
    real, danger = _held_out(answerer, args.held_out_misses)
    ordinary = Report(
        tuple(o for o in (*real.outcomes, *danger.outcomes) if o.case.kind != "danger")
    )
    print(f"real-questions {real.summary()}")
    print(
        f"danger recall {danger.danger_recall:.3f} false-alarms {ordinary.danger_false_alarms:.3f}"
    )
    print(report.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
