"""Latency of the question answerer with a library grown to 500 topics.

Run from the repository root: ``python benchmarks/qa_latency.py``. The real topics are padded
with synthetic ones recombined from the real vocabulary (so the index has realistic term
statistics), the index build is timed cold (this includes loading Sastrawi's dictionary), then
the evaluation questions are asked over and over (at most 5,000 asks or 60 s). The last line is
``qa latency p95 X ms startup Y ms (500 topics)``.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flows.information.files import CONTENT_ROOT
from flows.information.qa import QuestionAnswerer
from flows.information.qa.data import (
    DANGER_FILE,
    SYNONYMS_FILE,
    load_danger,
    load_danger_frames,
    load_synonyms,
)
from flows.information.qa.evaluation import load_cases
from flows.information.topics import Phase, Topic, TopicLibrary, load_topics

__all__ = ["TARGET_TOPICS", "grow_library", "main"]

TARGET_TOPICS = 500
_MAX_ASKS = 5_000
_MAX_SECONDS = 60.0
_EVAL_FILE = ROOT / "tests" / "data" / "qa_eval.toml"


def _synthetic(real: tuple[Topic, ...], number: int, rng: random.Random) -> Topic:
    titles = [w for t in real for w in t.title.split()]
    keywords = [k for t in real for k in t.keywords]
    body = [w for t in real for w in t.body.split()]
    template = real[number % len(real)]
    return Topic(
        id=f"sintetis-{number}",
        locale=template.locale,
        phase=template.phase,
        title=" ".join(rng.sample(titles, k=min(4, len(titles)))),
        keywords=tuple(rng.sample(keywords, k=min(6, len(keywords)))),
        body=" ".join(rng.choices(body, k=rng.randint(60, 220))),
        related=(),
        sources=template.sources,
        checked_on=template.checked_on,
    )


def grow_library(library: TopicLibrary, target: int = TARGET_TOPICS) -> TopicLibrary:
    """``library`` with synthetic topics added until each locale has ``target`` topics."""
    by_locale: dict[str, dict[str, Topic]] = {}
    phases: dict[str, tuple[Phase, ...]] = {}
    for locale in library.locales():
        rng = random.Random(f"qa-latency-{locale}")
        real = library.topics(locale)
        topics = {t.id: t for t in real}
        for number in range(max(target - len(real), 0)):
            extra = _synthetic(real, number, rng)
            topics[extra.id] = extra
        by_locale[locale] = topics
        phases[locale] = library.phases(locale)
    return TopicLibrary(by_locale, phases)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _cold_real_startup_ms() -> float:
    """Load and index the real content in a fresh interpreter, as the bot does at startup."""
    code = (
        "import time; t = time.perf_counter(); "
        "from flows.information.qa import QuestionAnswerer; QuestionAnswerer.from_content(); "
        "print((time.perf_counter() - t) * 1000)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Build the 500-topic index, time it and the asks, print the figures."""
    real = load_topics()
    synonyms = load_synonyms(CONTENT_ROOT / SYNONYMS_FILE)
    danger = load_danger(CONTENT_ROOT / DANGER_FILE)
    frames = load_danger_frames(CONTENT_ROOT / DANGER_FILE)
    library = grow_library(real)
    sizes = {loc: len(library.topics(loc)) for loc in library.locales()}
    started = time.perf_counter()
    answerer = QuestionAnswerer.build(library, synonyms=synonyms, danger=danger, frames=frames)
    startup_ms = (time.perf_counter() - started) * 1000
    real_ms = _cold_real_startup_ms()
    cases = load_cases(_EVAL_FILE)
    timings: list[float] = []
    deadline = time.perf_counter() + _MAX_SECONDS
    while len(timings) < _MAX_ASKS and time.perf_counter() < deadline:
        for case in cases:
            began = time.perf_counter()
            answerer.ask(case.text, case.locale)
            timings.append((time.perf_counter() - began) * 1000)
            if len(timings) >= _MAX_ASKS:
                break
    first_pass = timings[: len(cases)]
    print(f"topics per locale: {sizes}")
    print(f"startup (500-topic index, cold): {startup_ms:.0f} ms")
    print(f"startup (real content, load + build, cold, fresh process): {real_ms:.0f} ms")
    print(f"asks: {len(timings)} ({len(cases)} distinct questions)")
    print(
        f"latency ms: p50 {statistics.median(timings):.2f} p95 {_percentile(timings, 0.95):.2f} "
        f"max {max(timings):.2f}; first pass (cold caches) p95 "
        f"{_percentile(first_pass, 0.95):.2f} max {max(first_pass):.2f}"
    )
    print(
        f"qa latency p95 {_percentile(timings, 0.95):.1f} ms startup {startup_ms:.0f} ms "
        f"({TARGET_TOPICS} topics)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
