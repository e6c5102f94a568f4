"""How a capability's storage module plugs in: its effect handlers and its reads.

Each module in ``storage/capabilities/`` exports one ``STORAGE``: a table from effect type to
the function that writes it, and the class answering its flows' reads (the capability's
``ports`` protocol). ``storage.registry`` finds the modules by itself, so a new capability adds
a module there and touches no shared file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import Effect

__all__ = ["CapabilityStorage", "EffectHandler"]

#: Writes one effect inside the caller's transaction: (connection, person id, effect).
EffectHandler = Callable[[AsyncConnection, int, Any], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class CapabilityStorage:
    """One capability's statements, as the unit of work uses them."""

    name: str
    effects: Mapping[type[Effect], EffectHandler] = field(default_factory=dict)
    #: Adds this capability's rows to ``desmigratif seed-demo``'s fake district:
    #: (connection, plan, village ids, first resident id) → rows made, by table.
    seed: Callable[[AsyncConnection, Any, Sequence[int], int], Awaitable[dict[str, int]]] | None = (
        None
    )
    #: Builds the object answering this capability's reads on one connection.
    queries: Callable[[AsyncConnection], object] | None = None
