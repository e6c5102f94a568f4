"""The checklists capability's reads: a keeper's own checklists, and the village desk's views.

A keeper's reads filter on ``checklists.resident_id``; the desk's on the keeper's village
(``residents.village_id``) in the same statement, so an id from a forged button or another
village returns nothing. Counts are computed in SQL (one statement for a person's whole list,
however many checklists and items) so the progress screen stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from flows.checklists import (
    READY_STATUSES,
    ChecklistRow,
    FileRow,
    HistoryRow,
    ItemDetail,
    ItemRow,
    PersonRow,
    QueueRow,
)
from storage.checklist_models import Checklist, ChecklistEvent, ChecklistFile, ChecklistItem
from storage.models import Officer, Resident, table_of, village_id_of

__all__ = ["SqlChecklistQueries"]

checklists = table_of(Checklist)
items = table_of(ChecklistItem)
files = table_of(ChecklistFile)
events = table_of(ChecklistEvent)
officers = table_of(Officer)
residents = table_of(Resident)

_ready = func.sum(case((items.c.status.in_(READY_STATUSES), 1), else_=0))
_verified = func.sum(case((items.c.status == "verified", 1), else_=0))
_returned = func.sum(case((items.c.status == "returned", 1), else_=0))
_waiting = func.sum(case((items.c.status == "submitted", 1), else_=0))

_COUNTED = (
    checklists.c.id, checklists.c.reference, checklists.c.template, checklists.c.status,
    checklists.c.for_whom, checklists.c.relative_name, checklists.c.relative_relation,
    checklists.c.reminders_on, checklists.c.created_at,
    func.count(items.c.id).label("total"), _ready.label("ready"),
    _verified.label("verified"), _returned.label("returned"),
)  # fmt: skip
_ORDER = (case((checklists.c.status == "active", 0), else_=1), checklists.c.id.desc())

_officer_person = aliased(residents, name="officer_person")
#: An officer row's name as people know it: their display name, else their account.
_officer_name = func.coalesce(_officer_person.c.display_name, officers.c.external_id)
_officer_join = and_(
    _officer_person.c.channel == officers.c.channel,
    _officer_person.c.external_id == officers.c.external_id,
)


def _checklist(row: Any, found: Sequence[ItemRow] = ()) -> ChecklistRow:
    return ChecklistRow(
        id=row.id, reference=row.reference, template=row.template, status=row.status,
        for_whom=row.for_whom, relative_name=row.relative_name,
        relative_relation=row.relative_relation, reminders_on=bool(row.reminders_on),
        created_at=row.created_at, total=int(row.total or 0), ready=int(row.ready or 0),
        verified=int(row.verified or 0), returned=int(row.returned or 0), items=tuple(found),
    )  # fmt: skip


def _counted() -> Any:
    return (
        select(*_COUNTED)
        .select_from(checklists.outerjoin(items, items.c.checklist_id == checklists.c.id))
        .group_by(*_COUNTED[:9])
    )


class SqlChecklistQueries:
    """Checklist reads on one connection (the unit of work's transaction)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    # --- the keeper's ---------------------------------------------------------------------------

    async def own_checklists(self, resident_id: int) -> list[ChecklistRow]:
        """This person's checklists with their counts, active first, newest first."""
        rows = await self._conn.execute(
            _counted().where(checklists.c.resident_id == resident_id).order_by(*_ORDER)
        )
        return [_checklist(r) for r in rows]

    async def own_checklist(self, resident_id: int, checklist_id: int) -> ChecklistRow | None:
        """One of this person's checklists with its items and files (None if not theirs)."""
        row = (
            await self._conn.execute(
                _counted().where(
                    checklists.c.id == checklist_id, checklists.c.resident_id == resident_id
                )
            )
        ).first()
        if row is None:
            return None
        return _checklist(row, await self._items([row.id], history=False))

    async def own_checklist_by_reference(
        self, resident_id: int, reference: str
    ) -> ChecklistRow | None:
        """This person's checklist with this reference, without items (None if not theirs)."""
        row = (
            await self._conn.execute(
                _counted().where(
                    checklists.c.reference == reference, checklists.c.resident_id == resident_id
                )
            )
        ).first()
        return _checklist(row) if row is not None else None

    async def _items(
        self, checklist_ids: Iterable[int], *, history: bool, item_id: int | None = None
    ) -> list[ItemRow]:
        """Items of these checklists in order, with files (and history), verifier names."""
        ids = list(checklist_ids)
        where: list[Any] = [items.c.checklist_id.in_(ids)]
        if item_id is not None:
            where.append(items.c.id == item_id)
        rows = (
            await self._conn.execute(
                select(items, _officer_name.label("verifier"))
                .select_from(
                    items.outerjoin(officers, officers.c.id == items.c.verified_by_officer_id)
                    .outerjoin(_officer_person, _officer_join)
                )
                .where(*where)
                .order_by(items.c.checklist_id, items.c.position)
            )
        ).all()  # fmt: skip
        item_ids = [r.id for r in rows]
        by_item: dict[int, list[FileRow]] = defaultdict(list)
        if item_ids:
            found = await self._conn.execute(
                select(files.c.id, files.c.item_id, files.c.kind, files.c.created_at,
                       files.c.withdrawn_at, files.c.local_path)
                .where(files.c.item_id.in_(item_ids))
                .order_by(files.c.id)
            )  # fmt: skip
            for f in found:
                by_item[f.item_id].append(
                    FileRow(f.id, f.kind, f.created_at, f.withdrawn_at, bool(f.local_path))
                )
        lines: dict[int, list[HistoryRow]] = defaultdict(list)
        if history and item_ids:
            found = await self._conn.execute(
                select(events.c.item_id, events.c.at, events.c.actor, events.c.to_status,
                       events.c.detail, _officer_name.label("officer"))
                .select_from(
                    events.outerjoin(officers, officers.c.id == events.c.officer_id)
                    .outerjoin(_officer_person, _officer_join)
                )
                .where(events.c.item_id.in_(item_ids))
                .order_by(events.c.at, events.c.id)
            )  # fmt: skip
            for e in found:
                lines[e.item_id].append(
                    HistoryRow(e.at, e.actor, e.to_status, e.detail, e.officer or "")
                )
        return [
            ItemRow(
                id=r.id, checklist_id=r.checklist_id, item=r.item, status=r.status,
                updated_at=r.updated_at, expires_on=r.expires_on, return_reason=r.return_reason,
                return_note=r.return_note, verified_at=r.verified_at,
                verified_by=r.verifier or "", files=tuple(by_item[r.id]),
                history=tuple(lines[r.id]),
            )
            for r in rows
        ]  # fmt: skip

    # --- the desk's ---------------------------------------------------------------------------

    async def queue(self, village_code: str, *, limit: int, offset: int = 0) -> list[QueueRow]:
        """Items of the village's residents waiting for the desk, oldest first."""
        rows = await self._conn.execute(
            select(items.c.id, items.c.item, items.c.submitted_at, residents.c.display_name,
                   checklists.c.relative_name, checklists.c.for_whom)
            .join(checklists, checklists.c.id == items.c.checklist_id)
            .join(residents, residents.c.id == checklists.c.resident_id)
            .where(residents.c.village_id == village_id_of(village_code),
                   items.c.status == "submitted")
            .order_by(items.c.submitted_at, items.c.id)
            .limit(limit)
            .offset(offset)
        )  # fmt: skip
        return [
            QueueRow(r.id, r.item, r.display_name or "-",
                     r.relative_name if r.for_whom == "relative" else "", r.submitted_at)
            for r in rows
        ]  # fmt: skip

    async def waiting_count(self, village_code: str) -> int:
        """How many items of the village wait for the desk."""
        found = await self._conn.execute(
            select(func.count())
            .select_from(items)
            .join(checklists, checklists.c.id == items.c.checklist_id)
            .join(residents, residents.c.id == checklists.c.resident_id)
            .where(
                residents.c.village_id == village_id_of(village_code),
                items.c.status == "submitted",
            )
        )
        return int(found.scalar_one())

    async def item(self, village_code: str, item_id: int) -> ItemDetail | None:
        """One item of a resident of that village, with files and history (None otherwise)."""
        owner = (
            await self._conn.execute(
                select(items.c.checklist_id, residents.c.id, residents.c.display_name,
                       residents.c.locale, residents.c.language_code)
                .join(checklists, checklists.c.id == items.c.checklist_id)
                .join(residents, residents.c.id == checklists.c.resident_id)
                .where(items.c.id == item_id,
                       residents.c.village_id == village_id_of(village_code))
            )
        ).first()  # fmt: skip
        if owner is None:
            return None
        row = (
            await self._conn.execute(_counted().where(checklists.c.id == owner.checklist_id))
        ).one()
        (found,) = await self._items([owner.checklist_id], history=True, item_id=item_id)
        locale = owner.locale or (owner.language_code or "id")[:2]
        return ItemDetail(found, _checklist(row), owner.id, owner.display_name or "-",
                          locale if locale in ("id", "en") else "id")  # fmt: skip

    async def people(self, village_code: str, *, limit: int, offset: int = 0) -> list[PersonRow]:
        """The village's residents with checklists, those with items waiting first."""
        rows = await self._conn.execute(
            select(residents.c.id, residents.c.display_name,
                   func.count(func.distinct(checklists.c.id)).label("checklists"),
                   _ready.label("ready"), _verified.label("verified"),
                   _waiting.label("waiting"))
            .select_from(
                residents.join(checklists, checklists.c.resident_id == residents.c.id)
                .outerjoin(items, items.c.checklist_id == checklists.c.id)
            )
            .where(residents.c.village_id == village_id_of(village_code))
            .group_by(residents.c.id, residents.c.display_name)
            .order_by(_waiting.desc(), residents.c.id)
            .limit(limit)
            .offset(offset)
        )  # fmt: skip
        return [
            PersonRow(r.id, r.display_name or "-", int(r.checklists), int(r.ready or 0),
                      int(r.verified or 0), int(r.waiting or 0))
            for r in rows
        ]  # fmt: skip

    async def person(
        self, village_code: str, resident_id: int, *, limit: int, offset: int = 0
    ) -> tuple[str, int, list[ChecklistRow]] | None:
        """A resident of that village: their name, checklist count, one page with items."""
        who = (
            await self._conn.execute(
                select(residents.c.display_name).where(
                    residents.c.id == resident_id,
                    residents.c.village_id == village_id_of(village_code),
                )
            )
        ).first()
        if who is None:
            return None
        total = (
            await self._conn.execute(
                select(func.count()).where(checklists.c.resident_id == resident_id)
            )
        ).scalar_one()
        rows = (
            await self._conn.execute(
                _counted()
                .where(checklists.c.resident_id == resident_id)
                .order_by(*_ORDER)
                .limit(limit)
                .offset(offset)
            )
        ).all()
        found = await self._items([r.id for r in rows], history=False)
        by_checklist: dict[int, list[ItemRow]] = defaultdict(list)
        for item in found:
            by_checklist[item.checklist_id].append(item)
        page = [_checklist(r, by_checklist[r.id]) for r in rows]
        return who.display_name or "-", int(total), page
