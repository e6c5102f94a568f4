"""Scoring the engine against the labelled questions in ``tests/data/qa_eval.toml``.

One place computes the metrics so the accuracy benchmark, the tuning script and the regression
test cannot drift apart. The metrics follow what hurts a migrant: top1/top3 say whether the right
page is shown or offered, confident-wrong says how often the bot asserts a wrong page (counting
out-of-scope questions answered confidently and danger messages answered with a brochure), and
danger recall says how often someone in trouble gets the help contacts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, read_toml, require_list_of_str, require_str
from flows.information.qa.answerer import Answer, QuestionAnswerer

__all__ = ["DANGER", "NONE", "EvalCase", "Outcome", "Report", "evaluate", "load_cases"]

DANGER = "@danger"
NONE = "@none"


@dataclass(frozen=True, slots=True)
class EvalCase:
    """A labelled question: the expected topic id, ``@danger`` or ``@none``."""

    text: str
    locale: str
    expected: str
    also: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """ "danger", "none" or "topic"."""
        return {DANGER: "danger", NONE: "none"}.get(self.expected, "topic")

    @property
    def acceptable(self) -> frozenset[str]:
        """Topic ids that count as a right answer."""
        return frozenset(t for t in (self.expected, *self.also) if not t.startswith("@"))


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case and what the engine answered."""

    case: EvalCase
    answer: Answer

    @property
    def first(self) -> str | None:
        """The first topic offered, if any."""
        return self.answer.hits[0].topic_id if self.answer.hits else None

    @property
    def top1(self) -> bool:
        """The first hit is acceptable."""
        return self.first in self.case.acceptable

    @property
    def top3(self) -> bool:
        """An acceptable topic is among the first three hits."""
        return any(h.topic_id in self.case.acceptable for h in self.answer.hits[:3])

    @property
    def confident_wrong(self) -> bool:
        """Answered confidently with a topic that is not acceptable."""
        return self.answer.kind == "confident" and not self.top1

    @property
    def passed(self) -> bool:
        """What the case asks for: right first hit, danger spotted, or no confident answer."""
        if self.case.kind == "danger":
            return self.answer.kind == "danger"
        if self.case.kind == "none":
            return self.answer.kind in ("none", "unsure")
        return self.answer.kind != "danger" and self.top1


@dataclass(frozen=True)
class Report:
    """Metrics over a set of outcomes."""

    outcomes: tuple[Outcome, ...]

    def _share(self, kind: str | None, test: Callable[[Outcome], bool]) -> float:
        pool = [o for o in self.outcomes if kind is None or o.case.kind == kind]
        return sum(1 for o in pool if test(o)) / len(pool) if pool else 0.0

    @property
    def top1(self) -> float:
        """Share of topic cases whose first hit is acceptable."""
        return self._share("topic", lambda o: o.answer.kind != "danger" and o.top1)

    @property
    def top3(self) -> float:
        """Share of topic cases with an acceptable topic in the first three hits."""
        return self._share("topic", lambda o: o.answer.kind != "danger" and o.top3)

    @property
    def confident_wrong(self) -> float:
        """Share of all cases answered confidently with an unacceptable topic."""
        return self._share(None, lambda o: o.confident_wrong)

    @property
    def confident_right(self) -> float:
        """Share of topic cases answered confidently and rightly."""
        return self._share("topic", lambda o: o.answer.kind == "confident" and o.top1)

    @property
    def danger_recall(self) -> float:
        """Share of danger cases detected as danger."""
        return self._share("danger", lambda o: o.answer.kind == "danger")

    @property
    def danger_false_alarms(self) -> float:
        """Share of non-danger cases wrongly detected as danger."""
        pool = [o for o in self.outcomes if o.case.kind != "danger"]
        return sum(1 for o in pool if o.answer.kind == "danger") / len(pool) if pool else 0.0

    def count(self, kind: str) -> int:
        """How many cases of ``kind`` ("topic", "danger", "none")."""
        return sum(1 for o in self.outcomes if o.case.kind == kind)

    def passed(self, kind: str) -> float:
        """Share of cases of ``kind`` that passed."""
        return self._share(kind, lambda o: o.passed)

    def misses(self) -> tuple[Outcome, ...]:
        """The outcomes that did not pass, or were confidently wrong."""
        return tuple(o for o in self.outcomes if not o.passed or o.confident_wrong)

    def summary(self) -> str:
        """The one-line summary printed last by the benchmark."""
        return (
            f"qa top1 {self.top1:.3f} top3 {self.top3:.3f} "
            f"confident-wrong {self.confident_wrong:.3f}"
        )


def load_cases(file: Traversable) -> tuple[EvalCase, ...]:
    """Read and check the labelled questions."""
    data = read_toml(file, schema=1)
    rows = data.get("case")
    if not isinstance(rows, list) or not rows:
        raise ContentError(file.name, "case", "must be a non-empty array of [[case]] tables")
    cases = []
    for i, row in enumerate(rows):
        where = f"case[{i}]."
        if not isinstance(row, dict):
            raise ContentError(file.name, f"case[{i}]", "must be a table")
        cases.append(
            EvalCase(
                text=require_str(row, "text", file.name, where=where),
                locale=require_str(row, "locale", file.name, where=where),
                expected=require_str(row, "expected", file.name, where=where),
                also=require_list_of_str(row, "also", file.name, where=where),
            )
        )
    return tuple(cases)


def evaluate(answerer: QuestionAnswerer, cases: Sequence[EvalCase]) -> Report:
    """Ask every case and collect the outcomes."""
    return Report(tuple(Outcome(c, answerer.ask(c.text, c.locale)) for c in cases))
