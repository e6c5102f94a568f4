"""Golden transcripts: whole conversations in Bahasa Indonesia that anyone can review.

Each file in ``transcripts/`` holds the person's lines (``me:``) and the bot's replies
(``bot:``, buttons in brackets). The test replays the person's lines and compares every
reply. After a deliberate change, run ``pytest --rewrite-transcripts`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Reply
from tests.support.chat import ChatTester, add_village, make_runner

HERE = Path(__file__).parent / "transcripts"
FILES = sorted(HERE.glob("*.txt"))


def _render(replies: tuple[Reply, ...]) -> list[str]:
    lines = []
    for reply in replies:
        first, *rest = reply.text.split("\n")
        lines.append(f"bot: {first}")
        lines += [f"     {line}".rstrip() for line in rest]
        if reply.choices:
            lines.append("     [" + "] [".join(c.label for c in reply.choices) + "]")
    return lines


def _script(path: Path) -> tuple[list[str], list[str]]:
    header, said = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            header.append(line)
        elif line.startswith("me: "):
            said.append(line.removeprefix("me: "))
    return header, said


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_transcript(
    path: Path, sqlite_engine: AsyncEngine, request: pytest.FixtureRequest
) -> None:
    await add_village(sqlite_engine)
    chat = ChatTester(make_runner(sqlite_engine), sqlite_engine)
    header, said = _script(path)
    produced = [*header]
    for text in said:
        produced.append(f"me: {text}")
        produced += _render(await chat.send(text))
    actual = "\n".join(produced) + "\n"
    if request.config.getoption("--rewrite-transcripts"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: review, then --rewrite-transcripts"
    )


def test_there_are_transcripts() -> None:
    assert FILES, "tests/flows/transcripts/ should hold at least one conversation"
