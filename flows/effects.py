"""Effects: the writes a flow asks for, named as facts that happened.

Flows never write. They return these frozen facts; the runner applies them to storage inside
the same transaction that saves the conversation state, so either both happen or neither does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Effect", "LanguageChosen", "VillageJoined"]


@dataclass(frozen=True, slots=True)
class LanguageChosen:
    """The person picked the language the bot should speak to them."""

    locale: str


@dataclass(frozen=True, slots=True)
class VillageJoined:
    """The person registered with a village (from a poster's QR link or by typing its code)."""

    village_code: str
    via: Literal["deep_link", "typed"]


Effect = LanguageChosen | VillageJoined
