"""Effects of the officers capability: every officer action lands in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine.effects import Effect

__all__ = ["OfficerActed"]


@dataclass(frozen=True, slots=True)
class OfficerActed(Effect):
    """An officer did something in their village (every officer action is audited)."""

    officer_user_id: str
    village_code: str
    action: str
    subject: str = ""
