"""Effects of the officers capability: every officer action lands in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.engine.effects import Effect

__all__ = [
    "InviteAccepted",
    "InviteCreated",
    "InviteRevoked",
    "OfficerActed",
    "OfficerRemoved",
    "OfficerRoleChanged",
]


@dataclass(frozen=True, slots=True)
class OfficerActed(Effect):
    """An officer did something in their village (every officer action is audited)."""

    officer_user_id: str
    village_code: str
    action: str
    subject: str = ""


@dataclass(frozen=True, slots=True)
class InviteCreated(Effect):
    """A coordinator made a one-time invitation for a role in their village."""

    officer_user_id: str
    village_code: str
    role: str
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class InviteRevoked(Effect):
    """A coordinator withdrew an unused invitation of their village."""

    officer_user_id: str
    village_code: str
    code: str


@dataclass(frozen=True, slots=True)
class InviteAccepted(Effect):
    """The person used an invitation: they now hold its role (storage refuses a spent code)."""

    channel: str
    account: str
    code: str
    village_code: str
    role: str
    #: When it was accepted (the flow's clock): an invitation expired by then is refused.
    at: datetime


@dataclass(frozen=True, slots=True)
class OfficerRoleChanged(Effect):
    """A coordinator gave one of their village's officers another role."""

    officer_user_id: str
    village_code: str
    officer_id: int
    role: str


@dataclass(frozen=True, slots=True)
class OfficerRemoved(Effect):
    """A coordinator removed one of their village's officers."""

    officer_user_id: str
    village_code: str
    officer_id: int
