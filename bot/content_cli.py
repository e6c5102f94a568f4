"""``desmigratif content …``: checks on the content files, for whoever keeps them up to date.

``content review`` lists the topics whose wages, fees, benefit amounts or phone numbers are
past their ``review_by`` day, in every locale, so the village office knows what to re-check
against the sources. It reads only the files shipped with the package: no database, no settings.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from flows.information.topics import TopicLibrary, load_topics

__all__ = ["add_content_commands", "run_content"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-01-31") from exc


def add_content_commands(sub: Any) -> None:
    """Add the ``content`` subcommand to the top-level parser."""
    content = sub.add_parser("content", help="check the content files").add_subparsers(
        dest="action", required=True
    )
    review = content.add_parser(
        "review", help="list topics whose figures (wages, fees, phone numbers) are due a re-check"
    )
    review.add_argument(
        "--as-of", type=_day, default=None, help="the day to judge by (default: today)"
    )


def review_lines(library: TopicLibrary, as_of: date) -> list[str]:
    """One tab-separated line per past-due topic, or a line saying there is none."""
    due = library.past_due(as_of)
    if not due:
        return [f"nothing past due as of {as_of.isoformat()}"]
    lines = [f"{len(due)} topic(s) past due as of {as_of.isoformat()}:"]
    for topic in due:
        review_by = topic.review_by.isoformat() if topic.review_by else "-"
        sources = "; ".join(s.title for s in topic.sources)
        lines.append(f"{topic.locale}\t{topic.id}\t{topic.title}\treview by {review_by}\t{sources}")
    return lines


def run_content(args: argparse.Namespace) -> None:
    """Carry out one ``content`` subcommand, printing what it found."""
    if args.action == "review":
        for line in review_lines(load_topics(), args.as_of or date.today()):
            print(line)
