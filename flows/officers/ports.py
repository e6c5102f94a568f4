"""The reads the officers capability needs from storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from flows.engine.context import Context

__all__ = [
    "AuditRow",
    "InviteRow",
    "OfficerQueries",
    "OfficerRole",
    "TeamMember",
    "officer_queries",
]


@dataclass(frozen=True, slots=True)
class OfficerRole:
    """One role an officer holds in one village (a district admin: one per village of theirs)."""

    village_code: str
    village_name: str
    role: str


@dataclass(frozen=True, slots=True)
class TeamMember:
    """An officer of a village, as a coordinator sees them."""

    officer_id: int
    channel: str
    account: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class InviteRow:
    """An invitation to become an officer, as stored."""

    code: str
    village_code: str
    village_name: str
    role: str
    expires_at: datetime
    used: bool
    revoked: bool


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One recent entry of a village's audit log."""

    at: datetime
    actor: str
    action: str
    subject: str


class OfficerQueries(Protocol):
    """Who is an officer where, in which role; invitations; the audit trail."""

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """The active roles of this account, district roles expanded to their villages."""
        ...

    async def team(self, village_code: str) -> tuple[TeamMember, ...]:
        """The active officers of one village (village roles only)."""
        ...

    async def invite(self, code: str) -> InviteRow | None:
        """The invitation with this code, if one exists."""
        ...

    async def open_invites(self, village_code: str, now: datetime) -> tuple[InviteRow, ...]:
        """Invitations of one village that can still be used."""
        ...

    async def recent_audit(self, village_code: str, limit: int) -> tuple[AuditRow, ...]:
        """The latest audit entries of one village, newest first."""
        ...


def officer_queries(ctx: Context) -> OfficerQueries:
    """The officers capability's reads in the current transaction."""
    return cast("OfficerQueries", ctx.queries.of("officers"))
