"""The officers' writes on the registry: households, their records, link codes, corrections.

Every handler checks again before writing: the account must hold an active registry role
(coordinator or desk officer) in the village acted for, or be the district admin of its
kabupaten, and the household must be of that village; otherwise the effect is logged and
ignored, so a forged button or another village's id changes nothing. Values are parsed again
with the same rules as the chat and the import. Each change is audited; the answer to a
correction request reaches the resident through the delivery engine, in their language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.households import (
    FieldError,
    HouseholdCorrectionAnswered,
    HouseholdLinkCodeCreated,
    HouseholdRecordRemoved,
    HouseholdRecordSaved,
    HouseholdRemoved,
    HouseholdSaved,
    clean_fields,
)
from storage.audit import audit_officer
from storage.capability import EffectHandler
from storage.deliveries import Recipient, enqueue_deliveries
from storage.household_models import (
    Household,
    HouseholdBusiness,
    HouseholdCorrection,
    HouseholdLinkCode,
    HouseholdMemberAbroad,
    HouseholdReturnee,
    HouseholdTraining,
)
from storage.models import Officer, Resident, Village, table_of, utcnow, village_id_of

__all__ = ["CORRECTION_KIND", "OFFICER_HANDLERS", "RECORD_TABLES", "REGISTRY_ROLES"]

log = logging.getLogger(__name__)

households = table_of(Household)
corrections = table_of(HouseholdCorrection)
codes = table_of(HouseholdLinkCode)
officers = table_of(Officer)
residents = table_of(Resident)
villages = table_of(Village)

#: Each record kind's table.
RECORD_TABLES: Mapping[str, Table] = {
    "abroad": table_of(HouseholdMemberAbroad),
    "returned": table_of(HouseholdReturnee),
    "business": table_of(HouseholdBusiness),
    "training": table_of(HouseholdTraining),
}
#: Village roles that change the registry (``registry.manage``; district admins too).
REGISTRY_ROLES = ("coordinator", "desk_officer")
CORRECTION_KIND = "household_correction"


async def _officer_may(conn: AsyncConnection, effect: Any) -> bool:
    in_village = (officers.c.village_id == village_id_of(effect.village_code)) & (
        officers.c.role.in_(REGISTRY_ROLES)
    )
    in_district = (officers.c.district_code == effect.village_code[:4]) & (
        officers.c.role == "district_admin"
    )
    row = await conn.execute(
        select(officers.c.id).where(
            officers.c.channel == effect.officer_channel,
            officers.c.external_id == effect.officer_account,
            officers.c.active.is_(True),
            or_(in_village, in_district),
        ).limit(1)
    )  # fmt: skip
    return row.first() is not None


async def _checked(conn: AsyncConnection, effect: Any, household_id: int | None) -> bool:
    """True when the officer may change the registry there (and the household is of it)."""
    if not await _officer_may(conn, effect):
        log.warning("%s by %s in %s: no registry role there", type(effect).__name__,
                    effect.officer_account, effect.village_code)  # fmt: skip
        return False
    if household_id is None:
        return True
    found = await conn.execute(
        select(households.c.id).where(
            households.c.id == household_id,
            households.c.village_id == village_id_of(effect.village_code),
        )
    )
    if found.first() is None:
        log.warning("%s: household %d is not of village %s", type(effect).__name__,
                    household_id, effect.village_code)  # fmt: skip
        return False
    return True


async def _audit(conn: AsyncConnection, effect: Any, action: str, household_id: int) -> None:
    await audit_officer(conn, effect.officer_account, effect.village_code, action,
                        ("household", str(household_id)))  # fmt: skip


async def _touch(conn: AsyncConnection, household_id: int, by: str) -> None:
    await conn.execute(
        update(households).where(households.c.id == household_id)
        .values(updated_at=utcnow(), updated_by=by)
    )  # fmt: skip


def _clean(kind: str, fields: Mapping[str, str]) -> dict[str, object] | None:
    try:
        return clean_fields(kind, fields)
    except FieldError as exc:
        log.warning("%s record refused: %s", kind, exc.problem)
        return None


async def _saved(conn: AsyncConnection, person_id: int, effect: HouseholdSaved) -> None:
    values = _clean("household", effect.fields)
    if values is None or not await _checked(conn, effect, effect.household_id):
        return
    now = utcnow()
    if effect.household_id is None:
        household_id = (
            await conn.execute(
                insert(households).values(
                    village_id=village_id_of(effect.village_code), created_at=now,
                    updated_at=now, updated_by=effect.officer_account, **values,
                ).returning(households.c.id)
            )
        ).scalar_one()  # fmt: skip
        await _audit(conn, effect, "registry.household_added", household_id)
        return
    await conn.execute(
        update(households).where(households.c.id == effect.household_id)
        .values(updated_at=now, updated_by=effect.officer_account, **values)
    )  # fmt: skip
    await _audit(conn, effect, "registry.household_edited", effect.household_id)


async def _removed(conn: AsyncConnection, person_id: int, effect: HouseholdRemoved) -> None:
    if not await _checked(conn, effect, effect.household_id):
        return
    await conn.execute(delete(households).where(households.c.id == effect.household_id))
    await _audit(conn, effect, "registry.household_removed", effect.household_id)


async def _record_saved(
    conn: AsyncConnection, person_id: int, effect: HouseholdRecordSaved
) -> None:
    table = RECORD_TABLES.get(effect.kind)
    values = _clean(effect.kind, effect.fields) if table is not None else None
    if table is None or values is None:
        return
    if not await _checked(conn, effect, effect.household_id):
        return
    if effect.record_id is None:
        await conn.execute(insert(table).values(household_id=effect.household_id, **values))
        action = f"registry.{effect.kind}_added"
    else:
        changed = await conn.execute(
            update(table).where(table.c.id == effect.record_id,
                                table.c.household_id == effect.household_id).values(**values)
        )  # fmt: skip
        if changed.rowcount != 1:
            log.warning("%s record %d is not of household %d", effect.kind, effect.record_id,
                        effect.household_id)  # fmt: skip
            return
        action = f"registry.{effect.kind}_edited"
    await _touch(conn, effect.household_id, effect.officer_account)
    await _audit(conn, effect, action, effect.household_id)


async def _record_removed(
    conn: AsyncConnection, person_id: int, effect: HouseholdRecordRemoved
) -> None:
    table = RECORD_TABLES.get(effect.kind)
    if table is None or not await _checked(conn, effect, effect.household_id):
        return
    gone = await conn.execute(
        delete(table).where(table.c.id == effect.record_id,
                            table.c.household_id == effect.household_id)
    )  # fmt: skip
    if gone.rowcount != 1:
        return
    await _touch(conn, effect.household_id, effect.officer_account)
    await _audit(conn, effect, f"registry.{effect.kind}_removed", effect.household_id)


async def _code(conn: AsyncConnection, person_id: int, effect: HouseholdLinkCodeCreated) -> None:
    if not await _checked(conn, effect, effect.household_id):
        return
    await conn.execute(
        insert(codes).values(
            code=effect.code, household_id=effect.household_id,
            created_by=effect.officer_account, created_at=utcnow(), expires_at=effect.expires_at,
        )
    )  # fmt: skip
    await _audit(conn, effect, "registry.link_code_created", effect.household_id)


async def _recipient(conn: AsyncConnection, resident_id: int) -> tuple[Recipient, str] | None:
    row = (
        await conn.execute(
            select(residents.c.id, residents.c.channel, residents.c.chat_id,
                   residents.c.locale, residents.c.language_code,
                   func.coalesce(residents.c.timezone, villages.c.timezone).label("zone"))
            .select_from(residents.outerjoin(villages, villages.c.id == residents.c.village_id))
            .where(residents.c.id == resident_id, residents.c.channel == "telegram")
        )
    ).first()  # fmt: skip
    if row is None:
        return None
    locale = row.locale or (row.language_code or "id").split("-")[0]
    return Recipient(row.id, row.channel, row.chat_id, row.zone or "Asia/Jakarta"), locale


async def _answered(
    conn: AsyncConnection, person_id: int, effect: HouseholdCorrectionAnswered
) -> None:
    if effect.status not in ("done", "declined") or not await _checked(conn, effect, None):
        return
    row = (
        await conn.execute(
            select(corrections.c.id, corrections.c.household_id, corrections.c.resident_id)
            .join(households, households.c.id == corrections.c.household_id)
            .where(corrections.c.id == effect.correction_id, corrections.c.status == "open",
                   households.c.village_id == village_id_of(effect.village_code))
        )
    ).first()  # fmt: skip
    if row is None:
        log.warning("correction %d: not an open request of %s", effect.correction_id,
                    effect.village_code)  # fmt: skip
        return
    now = utcnow()
    await conn.execute(
        update(corrections).where(corrections.c.id == row.id).values(
            status=effect.status, answer=effect.answer[:2000],
            answered_by=effect.officer_account, answered_at=now,
        )
    )  # fmt: skip
    found = await _recipient(conn, row.resident_id) if row.resident_id is not None else None
    if found is not None:
        recipient, locale = found
        notices = effect.notices
        text = notices.get(locale) or notices.get("id") or next(iter(notices.values()), "")
        if text:
            await enqueue_deliveries(
                conn, kind=CORRECTION_KIND, source_id=row.id, recipients=[recipient],
                payload={"text": text}, send_at=now, urgent=False,
            )  # fmt: skip
    await _audit(conn, effect, f"registry.correction_{effect.status}", row.household_id)


OFFICER_HANDLERS: Mapping[type, EffectHandler] = {
    HouseholdSaved: _saved,
    HouseholdRemoved: _removed,
    HouseholdRecordSaved: _record_saved,
    HouseholdRecordRemoved: _record_removed,
    HouseholdLinkCodeCreated: _code,
    HouseholdCorrectionAnswered: _answered,
}
