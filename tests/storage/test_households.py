"""The registry's storage contract, on SQLite and PostgreSQL: each write checks who asks.

Effects are applied as the runner applies them; a forged effect (an officer of another
village, village staff, a parenting facilitator, a spent code, a stranger's read) changes and
reveals nothing. The office's views count the registry per village and carry the region codes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.households import (
    HouseholdCorrectionAnswered,
    HouseholdCorrectionRequested,
    HouseholdLinkCodeCreated,
    HouseholdLinked,
    HouseholdRecordRemoved,
    HouseholdRecordSaved,
    HouseholdRemoved,
    HouseholdSaved,
)
from storage.admin import AdminStore
from storage.db import create_engine
from storage.delivery_models import Delivery
from storage.exports import stream_export
from storage.household_models import (
    Household,
    HouseholdBusiness,
    HouseholdCorrection,
    HouseholdMemberAbroad,
)
from storage.household_queries import SqlHouseholdQueries
from storage.migrate import upgrade
from storage.models import AuditEntry, Resident
from storage.registry import apply_effect
from tests.support.chat import FIXED_NOW, add_village

KENANGA, KURIPAN = "3212010001", "3212020002"
HEAD = {"head_name": "Sutrisno", "dusun": "Krajan", "rt": "3", "rw": "1", "address": ""}
WORKER = {"name": "Siti", "relation": "spouse", "country": "Taiwan", "sector": "domestic_care",
          "since": "03-2023", "agency": "PT Contoh", "documented": "yes"}  # fmt: skip


async def _people(engine: AsyncEngine) -> dict[str, int]:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(engine)
    await store.add_officer("desk", "desk_officer", village_code=KENANGA, actor="t")
    await store.add_officer("staff", "village_staff", village_code=KENANGA, actor="t")
    await store.add_officer("fac", "parenting_facilitator", village_code=KENANGA, actor="t")
    await store.add_officer("other", "coordinator", village_code=KURIPAN, actor="t")
    ids = {}
    async with engine.begin() as conn:
        for name in ("desk", "staff", "fac", "other", "wife", "stranger"):
            ids[name] = (
                await conn.execute(
                    insert(Resident).returning(Resident.id),
                    {"channel": "telegram", "external_id": name, "chat_id": name,
                     "display_name": name, "status": "active", "created_at": FIXED_NOW,
                     "last_seen_at": FIXED_NOW, "locale": "en"},
                )
            ).scalar_one()  # fmt: skip
    return ids


async def _apply(engine: AsyncEngine, person: int, *effects: object) -> None:
    async with engine.begin() as conn:
        for effect in effects:
            await apply_effect(conn, person, effect)  # type: ignore[arg-type]


async def _count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(model))).scalar_one())


async def _household(engine: AsyncEngine, ids: dict[str, int]) -> int:
    await _apply(engine, ids["desk"], HouseholdSaved("telegram", "desk", KENANGA, None, HEAD))
    async with engine.connect() as conn:
        return int((await conn.execute(select(Household.id))).scalar_one())


async def test_only_the_villages_desk_adds_and_changes_households(engine: AsyncEngine) -> None:
    ids = await _people(engine)
    for who in ("other", "staff", "fac"):  # another village, village staff, parenting only
        await _apply(engine, ids[who], HouseholdSaved("telegram", who, KENANGA, None, HEAD))
    assert await _count(engine, Household) == 0
    household = await _household(engine, ids)
    worker = HouseholdRecordSaved("telegram", "other", KURIPAN, household, "abroad", None, WORKER)
    await _apply(engine, ids["other"], worker)  # forged: another village's household id
    assert await _count(engine, HouseholdMemberAbroad) == 0
    await _apply(engine, ids["desk"], HouseholdRecordSaved(
        "telegram", "desk", KENANGA, household, "abroad", None, WORKER))  # fmt: skip
    async with engine.connect() as conn:
        row = await SqlHouseholdQueries(conn).village_household(KENANGA, household)
        assert await SqlHouseholdQueries(conn).village_household(KURIPAN, household) is None
        actions = (await conn.execute(select(AuditEntry.action))).scalars().all()
    assert row is not None and row.head_name == "Sutrisno" and row.rt == 3
    (record,) = row.of("abroad")
    assert record.values["sector"] == "domestic_care"
    assert record.values["since"].isoformat() == "2023-03-01"  # type: ignore[attr-defined]
    assert "registry.household_added" in actions and "registry.abroad_added" in actions
    await _apply(engine, ids["staff"], HouseholdRecordRemoved(
        "telegram", "staff", KENANGA, household, "abroad", record.id))  # fmt: skip
    await _apply(engine, ids["other"], HouseholdRemoved("telegram", "other", KURIPAN, household))
    assert await _count(engine, HouseholdMemberAbroad) == 1
    await _apply(engine, ids["desk"], HouseholdRemoved("telegram", "desk", KENANGA, household))
    assert await _count(engine, Household) == 0
    assert await _count(engine, HouseholdMemberAbroad) == 0


async def test_a_bad_value_is_refused_by_storage_too(engine: AsyncEngine) -> None:
    ids = await _people(engine)
    household = await _household(engine, ids)
    bad = {**WORKER, "sector": "astronaut"}
    await _apply(engine, ids["desk"], HouseholdRecordSaved(
        "telegram", "desk", KENANGA, household, "abroad", None, bad))  # fmt: skip
    assert await _count(engine, HouseholdMemberAbroad) == 0


async def test_a_code_links_one_resident_once_and_reads_stay_theirs(engine: AsyncEngine) -> None:
    ids = await _people(engine)
    household = await _household(engine, ids)
    expires = FIXED_NOW + timedelta(hours=72)
    await _apply(engine, ids["desk"],
                 HouseholdLinkCodeCreated("telegram", "desk", KENANGA, household, "KK7Q2MX9",
                                          expires))  # fmt: skip
    await _apply(engine, ids["wife"], HouseholdLinked("KK7Q2MX9", FIXED_NOW))
    await _apply(engine, ids["stranger"], HouseholdLinked("KK7Q2MX9", FIXED_NOW))  # spent
    await _apply(engine, ids["stranger"], HouseholdCorrectionRequested("RT saya 4"))
    await _apply(engine, ids["wife"], HouseholdCorrectionRequested("RT kami 4, bukan 3"))
    async with engine.connect() as conn:
        queries = SqlHouseholdQueries(conn)
        mine = await queries.my_household(ids["wife"])
        assert await queries.my_household(ids["stranger"]) is None
        assert await queries.my_corrections(ids["stranger"]) == ()
        (asked,) = await queries.open_corrections(KENANGA)
        assert await queries.open_corrections(KURIPAN) == ()
        code = await queries.link_code("KK7Q2MX9", FIXED_NOW)
    assert mine is not None and mine.id == household and mine.linked
    assert asked.text == "RT kami 4, bukan 3"
    assert code is not None and not code.usable
    answer = HouseholdCorrectionAnswered(
        "telegram",
        "other",
        KURIPAN,
        asked.id,
        "done",
        "ok",
        {"en": "Done: RT 4", "id": "Selesai: RT 4"},
    )
    await _apply(engine, ids["other"], answer)  # another village's coordinator: nothing
    assert await _count(engine, Delivery) == 0
    answer = HouseholdCorrectionAnswered(
        "telegram",
        "desk",
        KENANGA,
        asked.id,
        "done",
        "ok",
        {"en": "Done: RT 4", "id": "Selesai: RT 4"},
    )
    await _apply(engine, ids["desk"], answer)
    async with engine.connect() as conn:
        status = (await conn.execute(select(HouseholdCorrection.status))).scalar_one()
        delivered = (await conn.execute(select(Delivery.payload, Delivery.resident_id))).one()
    assert status == "done"
    assert delivered.resident_id == ids["wife"] and delivered.payload["text"] == "Done: RT 4"


@pytest.fixture
async def migrated(empty_url: str) -> AsyncIterator[AsyncEngine]:
    """A database built by the migrations (the office views live there)."""
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    yield engine
    await engine.dispose()


async def test_the_office_views_count_per_village_with_region_codes(
    migrated: AsyncEngine,
) -> None:
    ids = await _people(migrated)
    household = await _household(migrated, ids)
    records = [
        ("abroad", WORKER),
        ("abroad", {**WORKER, "name": "Budi", "documented": "no", "country": "Malaysia",
                    "sector": "plantation_agriculture"}),
        ("returned", {"name": "Eko", "returned_on": "15-01-2024", "country": "Korea Selatan"}),
        ("business", {"name": "Warung", "sector": "retail", "status": "running",
                      "cooperative_member": "yes"}),
        ("business", {"name": "Lele", "sector": "fishery", "status": "planned"}),
        ("training", {"training_name": "Tata boga", "held_on": "12-08-2025",
                      "participant_name": "Eko"}),
        ("training", {"training_name": "Keuangan", "held_on": "13-08-2025",
                      "participant_name": "eko"}),
    ]  # fmt: skip
    await _apply(migrated, ids["desk"], *(
        HouseholdRecordSaved("telegram", "desk", KENANGA, household, kind, None, fields)
        for kind, fields in records))  # fmt: skip
    async with migrated.connect() as conn:
        summary = (
            await conn.execute(text(
                "SELECT * FROM office_registry_summary ORDER BY village_code"))
        ).mappings().all()  # fmt: skip
        by_country = (
            await conn.execute(text("SELECT country, workers, district_code "
                                    "FROM office_workers_abroad_by_country ORDER BY country"))
        ).all()  # fmt: skip
        personal = (await conn.execute(text("SELECT head_name, workers_abroad "
                                            "FROM office_households"))).all()  # fmt: skip
    kenanga = dict(summary[0])
    assert kenanga == {
        "village_code": KENANGA, "village_name": "Desa Kenanga", "province_code": "32",
        "regency_code": "3212", "district_code": "321201", "households": 1,
        "workers_abroad": 2, "documented_workers": 1, "undocumented_workers": 1,
        "returned_workers": 1, "businesses": 2, "running_businesses": 1,
        "cooperative_members": 1, "trained_people": 1,
    }  # fmt: skip
    assert dict(summary[1])["households"] == 0 and dict(summary[1])["regency_code"] == "3212"
    assert [tuple(r) for r in by_country] == [("Malaysia", 1, "321201"), ("Taiwan", 1, "321201")]
    assert [tuple(r) for r in personal] == [("Sutrisno", 2)]
    batches = [b async for b in stream_export(migrated, "businesses", KENANGA)]
    columns = batches[0][0]
    rows = [row for _, chunk in batches for row in chunk]
    assert "head_name" not in columns and len(rows) == 2
    assert await _count(migrated, HouseholdBusiness) == 2
