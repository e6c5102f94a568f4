"""Every capability's storage module, found in ``storage/capabilities/`` and composed once.

The unit of work applies an effect through the handler registered for its type and hands
flows each capability's reads by name; an effect nobody registered is a programming error
and fails loudly.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from flows.engine.effects import Effect
from storage import capabilities
from storage.capability import CapabilityStorage, EffectHandler

__all__ = ["HANDLERS", "QUERIES", "STORAGES", "apply_effect"]


def _discover() -> tuple[CapabilityStorage, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(capabilities.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{capabilities.__name__}.{info.name}")
        storage = getattr(module, "STORAGE", None)
        if isinstance(storage, CapabilityStorage):
            found.append(storage)
    return tuple(found)


STORAGES: tuple[CapabilityStorage, ...] = _discover()


def _handlers() -> Mapping[type[Effect], EffectHandler]:
    table: dict[type[Effect], EffectHandler] = {}
    for storage in STORAGES:
        for kind, handler in storage.effects.items():
            if kind in table:
                raise RuntimeError(f"two storage modules handle {kind.__name__}")
            table[kind] = handler
    return table


HANDLERS = _handlers()


async def apply_effect(conn: AsyncConnection, person_id: int, effect: Effect) -> None:
    """Carry out one effect inside the caller's transaction."""
    handler = HANDLERS.get(type(effect))
    if handler is None:
        raise LookupError(f"no storage handler for effect {type(effect).__name__}")
    await handler(conn, person_id, effect)


#: Each capability's reads, by capability name: built on a connection when a flow asks.
QUERIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    s.name: s.queries for s in STORAGES if s.queries is not None
}
