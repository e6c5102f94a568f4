"""Red-flag figures of "cek loker" on its evaluation set: per flag, then overall.

Run ``python benchmarks/cek_loker.py``. It reads ``tests/data/cek_loker_eval.toml`` (how it was
written and split is at its top), runs the detector on each offer with the set's checked
agencies, and prints precision and recall per flag for the tuning half, then the held-out half;
the LAST line is ``cek loker precision P recall R`` on the held-out half (pairs of offer and
flag, micro-averaged). Also: how many legitimate offers got no flag at all.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.jobs import load_job_content, red_flags

EVAL = ROOT / "tests" / "data" / "cek_loker_eval.toml"


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(split: str) -> tuple[float, float, list[str]]:
    """Micro precision and recall on one half, with a readable line per flag."""
    data = tomllib.loads(EVAL.read_text(encoding="utf-8"))
    content = load_job_content()
    known = data["known_agencies"]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    legit = clean = 0
    misses = []
    for offer in (o for o in data["offer"] if o["split"] == split):
        found = {f.flag for f in red_flags(content, offer["text"], known)}
        expected = set(offer["flags"])
        for flag in found & expected:
            tp[flag] += 1
        for flag in found - expected:
            fp[flag] += 1
            misses.append(f"    {offer['id']}: extra {flag}")
        for flag in expected - found:
            fn[flag] += 1
            misses.append(f"    {offer['id']}: missed {flag}")
        if offer.get("legit"):
            legit += 1
            clean += not found
    lines = [f"{split} half:"]
    for flag in [f.id for f in content.flags]:
        p = _ratio(tp[flag], tp[flag] + fp[flag])
        r = _ratio(tp[flag], tp[flag] + fn[flag])
        lines.append(
            f"  {flag:<17} precision {p:.2f} recall {r:.2f} "
            f"(tp {tp[flag]}, fp {fp[flag]}, fn {fn[flag]})"
        )
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision, recall = _ratio(all_tp, all_tp + all_fp), _ratio(all_tp, all_tp + all_fn)
    lines.append(f"  legitimate offers with no flag: {clean}/{legit}")
    lines.append(f"  {split}: precision {precision:.2f} recall {recall:.2f}")
    if "-v" in sys.argv and split == "tuning":  # never read the held-out misses
        lines.extend(misses)
    return precision, recall, lines


def main() -> None:
    """Print the tuning half, then the held-out half; the held-out figure is the last line."""
    _, _, tuning = evaluate("tuning")
    precision, recall, heldout = evaluate("heldout")
    print("\n".join([*tuning, *heldout]))
    print(f"cek loker precision {precision:.2f} recall {recall:.2f}")


if __name__ == "__main__":
    main()
