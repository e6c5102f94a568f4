"""What a capability package gives the bot: its flows, words, commands, interrupts and content.

Each package under ``flows/`` exports one ``CAPABILITY``; ``flows.registry`` lists them, one
line each, and builds the engine from them. Nothing else needs to know a capability exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

from flows.engine.core import Interrupt
from flows.engine.nodes import Flow

__all__ = ["Capability"]


@dataclass(frozen=True, slots=True)
class Capability:
    """One capability, as the registry composes it."""

    name: str
    #: Modules that each define one ``FLOW`` (its ``.mmd`` diagram sits next to the module).
    modules: tuple[ModuleType, ...]
    #: ``/command`` → target node, working from anywhere.
    commands: Mapping[str, str] = field(default_factory=dict)
    #: Typed words (cleaned) → target node, working from anywhere.
    words: Mapping[str, str] = field(default_factory=dict)
    #: Deep-link payload prefix (``inv`` in ``/start inv-K7Q2``) → target node; the payload
    #: arrives in the flow's data as ``payload``.
    deep_links: Mapping[str, str] = field(default_factory=dict)
    #: Commands for Telegram's menu button: (command, translatable description).
    menu_commands: tuple[tuple[str, str], ...] = ()
    #: Checks typed text before the current step (danger help).
    interrupts: tuple[Interrupt, ...] = ()
    #: Loads and validates this capability's content at startup (``ctx.content.of(...)``).
    load_content: Callable[[], object] | None = None

    @property
    def flows(self) -> dict[str, Flow]:
        """This capability's flows by name."""
        found: dict[str, Flow] = {}
        for module in self.modules:
            flow: Flow = module.FLOW
            found[flow.name] = flow
        return found
