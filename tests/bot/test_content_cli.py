"""``desmigratif content review``: the topics whose figures are due a re-check, on real files."""

from __future__ import annotations

import datetime

import pytest

from bot.cli import main
from flows.information.topics import load_topics


def _review(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["content", "review", *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_lists_a_past_due_topic_and_not_a_future_one(capsys: pytest.CaptureFixture[str]) -> None:
    dated = sorted(
        (t for t in load_topics().topics("id") if t.review_by is not None),
        key=lambda t: (t.review_by, t.id),
    )
    earliest, latest = dated[0], dated[-1]
    assert earliest.review_by is not None and latest.review_by is not None
    assert earliest.review_by < latest.review_by
    as_of = earliest.review_by + datetime.timedelta(days=1)
    lines = _review(capsys, "--as-of", as_of.isoformat())
    assert lines[0].endswith(f"past due as of {as_of.isoformat()}:")
    rows = [line.split("\t") for line in lines[1:]]
    assert {(r[0], r[1]) for r in rows} >= {("id", earliest.id), ("en", earliest.id)}
    assert latest.id not in {r[1] for r in rows}, "a topic due later is not listed"
    row = next(r for r in rows if r[:2] == ["id", earliest.id])
    assert row[2:4] == [earliest.title, f"review by {earliest.review_by.isoformat()}"]
    assert all(source.title in row[4] for source in earliest.sources)


def test_says_so_when_nothing_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    dates = [t.review_by for loc in load_topics().locales() for t in load_topics().topics(loc)]
    first = min(d for d in dates if d is not None)
    assert _review(capsys, "--as-of", first.isoformat()) == [
        f"nothing past due as of {first.isoformat()}"
    ]


def test_today_is_the_default_and_the_exit_code_is_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = _review(capsys)
    assert datetime.date.today().isoformat() in lines[0]


def test_a_bad_date_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["content", "review", "--as-of", "30/11/2026"])
    assert info.value.code == 2
    assert "not a date like" in capsys.readouterr().err
