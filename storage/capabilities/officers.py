"""Storage of the officers capability: who is an officer where, and their audited actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from flows.officers import (
    AuditRow,
    InviteAccepted,
    InviteCreated,
    InviteRevoked,
    InviteRow,
    OfficerActed,
    OfficerRemoved,
    OfficerRole,
    OfficerRoleChanged,
    TeamMember,
)
from storage.audit import audit_officer
from storage.capability import CapabilityStorage
from storage.models import (
    OFFICER_ROLES,
    VILLAGE_ROLES,
    AuditEntry,
    Base,
    Officer,
    Resident,
    UTCDateTime,
    Village,
    table_of,
    utcnow,
    village_id_of,
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


invites = table_of(OfficerInvite)


villages = table_of(Village)
officers = table_of(Officer)
residents = table_of(Resident)
audit = table_of(AuditEntry)
#: Strongest first: the menu greets an officer by the strongest role they hold in a village.
_STRONGEST = ("district_admin", "coordinator", "desk_officer", "village_staff")
ROLE_ORDER: tuple[str, ...] = (*_STRONGEST, *(r for r in OFFICER_ROLES if r not in _STRONGEST))


async def _officer_acted(conn: AsyncConnection, person_id: int, effect: OfficerActed) -> None:
    await audit_officer(
        conn, effect.officer_user_id, effect.village_code, effect.action, ("", effect.subject)
    )


async def _inviter_id(conn: AsyncConnection, account: str, village_code: str) -> int:
    """The officer row through which the coordinator (or district admin) made the invitation."""
    district = officers.c.district_code == village_code[:4]
    row = (
        await conn.execute(
            select(officers.c.id)
            .where(
                officers.c.external_id == account,
                officers.c.active.is_(True),
                or_(officers.c.village_id == village_id_of(village_code), district),
            )
            .order_by(officers.c.id)
            .limit(1)
        )
    ).first()
    if row is None:
        raise PermissionError("the inviting officer holds no role in that village")
    return int(row.id)


async def _invite_created(conn: AsyncConnection, person_id: int, effect: InviteCreated) -> None:
    inviter = await _inviter_id(conn, effect.officer_user_id, effect.village_code)
    await conn.execute(
        insert(invites).values(
            code=effect.code,
            village_id=village_id_of(effect.village_code),
            role=effect.role,
            created_by=inviter,
            created_at=utcnow(),
            expires_at=effect.expires_at,
        )
    )
    await audit_officer(
        conn,
        effect.officer_user_id,
        effect.village_code,
        "officer.invited",
        ("officer_invite", effect.code[:4] + "…"),  # never the whole secret in the log
        {"role": effect.role},
    )


async def _invite_revoked(conn: AsyncConnection, person_id: int, effect: InviteRevoked) -> None:
    done = await conn.execute(
        update(invites)
        .where(
            invites.c.code == effect.code,
            invites.c.village_id == village_id_of(effect.village_code),  # scoped in SQL too
            invites.c.used_at.is_(None),
            invites.c.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    if done.rowcount:
        await audit_officer(
            conn,
            effect.officer_user_id,
            effect.village_code,
            "officer.invite_revoked",
            ("officer_invite", effect.code[:4] + "…"),
        )


async def _invite_accepted(conn: AsyncConnection, person_id: int, effect: InviteAccepted) -> None:
    now = effect.at
    spent = await conn.execute(
        update(invites)
        .where(
            invites.c.code == effect.code,
            invites.c.used_at.is_(None),
            invites.c.revoked_at.is_(None),
            invites.c.expires_at > now,
        )
        .values(used_at=now)
        .returning(invites.c.id, invites.c.village_id, invites.c.role)
    )
    row = spent.first()
    if row is None:  # used a moment ago by someone else: roll the whole message back
        raise PermissionError("invitation already used, revoked or expired")
    officer_id = (
        await conn.execute(
            insert(officers)
            .values(
                channel=effect.channel,
                external_id=effect.account,
                village_id=row.village_id,
                role=row.role,
                active=True,
                created_at=now,
            )
            .returning(officers.c.id)
        )
    ).scalar_one()
    await conn.execute(update(invites).where(invites.c.id == row.id).values(used_by=officer_id))
    await audit_officer(
        conn,
        effect.account,
        effect.village_code,
        "officer.joined",
        ("officer", str(officer_id)),
        {"role": row.role, "channel": effect.channel},
    )


async def _role_changed(conn: AsyncConnection, person_id: int, effect: OfficerRoleChanged) -> None:
    done = await conn.execute(
        update(officers)
        .where(
            officers.c.id == effect.officer_id,
            officers.c.village_id == village_id_of(effect.village_code),  # scoped in SQL too
            officers.c.active.is_(True),
        )
        .values(role=effect.role)
    )
    if done.rowcount:
        await audit_officer(
            conn,
            effect.officer_user_id,
            effect.village_code,
            "officer.role_changed",
            ("officer", str(effect.officer_id)),
            {"role": effect.role},
        )


async def _removed(conn: AsyncConnection, person_id: int, effect: OfficerRemoved) -> None:
    done = await conn.execute(
        update(officers)
        .where(
            officers.c.id == effect.officer_id,
            officers.c.village_id == village_id_of(effect.village_code),  # scoped in SQL too
            officers.c.active.is_(True),
        )
        .values(active=False, removed_at=utcnow())
    )
    if done.rowcount:
        await audit_officer(
            conn,
            effect.officer_user_id,
            effect.village_code,
            "officer.removed",
            ("officer", str(effect.officer_id)),
        )


class SqlOfficerQueries:
    """``flows.officers.OfficerQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def officer_roles(self, channel: str, user_id: str) -> tuple[OfficerRole, ...]:
        """Active roles of an account; a district admin's, once per village of the kabupaten."""
        mine = (officers.c.channel == channel) & (officers.c.external_id == user_id)
        active = officers.c.active.is_(True)
        in_village = (
            select(villages.c.code, villages.c.name, officers.c.role)
            .select_from(officers.join(villages, officers.c.village_id == villages.c.id))
            .where(mine, active)
        )
        in_district = (
            select(villages.c.code, villages.c.name, officers.c.role)
            .select_from(
                officers.join(
                    villages, func.substr(villages.c.code, 1, 4) == officers.c.district_code
                )
            )
            .where(mine, active, officers.c.district_code.is_not(None))
        )
        rows = (await self._conn.execute(in_village.union_all(in_district))).all()
        order = {role: i for i, role in enumerate(ROLE_ORDER)}
        found = sorted(
            {OfficerRole(r.code, r.name, r.role) for r in rows},
            key=lambda r: (r.village_code, order.get(r.role, 99)),
        )
        return tuple(found)

    async def team(self, village_code: str) -> tuple[TeamMember, ...]:
        """Active officers of one village, with the name they show in the chat."""
        query = (
            select(
                officers.c.id,
                officers.c.channel,
                officers.c.external_id,
                officers.c.role,
                residents.c.display_name,
            )
            .select_from(
                officers.outerjoin(
                    residents,
                    (residents.c.channel == officers.c.channel)
                    & (residents.c.external_id == officers.c.external_id),
                )
            )
            .where(
                officers.c.village_id == village_id_of(village_code), officers.c.active.is_(True)
            )
            .order_by(officers.c.role, officers.c.id)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(
            TeamMember(r.id, r.channel, r.external_id, r.display_name or r.external_id, r.role)
            for r in rows
        )

    async def invite(self, code: str) -> InviteRow | None:
        """The invitation with this code."""
        row = (await self._conn.execute(_INVITES.where(invites.c.code == code))).first()
        return _invite_row(row) if row is not None else None

    async def open_invites(self, village_code: str, now: datetime) -> tuple[InviteRow, ...]:
        """Unused, unrevoked, unexpired invitations of one village."""
        query = _INVITES.where(
            villages.c.code == village_code,
            invites.c.used_at.is_(None),
            invites.c.revoked_at.is_(None),
            invites.c.expires_at > now,
        ).order_by(invites.c.id)
        return tuple(_invite_row(r) for r in (await self._conn.execute(query)).all())

    async def recent_audit(self, village_code: str, limit: int) -> tuple[AuditRow, ...]:
        """The village's latest audit entries."""
        query = (
            select(audit)
            .where(audit.c.village_id == village_id_of(village_code))
            .order_by(audit.c.id.desc())
            .limit(limit)
        )
        rows = (await self._conn.execute(query)).all()
        return tuple(
            AuditRow(r.at, r.actor_id, r.action, f"{r.subject_type} {r.subject_id}".strip())
            for r in rows
        )


_INVITES = select(
    invites.c.code,
    villages.c.code.label("village_code"),
    villages.c.name.label("village_name"),
    invites.c.role,
    invites.c.expires_at,
    invites.c.used_at,
    invites.c.revoked_at,
).select_from(invites.join(villages, invites.c.village_id == villages.c.id))


def _invite_row(row: Any) -> InviteRow:
    return InviteRow(
        row.code,
        row.village_code,
        row.village_name,
        row.role,
        row.expires_at,
        row.used_at is not None,
        row.revoked_at is not None,
    )


STORAGE = CapabilityStorage(
    name="officers",
    effects={
        OfficerActed: _officer_acted,
        InviteCreated: _invite_created,
        InviteRevoked: _invite_revoked,
        InviteAccepted: _invite_accepted,
        OfficerRoleChanged: _role_changed,
        OfficerRemoved: _removed,
    },
    queries=SqlOfficerQueries,
)
