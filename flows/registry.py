"""The registry of flows, its consistency check, and the Mermaid diagram of each flow.

``python -m flows.registry`` rewrites the ``.mmd`` diagram next to each flow module; a test
fails when a committed diagram differs, so the pictures reviewers read never go stale.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from flows import help as help_flow
from flows import language, main_menu, migration_info, office, officer, start, villages
from flows.nodes import Flow

__all__ = ["FLOWS", "MODULES", "check_transitions", "diagram_path", "mermaid", "write_diagrams"]

MODULES = {
    "start": start,
    "main": main_menu,
    "help": help_flow,
    "language": language,
    "office": office,
    "village": villages,
    "officer": officer,
    "info": migration_info,
}
FLOWS: Mapping[str, Flow] = {name: module.FLOW for name, module in MODULES.items()}


def _split(target: str, flow: Flow) -> tuple[str, str]:
    flow_name, _, node = target.rpartition(":")
    return flow_name or flow.name, node


def check_transitions(flows: Mapping[str, Flow] = FLOWS) -> list[str]:
    """Every transition target that does not exist, as readable problems (empty when sound)."""
    problems = []
    for flow in flows.values():
        if flow.start not in flow.nodes:
            problems.append(f"{flow.name}: start node {flow.start} missing")
        for node in flow.nodes.values():
            for label, target in node.targets.items():
                flow_name, node_name = _split(target, flow)
                other = flows.get(flow_name)
                if other is None or node_name not in other.nodes:
                    problems.append(f"{flow.name}:{node.name} --{label}--> {target} missing")
    return problems


def mermaid(flow: Flow) -> str:
    """Draw one flow: its nodes, and arrows to its own nodes and into other flows."""
    lines = [
        "flowchart TD",
        f"    %% {flow.summary or flow.name}",
        f"    start([start]) --> {flow.start}",
    ]
    for node in flow.nodes.values():
        for label, target in node.targets.items():
            flow_name, node_name = _split(target, flow)
            dest = (
                node_name
                if flow_name == flow.name
                else f'{flow_name}_{node_name}[["{flow_name}:{node_name}"]]'
            )
            text = label.strip().replace("|", "/").replace('"', "'")
            arrow = f'-->|"{text}"|' if text else "-->"
            lines.append(f"    {node.name} {arrow} {dest}")
    return "\n".join(lines) + "\n"


def diagram_path(name: str) -> Path:
    """Where the diagram of a flow is committed: next to its module."""
    module_file = MODULES[name].__file__
    assert module_file is not None
    return Path(module_file).with_suffix(".mmd")


def write_diagrams() -> list[Path]:
    """Rewrite every flow's diagram; return the files written."""
    written = []
    for name, flow in FLOWS.items():
        path = diagram_path(name)
        path.write_text(mermaid(flow), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_diagrams():
        sys.stdout.write(f"wrote {path}\n")
