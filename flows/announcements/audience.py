"""Who an announcement is for, as stored and as an officer reads it."""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.context import Context
from flows.engine.i18n import LOCALE_NAMES, N_
from flows.welcome import SITUATIONS

__all__ = ["WHOLE_VILLAGE", "describe", "is_valid"]

WHOLE_VILLAGE: Mapping[str, str] = {"kind": "village"}
EVERYONE = N_("everyone registered in {village}")
IN_SITUATION = N_("{situation} in {village}")
IN_LANGUAGE = N_("people reading {language} in {village}")


def is_valid(audience: object) -> bool:
    """A stored audience this version understands (anything else is refused, never guessed)."""
    if not isinstance(audience, Mapping):
        return False
    kind, value = audience.get("kind"), audience.get("value")
    return (
        kind == "village"
        or (kind == "situation" and value in SITUATIONS)
        or (kind == "language" and value in LOCALE_NAMES)
    )


def describe(ctx: Context, audience: Mapping[str, str], village: str) -> str:
    """The audience in plain words."""
    kind, value = audience.get("kind"), str(audience.get("value", ""))
    if kind == "situation" and value in SITUATIONS:
        return ctx._(IN_SITUATION, situation=ctx._(SITUATIONS[value]), village=village)
    if kind == "language" and value in LOCALE_NAMES:
        return ctx._(IN_LANGUAGE, language=LOCALE_NAMES[value], village=village)
    return ctx._(EVERYONE, village=village)
