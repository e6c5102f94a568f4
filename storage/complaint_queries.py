"""The complaints capability's reads: a reporter's own cases, a village's queue and cases.

Each read is scoped in SQL: ``own_*`` by the reporter, ``queue``/``case``/``counts`` by the
village. A reporter never reads an internal note; an officer reads the reporter's name only
when the reporter allowed it (disclosure "named").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from flows.complaints import STATUSES, CaseMessage, CaseRow
from flows.engine.i18n import LOCALE_NAMES, resolve_locale
from storage.complaint_models import (
    Complaint,
    ComplaintDraft,
    ComplaintEvidence,
    ComplaintMessage,
)
from storage.models import Officer, Resident, Village, table_of

__all__ = ["PUBLIC_KINDS", "SqlComplaintQueries"]

complaints = table_of(Complaint)
messages = table_of(ComplaintMessage)
evidence = table_of(ComplaintEvidence)
drafts = table_of(ComplaintDraft)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

#: Messages a reporter may read (everything but internal notes).
PUBLIC_KINDS = ("report", "addition", "answer", "public", "question")
#: Officer messages that count as the latest answer a reporter sees.
_ANSWER_KINDS = ("public", "question")

_reporter = aliased(residents, name="reporter")
_owner = aliased(residents, name="owner")
_owner_role = aliased(officers, name="owner_role")

_latest_public = (
    select(messages.c.text)
    .where(messages.c.complaint_id == complaints.c.id, messages.c.kind.in_(_ANSWER_KINDS))
    .order_by(messages.c.id.desc())
    .limit(1)
    .correlate(complaints)
    .scalar_subquery()
)
_evidence_count = (
    select(func.count())
    .where(evidence.c.complaint_id == complaints.c.id)
    .correlate(complaints)
    .scalar_subquery()
)

_CASES = select(
    complaints,
    villages.c.code.label("village_code"),
    _reporter.c.display_name.label("reporter_display_name"),
    _reporter.c.locale.label("reporter_chosen_locale"),
    _reporter.c.language_code.label("reporter_language_code"),
    _owner.c.display_name.label("owner_display_name"),
    _owner_role.c.external_id.label("owner_account"),
    _latest_public.label("latest_public"),
    _evidence_count.label("evidence_count"),
).select_from(
    complaints.join(villages, villages.c.id == complaints.c.village_id)
    .outerjoin(_reporter, _reporter.c.id == complaints.c.reporter_resident_id)
    .outerjoin(_owner_role, _owner_role.c.id == complaints.c.owner_officer_id)
    .outerjoin(
        _owner,
        and_(
            _owner.c.channel == _owner_role.c.channel,
            _owner.c.external_id == _owner_role.c.external_id,
        ),
    )
)


def _case_row(row: Any, messages_: tuple[CaseMessage, ...] = ()) -> CaseRow:
    return CaseRow(
        id=row.id,
        reference=row.reference,
        village_code=row.village_code,
        category=row.category,
        status=row.status,
        urgent=bool(row.urgent),
        created_at=row.created_at,
        due_at=row.due_at,
        affected={str(k): str(v) for k, v in (row.affected or {}).items()},
        description=row.description,
        contact=row.contact,
        disclosure=row.disclosure,
        evidence_count=int(row.evidence_count or 0),
        owner_name=row.owner_display_name or row.owner_account or "",
        reporter_name=(row.reporter_display_name or "") if row.disclosure == "named" else "",
        reporter_locale=resolve_locale(
            row.reporter_chosen_locale, row.reporter_language_code, LOCALE_NAMES, "id"
        ),
        referred_to=row.referred_to,
        their_reference=row.their_reference,
        outcome=row.outcome,
        latest_public=row.latest_public or "",
        messages=messages_,
    )


class SqlComplaintQueries:
    """``flows.complaints.ComplaintQueries`` on one connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def draft(self, resident_id: int) -> Mapping[str, Any] | None:
        """This person's unfinished report, if they have one."""
        data = (
            await self._conn.execute(
                select(drafts.c.data).where(drafts.c.resident_id == resident_id)
            )
        ).scalar_one_or_none()
        return dict(data) if data is not None else None

    async def own_cases(self, resident_id: int) -> list[CaseRow]:
        """The cases this person reported, newest first."""
        query = _CASES.where(complaints.c.reporter_resident_id == resident_id).order_by(
            complaints.c.created_at.desc(), complaints.c.id.desc()
        )
        return [_case_row(r) for r in (await self._conn.execute(query)).all()]

    async def own_case(self, resident_id: int, complaint_id: int) -> CaseRow | None:
        """One of this person's cases with its public messages (None if not theirs)."""
        query = _CASES.where(
            complaints.c.id == complaint_id, complaints.c.reporter_resident_id == resident_id
        )
        row = (await self._conn.execute(query)).first()
        if row is None:
            return None
        return _case_row(row, await self._messages(row.id, public_only=True))

    async def queue(
        self, village_code: str, *, statuses: tuple[str, ...], category: str | None, limit: int
    ) -> list[CaseRow]:
        """The village's cases in these states: urgent first, then oldest first."""
        query = _CASES.where(villages.c.code == village_code, complaints.c.status.in_(statuses))
        if category is not None:
            query = query.where(complaints.c.category == category)
        query = query.order_by(
            complaints.c.urgent.desc(), complaints.c.created_at, complaints.c.id
        ).limit(limit)
        return [_case_row(r) for r in (await self._conn.execute(query)).all()]

    async def case(self, village_code: str, complaint_id: int) -> CaseRow | None:
        """One case of that village with every message and note (None for another village)."""
        query = _CASES.where(villages.c.code == village_code, complaints.c.id == complaint_id)
        row = (await self._conn.execute(query)).first()
        if row is None:
            return None
        return _case_row(row, await self._messages(row.id, public_only=False))

    async def counts(self, village_code: str) -> Mapping[str, int]:
        """How many cases of the village are in each state (what village staff may see)."""
        query = (
            select(complaints.c.status, func.count().label("n"))
            .select_from(complaints.join(villages, villages.c.id == complaints.c.village_id))
            .where(villages.c.code == village_code)
            .group_by(complaints.c.status)
        )
        found = {row.status: int(row.n) for row in (await self._conn.execute(query)).all()}
        return {status: found.get(status, 0) for status in STATUSES}

    async def _messages(self, complaint_id: int, *, public_only: bool) -> tuple[CaseMessage, ...]:
        author = aliased(residents, name="author")
        query = (
            select(
                messages.c.created_at,
                messages.c.author,
                messages.c.kind,
                messages.c.text,
                func.coalesce(author.c.display_name, officers.c.external_id).label("officer"),
            )
            .select_from(
                messages.outerjoin(officers, officers.c.id == messages.c.officer_id).outerjoin(
                    author,
                    and_(
                        author.c.channel == officers.c.channel,
                        author.c.external_id == officers.c.external_id,
                    ),
                )
            )
            .where(messages.c.complaint_id == complaint_id)
            .order_by(messages.c.created_at, messages.c.id)
        )
        if public_only:
            query = query.where(messages.c.kind.in_(PUBLIC_KINDS))
        rows = (await self._conn.execute(query)).all()
        return tuple(
            CaseMessage(
                r.created_at,
                r.author,
                r.kind,
                r.text,
                # a reporter reads "the village desk", not which officer wrote
                "" if public_only else (r.officer or ""),
            )
            for r in rows
        )
