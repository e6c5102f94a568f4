"""Storage of the office exports asked for in the chat: record the request, audit it.

The right is checked again here, in the same transaction (the officer's roles read fresh,
the export's right from ``flows.office``'s catalogue): a forged export name, another
village's code or a role removed since the last step records nothing and is only logged.
The background job (``storage/office_export_jobs.py``) makes the file later.
"""

from __future__ import annotations

import logging

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.office import FORMATS, ExportRequested, export_kind
from flows.officers import access
from storage.audit import audit_officer
from storage.capabilities.officers import SqlOfficerQueries
from storage.capability import CapabilityStorage
from storage.models import Resident, table_of, village_id_of
from storage.office_export_models import ExportRequest

__all__ = ["STORAGE", "may_export"]

log = logging.getLogger(__name__)

requests = table_of(ExportRequest)
residents = table_of(Resident)


async def may_export(
    conn: AsyncConnection, channel: str, account: str, village_code: str, what: str
) -> bool:
    """True while this account may export ``what`` of that village (roles read fresh)."""
    kind = export_kind(what)
    if kind is None:
        return False
    roles = await SqlOfficerQueries(conn).officer_roles(channel, account)
    return access.role_in(roles, kind.permission, village_code) is not None


async def _requested(conn: AsyncConnection, person_id: int, effect: ExportRequested) -> None:
    person = (
        await conn.execute(
            select(residents.c.channel, residents.c.external_id).where(residents.c.id == person_id)
        )
    ).first()
    allowed = (
        person is not None
        and person.external_id == effect.officer
        and effect.fmt in FORMATS
        and await may_export(conn, person.channel, effect.officer, effect.village_code, effect.what)
    )
    if person is None or not allowed:
        log.warning("export request refused for person %d (no right to it)", person_id)
        return
    await conn.execute(
        insert(requests).values(
            village_id=village_id_of(effect.village_code),
            requested_by=effect.officer,
            channel=person.channel,
            resident_id=person_id,
            what=effect.what,
            format=effect.fmt,
            locale=effect.locale,
            status="requested",
        )
    )
    await audit_officer(
        conn,
        effect.officer,
        effect.village_code,
        "export.requested",
        ("export", effect.what),
        {"format": effect.fmt},
    )


STORAGE = CapabilityStorage(name="office_exports", effects={ExportRequested: _requested})
