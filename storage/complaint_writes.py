"""What the complaints capability's writes share: the officer acting, history, notices.

Used by the reporter's handlers (``storage/capabilities/complaints.py``) and the officers'
(``storage/complaint_officers.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.complaints import CaseEvidence
from storage.complaint_models import ComplaintEvent
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Officer, Resident, Village, table_of, utcnow, village_id_of

__all__ = [
    "EVIDENCE_KIND",
    "HANDLING_ROLES",
    "NOTICE_KIND",
    "PUSH_CHANNELS",
    "evidence_rows",
    "officer_id_for",
    "record_event",
    "tell_reporter",
]

events = table_of(ComplaintEvent)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

#: Deliveries this module queues: a notice to the reporter, evidence to the officer's chat.
NOTICE_KIND = "complaint_notice"
EVIDENCE_KIND = "complaint_evidence"
#: Officer roles that may handle a case (a village's desk and coordinators, the district
#: admin); the flows decide access, this keeps a forged effect of another role harmless.
HANDLING_ROLES = ("coordinator", "desk_officer")
#: Channels the delivery worker can reach unasked (the console cannot).
PUSH_CHANNELS = ("telegram",)


async def officer_id_for(
    conn: AsyncConnection, channel: str, account: str, village_code: str
) -> int | None:
    """The officer row through which this account handles cases of that village, if any."""
    in_village = (officers.c.village_id == village_id_of(village_code)) & officers.c.role.in_(
        HANDLING_ROLES
    )
    in_district = (officers.c.district_code == village_code[:4]) & (
        officers.c.role == "district_admin"
    )
    row = (
        await conn.execute(
            select(officers.c.id)
            .where(
                officers.c.channel == channel,
                officers.c.external_id == account,
                officers.c.active.is_(True),
                or_(in_village, in_district),
            )
            .order_by(officers.c.id)
            .limit(1)
        )
    ).first()
    return int(row.id) if row is not None else None


def evidence_rows(complaint_id: int, files: Iterable[CaseEvidence], now: datetime) -> list[Any]:
    return [
        {"complaint_id": complaint_id, "kind": f.kind, "telegram_file_id": f.file_id,
         "mime_type": f.mime_type, "size": f.size, "attempts": 0, "created_at": now}
        for f in files
    ]  # fmt: skip


async def record_event(
    conn: AsyncConnection,
    complaint_id: int,
    actor: str,
    from_status: str | None,
    to_status: str,
    detail: str = "",
    officer_id: int | None = None,
) -> None:
    await conn.execute(
        insert(events).values(
            complaint_id=complaint_id, at=utcnow(), actor=actor, officer_id=officer_id,
            from_status=from_status, to_status=to_status, detail=detail[:2000],
        )
    )  # fmt: skip


async def tell_reporter(conn: AsyncConnection, case: Any, notice: str) -> None:
    """Queue ``notice`` to the case's reporter (urgent cases' notices may come at night)."""
    if not notice.strip() or case.reporter_resident_id is None:
        return
    row = (
        await conn.execute(
            select(
                residents.c.id,
                residents.c.channel,
                residents.c.chat_id,
                func.coalesce(residents.c.timezone, villages.c.timezone).label("timezone"),
            )
            .select_from(residents.outerjoin(villages, villages.c.id == residents.c.village_id))
            .where(residents.c.id == case.reporter_resident_id)
        )
    ).first()
    if row is None or row.channel not in PUSH_CHANNELS:
        return
    await enqueue_deliveries(
        conn,
        kind=NOTICE_KIND,
        source_id=case.id,
        recipients=[Recipient(row.id, row.channel, row.chat_id, row.timezone)],
        payload={"text": notice},
        send_at=utcnow(),
        urgent=bool(case.urgent),
    )
