"""The parenting capability's reads, each scoped in SQL by who asks.

A parent's reads join their own *active* link; an officer's reads the village acted for (the
flow has checked the role, the SQL keeps another village's rows out whatever id arrives).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.parenting import (
    CallRow,
    ChildRow,
    CodeRow,
    LinkRow,
    MessageRow,
    OpenCodeRow,
    RestrictionRow,
    UpdateRow,
    WaitingRow,
)
from storage.models import Resident, Village, table_of
from storage.parenting_models import (
    Child,
    ChildLink,
    ChildLinkCode,
    ChildMessage,
    ChildRestriction,
    ChildUpdate,
    ChildUpdatePhoto,
    ParentingOptIn,
    ParentingSetting,
    VideoCall,
)

__all__ = ["SqlParentingQueries"]

children = table_of(Child)
links = table_of(ChildLink)
codes = table_of(ChildLinkCode)
restrictions = table_of(ChildRestriction)
updates = table_of(ChildUpdate)
photos = table_of(ChildUpdatePhoto)
messages = table_of(ChildMessage)
calls = table_of(VideoCall)
opt_ins = table_of(ParentingOptIn)
settings = table_of(ParentingSetting)
residents = table_of(Resident)
villages = table_of(Village)

_CHILD_COLUMNS = (
    children, villages.c.code.label("village_code"), villages.c.name.label("village_name"),
    villages.c.timezone.label("village_timezone"),
)  # fmt: skip


def _row(row: Any, relation: str = "", **extra: Any) -> ChildRow:
    return ChildRow(
        id=row.id, name=row.name, birth_date=row.birth_date, school=row.school,
        village_code=row.village_code, village_name=row.village_name,
        timezone=row.village_timezone, caregiver_name=row.caregiver_name,
        caregiver_relation=row.caregiver_relation, photo_consent=bool(row.photo_consent),
        parents_abroad=tuple((str(r), str(c)) for r, c in row.parents_abroad or ()),
        relation=relation, **extra,
    )  # fmt: skip


def _locale(row: Any) -> str:
    chosen = row.locale or (row.language_code or "id").split("-")[0]
    return chosen if chosen in ("id", "en") else "id"


class SqlParentingQueries:
    """``flows.parenting.ParentingQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    def _mine(self, resident_id: int) -> Any:
        return (
            select(*_CHILD_COLUMNS, links.c.relation.label("my_relation"))
            .select_from(
                children.join(villages, villages.c.id == children.c.village_id).join(
                    links,
                    and_(
                        links.c.child_id == children.c.id,
                        links.c.resident_id == resident_id,
                        links.c.status == "active",
                    ),
                )
            )
            .order_by(children.c.name, children.c.id)
        )

    async def my_children(self, resident_id: int) -> list[ChildRow]:
        """Children this person is actively linked to."""
        rows = (await self._conn.execute(self._mine(resident_id))).all()
        return [_row(r, r.my_relation) for r in rows]

    async def my_child(self, resident_id: int, child_id: int) -> ChildRow | None:
        """One child through this person's active link."""
        row = (
            await self._conn.execute(self._mine(resident_id).where(children.c.id == child_id))
        ).first()
        return _row(row, row.my_relation) if row is not None else None

    async def _updates(self, child_id: int, limit: int) -> list[UpdateRow]:
        rows = (
            await self._conn.execute(
                select(updates)
                .where(updates.c.child_id == child_id)
                .order_by(updates.c.created_at.desc(), updates.c.id.desc())
                .limit(limit)
            )
        ).all()
        ids = [r.id for r in rows]
        files: dict[int, list[str]] = {}
        if ids:
            found = await self._conn.execute(
                select(photos.c.update_id, photos.c.telegram_file_id)
                .where(photos.c.update_id.in_(ids))
                .order_by(photos.c.id)
            )
            for update_id, file_id in found.all():
                files.setdefault(update_id, []).append(file_id)
        return [
            UpdateRow(r.id, r.created_at, r.topic, r.text, tuple(files.get(r.id, ()))) for r in rows
        ]

    async def my_updates(self, resident_id: int, child_id: int, limit: int) -> list[UpdateRow]:
        """The child's updates through this person's active link (nothing otherwise)."""
        if await self.my_child(resident_id, child_id) is None:
            return []
        return await self._updates(child_id, limit)

    async def my_pending(self, resident_id: int) -> list[tuple[int, str, str, str]]:
        """Links waiting for this person's confirmation as the child's active caregiver."""
        mine = links.alias("mine")
        rows = await self._conn.execute(
            select(links.c.id, children.c.name, links.c.relation, residents.c.display_name)
            .select_from(
                links.join(children, children.c.id == links.c.child_id)
                .join(residents, residents.c.id == links.c.resident_id)
                .join(mine, and_(mine.c.child_id == links.c.child_id,
                                 mine.c.resident_id == resident_id,
                                 mine.c.relation == "caregiver", mine.c.status == "active"))
            )
            .where(links.c.status == "pending")
            .order_by(links.c.id)
        )  # fmt: skip
        return [(r[0], r[1], r[2], r[3] or "?") for r in rows.all()]

    async def link_code(self, code: str) -> CodeRow | None:
        """A code, whatever its state, with whether a restriction blocks its relation."""
        blocked = (
            select(func.count())
            .where(restrictions.c.child_id == codes.c.child_id,
                   restrictions.c.relation == codes.c.relation,
                   restrictions.c.lifted_at.is_(None))
            .scalar_subquery()
        )  # fmt: skip
        row = (
            await self._conn.execute(
                select(codes, children.c.name, villages.c.code.label("village_code"),
                       villages.c.name.label("village_name"), blocked.label("blocked"))
                .select_from(codes.join(children, children.c.id == codes.c.child_id)
                             .join(villages, villages.c.id == children.c.village_id))
                .where(codes.c.code == code)
            )
        ).first()  # fmt: skip
        if row is None:
            return None
        return CodeRow(
            code=row.code, child_id=row.child_id, child_name=row.name,
            village_code=row.village_code, village_name=row.village_name,
            relation=row.relation, expires_at=row.expires_at, used=row.used_at is not None,
            revoked=row.revoked_at is not None, restricted=bool(row.blocked),
        )  # fmt: skip

    async def opted_in(self, resident_id: int) -> bool:
        """True when the person receives the parenting group's announcements."""
        found = await self._conn.execute(
            select(opt_ins.c.resident_id).where(opt_ins.c.resident_id == resident_id)
        )
        return found.first() is not None

    def _village(self, village_code: str) -> Any:
        return (
            select(*_CHILD_COLUMNS)
            .select_from(children.join(villages, villages.c.id == children.c.village_id))
            .where(villages.c.code == village_code)
            .order_by(children.c.name, children.c.id)
        )

    async def village_children(self, village_code: str) -> list[ChildRow]:
        """The village's children, by name."""
        return [_row(r) for r in (await self._conn.execute(self._village(village_code))).all()]

    async def village_child(self, village_code: str, child_id: int) -> ChildRow | None:
        """One child of that village with links, restrictions and the number of updates."""
        row = (
            await self._conn.execute(self._village(village_code).where(children.c.id == child_id))
        ).first()
        if row is None:
            return None
        linked = await self._conn.execute(
            select(links.c.id, links.c.relation, links.c.status, residents.c.display_name)
            .join(residents, residents.c.id == links.c.resident_id)
            .where(links.c.child_id == child_id, links.c.status.in_(("pending", "active")))
            .order_by(links.c.id)
        )
        blocked = await self._conn.execute(
            select(restrictions.c.relation)
            .where(restrictions.c.child_id == child_id, restrictions.c.lifted_at.is_(None))
            .distinct()
        )
        count = await self._conn.execute(
            select(func.count()).select_from(updates).where(updates.c.child_id == child_id)
        )
        return _row(
            row,
            links=tuple(LinkRow(r.id, r.relation, r.status, r.display_name or "?")
                        for r in linked.all()),
            restricted=tuple(sorted(blocked.scalars().all())),
            updates=int(count.scalar_one()),
        )  # fmt: skip

    async def village_updates(
        self, village_code: str, child_id: int, limit: int
    ) -> list[UpdateRow]:
        """A child's updates within that village."""
        if await self.village_child(village_code, child_id) is None:
            return []
        return await self._updates(child_id, limit)

    async def inbox(self, village_code: str) -> list[MessageRow]:
        """Unanswered messages of the village's children, oldest first."""
        rows = await self._conn.execute(
            select(messages, children.c.name.label("child_name"), residents.c.display_name,
                   residents.c.locale, residents.c.language_code)
            .select_from(messages.join(children, children.c.id == messages.c.child_id)
                         .join(villages, villages.c.id == children.c.village_id)
                         .join(residents, residents.c.id == messages.c.resident_id))
            .where(villages.c.code == village_code, messages.c.answered_at.is_(None))
            .order_by(messages.c.created_at, messages.c.id)
        )  # fmt: skip
        return [
            MessageRow(r.id, r.child_id, r.child_name, r.kind, r.text, r.created_at,
                       r.display_name or "?", _locale(r))
            for r in rows.all()
        ]  # fmt: skip

    async def calls(self, village_code: str) -> list[CallRow]:
        """Requested calls of the village's children, oldest first."""
        rows = await self._conn.execute(
            select(calls, children.c.name.label("child_name"), residents.c.display_name,
                   residents.c.locale, residents.c.language_code,
                   func.coalesce(residents.c.timezone, villages.c.timezone).label("zone"))
            .select_from(calls.join(children, children.c.id == calls.c.child_id)
                         .join(villages, villages.c.id == children.c.village_id)
                         .join(residents, residents.c.id == calls.c.resident_id))
            .where(villages.c.code == village_code, calls.c.status == "requested")
            .order_by(calls.c.created_at, calls.c.id)
        )  # fmt: skip
        return [
            CallRow(r.id, r.child_id, r.child_name, r.wish, r.status, r.scheduled_at,
                    r.display_name or "?", _locale(r), r.zone or "Asia/Jakarta")
            for r in rows.all()
        ]  # fmt: skip

    async def confirmation_required(self, village_code: str) -> bool:
        """The village's rule (off unless a coordinator turned it on)."""
        row = await self._conn.execute(
            select(settings.c.caregiver_confirms)
            .join(villages, villages.c.id == settings.c.village_id)
            .where(villages.c.code == village_code)
        )
        return bool(row.scalar_one_or_none())

    async def open_codes(
        self, village_code: str, child_id: int, now: datetime
    ) -> list[OpenCodeRow]:
        """The child's codes still usable, only when the child is of that village."""
        rows = await self._conn.execute(
            select(codes.c.code, codes.c.relation, codes.c.expires_at)
            .join(children, children.c.id == codes.c.child_id)
            .join(villages, villages.c.id == children.c.village_id)
            .where(villages.c.code == village_code, codes.c.child_id == child_id,
                   codes.c.used_at.is_(None), codes.c.revoked_at.is_(None),
                   codes.c.expires_at > now)
            .order_by(codes.c.created_at, codes.c.code)
        )  # fmt: skip
        return [OpenCodeRow(r.code, r.relation, r.expires_at) for r in rows.all()]

    async def restrictions_in_force(self, village_code: str, child_id: int) -> list[RestrictionRow]:
        """The child's restrictions not lifted, only when the child is of that village."""
        rows = await self._conn.execute(
            select(restrictions)
            .join(children, children.c.id == restrictions.c.child_id)
            .join(villages, villages.c.id == children.c.village_id)
            .where(villages.c.code == village_code, restrictions.c.child_id == child_id,
                   restrictions.c.lifted_at.is_(None))
            .order_by(restrictions.c.created_at, restrictions.c.id)
        )  # fmt: skip
        return [RestrictionRow(r.id, r.relation, r.kind, r.note, r.created_at) for r in rows.all()]

    async def waiting_links(self, village_code: str) -> list[WaitingRow]:
        """Links of the village's children waiting for the caregiver, oldest first."""
        rows = await self._conn.execute(
            select(links.c.id, links.c.child_id, children.c.name, links.c.relation,
                   residents.c.display_name)
            .select_from(links.join(children, children.c.id == links.c.child_id)
                         .join(villages, villages.c.id == children.c.village_id)
                         .join(residents, residents.c.id == links.c.resident_id))
            .where(villages.c.code == village_code, links.c.status == "pending")
            .order_by(links.c.created_at, links.c.id)
        )  # fmt: skip
        return [WaitingRow(r[0], r[1], r[2], r[3], r[4] or "?") for r in rows.all()]
