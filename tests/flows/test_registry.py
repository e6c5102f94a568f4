"""The flows as a whole: transitions land somewhere, diagrams are current, flows stay portable."""

from __future__ import annotations

import ast
from pathlib import Path

from flows.engine.nodes import Say, make_flow
from flows.registry import FLOWS, check_transitions, diagram_path, mermaid

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"
FORBIDDEN = {"telegram", "aiohttp", "sqlalchemy", "asyncpg", "aiosqlite", "httpx"}


def test_every_transition_target_exists() -> None:
    assert check_transitions(FLOWS) == []


def test_a_dangling_transition_is_reported() -> None:
    async def nothing(ctx, data):  # type: ignore[no-untyped-def]
        raise AssertionError

    broken = {**FLOWS, "broken": make_flow("broken", "a", Say("a", nothing, next="nowhere:b"))}
    assert check_transitions(broken) == ["broken:a ----> nowhere:b missing"]


def test_committed_diagrams_match_the_flows() -> None:
    stale = [
        name
        for name, flow in FLOWS.items()
        if not diagram_path(name).is_file()
        or diagram_path(name).read_text(encoding="utf-8") != mermaid(flow)
    ]
    assert stale == [], "run `python -m flows.registry` and commit the .mmd files"


def test_flows_never_import_a_channel_or_database_library() -> None:
    offenders = []
    for path in FLOWS_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
