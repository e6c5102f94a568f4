"""The monthly summary: once per child and month, only to its actively linked parents.

Runs on SQLite and PostgreSQL with the real catalogs; what is queued is read back from the
deliveries, as the delivery worker would send it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.parenting_jobs import ParentingJobs
from flows.engine.i18n import load_catalogs
from storage.delivery_models import Delivery
from storage.models import Resident, Village
from storage.parenting_jobs import MONTHLY_KIND, ParentingJobStore
from storage.parenting_models import Child, ChildLink, ChildUpdate
from tests.support.chat import FIXED_NOW, add_village

DECEMBER_1 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


async def _world(engine: AsyncEngine) -> dict[str, int]:
    """A village, two children, a mother in Taipei (English), a caregiver and a stranger."""
    await add_village(engine, "3301012001", "Desa Contoh")
    async with engine.begin() as conn:
        village = (await conn.execute(select(Village.id))).scalar_one()
        people = {}
        for name, locale, zone in (("mother", "en", "Asia/Taipei"), ("grandma", "id", None),
                                   ("stranger", "id", None)):  # fmt: skip
            people[name] = (
                await conn.execute(
                    insert(Resident).returning(Resident.id),
                    {"channel": "telegram", "external_id": name, "chat_id": name,
                     "display_name": name, "status": "active", "locale": locale,
                     "timezone": zone, "village_id": village, "created_at": FIXED_NOW,
                     "last_seen_at": FIXED_NOW},
                )
            ).scalar_one()  # fmt: skip
        kids = {}
        for name in ("Dewi", "Bayu"):
            kids[name] = (
                await conn.execute(
                    insert(Child).returning(Child.id),
                    {"village_id": village, "name": name, "birth_date": date(2018, 5, 1),
                     "caregiver_name": "Mbah Sri", "caregiver_relation": "nenek",
                     "parents_abroad": [["mother", "Taiwan"]], "registered_by": "f1",
                     "created_at": FIXED_NOW},
                )
            ).scalar_one()  # fmt: skip
        await conn.execute(insert(ChildLink), [
            {"child_id": kids["Dewi"], "resident_id": people["mother"], "relation": "mother",
             "status": "active", "created_at": FIXED_NOW},
            {"child_id": kids["Dewi"], "resident_id": people["grandma"], "relation": "caregiver",
             "status": "active", "created_at": FIXED_NOW},
        ])  # fmt: skip
        await conn.execute(insert(ChildUpdate), [
            {"child_id": kids["Dewi"], "topic": "school", "text": "Dewi juara kelas.",
             "written_by": "f1", "created_at": datetime(2026, 11, 5, 3, tzinfo=UTC)},
            {"child_id": kids["Dewi"], "topic": "health", "text": "Dewi sehat, sudah imunisasi.",
             "written_by": "f1", "created_at": datetime(2026, 11, 20, 3, tzinfo=UTC)},
            {"child_id": kids["Dewi"], "topic": "other", "text": "Oktober: belajar sepeda.",
             "written_by": "f1", "created_at": datetime(2026, 10, 20, 3, tzinfo=UTC)},
        ])  # fmt: skip
    return {**people, **kids}


async def _queued(engine: AsyncEngine) -> list[tuple[int, str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.resident_id, Delivery.timezone, Delivery.payload)
            .where(Delivery.kind == MONTHLY_KIND)
            .order_by(Delivery.id)
        )
        return [(r[0], str(r[1]), str(r[2]["text"])) for r in rows.all()]


async def test_each_linked_parent_gets_one_summary_of_last_month(engine: AsyncEngine) -> None:
    ids = await _world(engine)
    jobs = ParentingJobs(ParentingJobStore(engine), load_catalogs(), clock=lambda: DECEMBER_1)
    assert await jobs.run_round() == 1  # Dewi had updates in November; Bayu none
    assert await jobs.run_round() == 0  # the same month is never summarised twice
    ((resident, zone, text),) = await _queued(engine)
    assert resident == ids["mother"] and zone == "Asia/Taipei"  # not the caregiver, not others
    assert "Dewi" in text and "11/2026" in text and "2" in text
    assert "juara kelas" in text and "imunisasi" in text and "sepeda" not in text  # November only
    assert "/anak" in text


async def test_nothing_is_sent_for_a_month_without_updates(engine: AsyncEngine) -> None:
    await _world(engine)
    january = datetime(2027, 1, 3, tzinfo=UTC)
    jobs = ParentingJobs(ParentingJobStore(engine), load_catalogs(), clock=lambda: january)
    assert await jobs.run_round() == 0
    assert await _queued(engine) == []
