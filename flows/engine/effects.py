"""Effects: the writes a flow asks for, named as facts that happened.

Flows never write. They return these frozen facts; the runner applies them to storage inside
the same transaction that saves the conversation state, so either both happen or neither does.
Each capability defines its own effects (subclasses of ``Effect``) in its package and storage
registers a handler per effect type. The two here change the person every flow speaks to, so
the engine itself applies them to the context at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from flows.engine.ports import Person

__all__ = ["Effect", "LanguageChosen", "VillageJoined"]


class Effect:
    """Base of every effect: a frozen dataclass that storage has a handler for."""

    __slots__ = ()

    def applied_to(self, person: Person) -> Person:
        """The person as this effect leaves them (most effects do not change the person)."""
        return person


@dataclass(frozen=True, slots=True)
class LanguageChosen(Effect):
    """The person picked the language the bot should speak to them."""

    locale: str


@dataclass(frozen=True, slots=True)
class VillageJoined(Effect):
    """The person registered with (or moved to) a village: from a poster's QR link, by typing
    its code, by its name (``search``) or from the list of provinces and kabupaten (``list``)."""

    village_code: str
    via: Literal["deep_link", "typed", "search", "list"]
    village_name: str = ""
    timezone: str = "Asia/Jakarta"
