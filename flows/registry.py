"""The registry: the capabilities the bot runs, one line each, composed into one engine.

Adding a capability means one more line in ``CAPABILITIES``. Here too: the check that every
transition target exists, and the Mermaid diagram of each flow. ``python -m flows.registry``
rewrites the ``.mmd`` diagram next to each flow module; a test
fails when a committed diagram differs, so the pictures reviewers read never go stale.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from flows import (
    announcements,
    checklists,
    complaints,
    households,
    information,
    jobs,
    office,
    officers,
    parenting,
    welcome,
)
from flows.engine.capability import Capability
from flows.engine.context import Contents
from flows.engine.core import Engine
from flows.engine.nodes import Flow

__all__ = [
    "CAPABILITIES",
    "FLOWS",
    "MENU_COMMANDS",
    "MODULES",
    "build_engine",
    "check_transitions",
    "diagram_path",
    "load_contents",
    "mermaid",
    "write_diagrams",
]

CAPABILITIES: tuple[Capability, ...] = (
    welcome.CAPABILITY,
    information.CAPABILITY,
    officers.CAPABILITY,
    announcements.CAPABILITY,
    complaints.CAPABILITY,
    checklists.CAPABILITY,
    jobs.CAPABILITY,
    parenting.CAPABILITY,
    households.CAPABILITY,
    office.CAPABILITY,
)

MODULES: Mapping[str, ModuleType] = {
    module.FLOW.name: module for cap in CAPABILITIES for module in cap.modules
}
FLOWS: Mapping[str, Flow] = {name: module.FLOW for name, module in MODULES.items()}
MENU_COMMANDS: tuple[tuple[str, str], ...] = tuple(
    command for cap in CAPABILITIES for command in cap.menu_commands
)


def build_engine(flows: Mapping[str, Flow] | None = None) -> Engine:
    """The engine over every capability's flows, global commands, words and interrupts."""
    return Engine(
        FLOWS if flows is None else flows,
        commands={k: v for cap in CAPABILITIES for k, v in cap.commands.items()},
        words={k: v for cap in CAPABILITIES for k, v in cap.words.items()},
        deep_links={k: v for cap in CAPABILITIES for k, v in cap.deep_links.items()},
        interrupts=tuple(i for cap in CAPABILITIES for i in cap.interrupts),
    )


def load_contents() -> Contents:
    """Load and validate every capability's content (startup fails on the first error)."""
    return Contents(*(cap.load_content() for cap in CAPABILITIES if cap.load_content))


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
