"""The export job's statements: claim a request once, check the right again, finish it.

Why shaped like this: the file is written outside any transaction (it may take seconds), so
a claim moves a request to 'working' for a lease (``claimed_until``) with ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL: two processes never take the same request, and a process that dies
mid-way leaves it to another after the lease. Finishing is one transaction: the request is
done, the file is queued to the officer's chat through the delivery engine (urgent: an
officer asked for it now), and the export is audited (who, what, village, format, rows). A
request whose officer lost the right meanwhile fails with a kind message and sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.audit import audit_officer
from storage.capabilities.office_exports import may_export
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Resident, Village, table_of
from storage.office_export_models import ExportRequest

__all__ = ["EXPORT_KIND", "ClaimedExport", "ExportJobStore"]

#: The deliveries kind of an export's file and of its refusal or failure message.
EXPORT_KIND = "office_export"

requests = table_of(ExportRequest)
residents = table_of(Resident)
villages = table_of(Village)


@dataclass(frozen=True, slots=True)
class ClaimedExport:
    """One request a job now holds until its lease ends."""

    id: int
    village_code: str
    village_name: str
    what: str
    fmt: str
    locale: str
    account: str
    channel: str
    resident_id: int
    chat_id: str


class ExportJobStore:
    """The statements of the export job, each in its own short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @property
    def engine(self) -> AsyncEngine:
        """The database the exports are read from."""
        return self._engine

    async def claim(
        self, now: datetime, *, limit: int = 3, lease: timedelta = timedelta(minutes=10)
    ) -> list[ClaimedExport]:
        """Take up to ``limit`` waiting requests (or ones a stopped job left), oldest first."""
        due = or_(
            requests.c.status == "requested",
            (requests.c.status == "working") & (requests.c.claimed_until < now),
        )
        query = (
            select(
                requests.c.id, villages.c.code, villages.c.name, requests.c.what,
                requests.c.format, requests.c.locale, requests.c.requested_by,
                requests.c.channel, requests.c.resident_id, residents.c.chat_id,
            )
            .join(villages, villages.c.id == requests.c.village_id)
            .join(residents, residents.c.id == requests.c.resident_id)
            .where(due)
            .order_by(requests.c.id)
            .limit(limit)
            .with_for_update(of=requests, skip_locked=True)
        )  # fmt: skip
        async with self._engine.begin() as conn:
            rows = (await conn.execute(query)).all()
            if rows:
                await conn.execute(
                    update(requests)
                    .where(requests.c.id.in_([r.id for r in rows]))
                    .values(status="working", claimed_until=now + lease)
                )
        return [ClaimedExport(*row) for row in rows]

    async def still_allowed(self, claim: ClaimedExport) -> bool:
        """True while the officer may still export this (their roles read again now)."""
        async with self._engine.connect() as conn:
            return await may_export(
                conn, claim.channel, claim.account, claim.village_code, claim.what
            )

    async def finish(
        self,
        claim: ClaimedExport,
        *,
        rows: int,
        file_path: str,
        filename: str,
        caption: str,
        now: datetime,
    ) -> bool:
        """Mark it done, queue the file to the officer and audit it (False: not ours any more)."""
        attachment = {"kind": "document", "path": file_path, "filename": filename}
        async with self._engine.begin() as conn:
            if not await self._close(conn, claim, now, status="done", rows=rows, path=file_path):
                return False
            await self._send(conn, claim, {"text": caption, "attachment": attachment}, now)
            await audit_officer(
                conn, claim.account, claim.village_code, "export", ("export", claim.what),
                {"format": claim.fmt, "rows": rows, "request": claim.id},
            )  # fmt: skip
        return True

    async def fail(
        self, claim: ClaimedExport, *, error: str, text: str, refused: bool, now: datetime
    ) -> None:
        """Mark it failed, tell the officer kindly, audit it; no file is sent."""
        async with self._engine.begin() as conn:
            if not await self._close(conn, claim, now, status="failed", error=error):
                return
            await self._send(conn, claim, {"text": text}, now)
            action = "export.refused" if refused else "export.failed"
            await audit_officer(
                conn, claim.account, claim.village_code, action, ("export", claim.what),
                {"format": claim.fmt, "request": claim.id},
            )  # fmt: skip

    async def files_done_before(self, moment: datetime) -> list[tuple[int, str]]:
        """(id, file) of requests whose file was made before ``moment`` and is still kept."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(requests.c.id, requests.c.file_path).where(
                    requests.c.file_path.is_not(None), requests.c.finished_at < moment
                )
            )
            return [(row.id, row.file_path) for row in rows]

    async def file_deleted(self, request_id: int) -> None:
        """Forget the file of a request once it is deleted."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(requests).where(requests.c.id == request_id).values(file_path=None)
            )

    @staticmethod
    async def _close(
        conn: AsyncConnection, claim: ClaimedExport, now: datetime, **values: Any
    ) -> bool:
        status = values.pop("status")
        path = values.pop("path", None)
        result = await conn.execute(
            update(requests)
            .where(requests.c.id == claim.id, requests.c.status == "working")
            .values(status=status, finished_at=now, claimed_until=None, file_path=path, **values)
        )
        return bool(result.rowcount)

    @staticmethod
    async def _send(
        conn: AsyncConnection, claim: ClaimedExport, payload: dict[str, Any], now: datetime
    ) -> None:
        await enqueue_deliveries(
            conn,
            kind=EXPORT_KIND,
            source_id=claim.id,
            recipients=[Recipient(claim.resident_id, claim.channel, claim.chat_id)],
            payload=payload,
            send_at=now,
            urgent=True,  # the officer asked for it a moment ago
        )
