"""Storage of the officers capability: who is an officer where, and their audited actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from flows.officers import OfficerActed, OfficerRole
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.models import (
    VILLAGE_ROLES,
    Base,
    Officer,
    UTCDateTime,
    Village,
    table_of,
    utcnow,
)

__all__ = ["STORAGE", "OfficerInvite", "SqlOfficerQueries"]


class OfficerInvite(Base):
    """A one-time invitation a coordinator made for someone to become an officer."""

    __tablename__ = "officer_invites"
    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(r) for r in VILLAGE_ROLES)})", name="role"),
        {"comment": "One-time links (t.me/<bot>?start=inv-<code>) that make someone an officer"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    code: Mapped[str] = mapped_column(
        String(16), unique=True, comment="The secret code in the link (usable once)"
    )
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), comment="Village of the offered role"
    )
    role: Mapped[str] = mapped_column(String(30), comment="Role offered")
    created_by: Mapped[int] = mapped_column(
        ForeignKey("officers.id", ondelete="CASCADE"), comment="Officer who made it"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, comment="Unusable after (UTC)")
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When accepted")
    used_by: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="The officer role it created"
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When revoked")


villages = table_of(Village)
officers = table_of(Officer)


async def _officer_acted(conn: AsyncConnection, person_id: int, effect: OfficerActed) -> None:
    await audit_officer(
        conn, effect.officer_user_id, effect.village_code, effect.action, ("", effect.subject)
    )


class SqlOfficerQueries:
    """``flows.officers.OfficerQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """Active village roles of an account on a channel."""
        query = (
            select(villages.c.code, villages.c.name, officers.c.role)
            .select_from(officers.join(villages, officers.c.village_id == villages.c.id))
            .where(
                officers.c.channel == channel,
                officers.c.external_id == user_id,
                officers.c.active.is_(True),
            )
            .order_by(villages.c.code, officers.c.role)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(OfficerRole(r.code, r.name, r.role) for r in rows)


STORAGE = CapabilityStorage(
    name="officers", effects={OfficerActed: _officer_acted}, queries=SqlOfficerQueries
)
