"""The parenting storage contract, on SQLite and PostgreSQL: each write checks who asks.

Effects are applied as the runner applies them; a forged effect (an officer of another
village, a spent code, a stranger's read) changes and reveals nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.parenting import ChildLinkCodeCreated, ChildLinked, ChildRegistered, ChildRemoved
from storage.admin import AdminStore
from storage.models import Resident
from storage.parenting_models import Child, ChildLink
from storage.parenting_queries import SqlParentingQueries
from storage.registry import apply_effect
from tests.support.chat import FIXED_NOW, add_village

KENANGA, KURIPAN = "3212010001", "3212020002"


async def _people(engine: AsyncEngine) -> dict[str, int]:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(engine)
    await store.add_officer("fac", "parenting_facilitator", village_code=KENANGA, actor="t")
    await store.add_officer("other", "parenting_facilitator", village_code=KURIPAN, actor="t")
    ids = {}
    async with engine.begin() as conn:
        for name in ("fac", "other", "mother", "stranger"):
            ids[name] = (
                await conn.execute(
                    insert(Resident).returning(Resident.id),
                    {"channel": "telegram", "external_id": name, "chat_id": name,
                     "display_name": name, "status": "active", "created_at": FIXED_NOW,
                     "last_seen_at": FIXED_NOW},
                )
            ).scalar_one()  # fmt: skip
    return ids


def _register(account: str, village: str) -> ChildRegistered:
    return ChildRegistered(
        "telegram", account, village, name="Dewi", birth_date=date(2018, 5, 1), school="SD 1",
        caregiver_name="Mbah Sri", caregiver_relation="nenek",
        parents_abroad=(("mother", "Taiwan"),),
    )  # fmt: skip


async def _apply(engine: AsyncEngine, person: int, *effects: object) -> None:
    async with engine.begin() as conn:
        for effect in effects:
            await apply_effect(conn, person, effect)  # type: ignore[arg-type]


async def _count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(model))).scalar_one())


async def test_only_the_villages_facilitator_registers_a_child_there(engine: AsyncEngine) -> None:
    ids = await _people(engine)
    await _apply(engine, ids["other"], _register("other", KENANGA))  # forged: another village
    assert await _count(engine, Child) == 0
    await _apply(engine, ids["fac"], _register("fac", KENANGA))
    assert await _count(engine, Child) == 1


async def test_a_code_links_one_parent_once_and_reads_stay_private(engine: AsyncEngine) -> None:
    ids = await _people(engine)
    await _apply(engine, ids["fac"], _register("fac", KENANGA))
    async with engine.connect() as conn:
        child = (await conn.execute(select(Child.id))).scalar_one()
    expires = FIXED_NOW + timedelta(hours=72)
    made = ChildLinkCodeCreated("telegram", "fac", KENANGA, child, "K7Q2MX", "mother", expires)
    await _apply(engine, ids["fac"], made)
    await _apply(engine, ids["mother"], ChildLinked("K7Q2MX", FIXED_NOW))
    await _apply(engine, ids["stranger"], ChildLinked("K7Q2MX", FIXED_NOW))  # spent: nothing
    async with engine.connect() as conn:
        linked = (await conn.execute(select(ChildLink.resident_id))).scalars().all()
        queries = SqlParentingQueries(conn)
        assert [c.id for c in await queries.my_children(ids["mother"])] == [child]
        assert await queries.my_children(ids["stranger"]) == []
        assert await queries.my_child(ids["stranger"], child) is None
        assert await queries.village_child(KURIPAN, child) is None  # another village's desk
    assert linked == [ids["mother"]]


async def test_removing_a_child_removes_its_links(engine: AsyncEngine) -> None:
    ids = await _people(engine)
    await _apply(engine, ids["fac"], _register("fac", KENANGA))
    async with engine.connect() as conn:
        child = (await conn.execute(select(Child.id))).scalar_one()
    expires = FIXED_NOW + timedelta(hours=72)
    await _apply(
        engine, ids["fac"],
        ChildLinkCodeCreated("telegram", "fac", KENANGA, child, "ABCD23", "mother", expires),
    )  # fmt: skip
    await _apply(engine, ids["mother"], ChildLinked("ABCD23", FIXED_NOW))
    await _apply(engine, ids["other"], ChildRemoved("telegram", "other", KENANGA, child))
    assert await _count(engine, Child) == 1  # another village's facilitator cannot remove it
    await _apply(engine, ids["fac"], ChildRemoved("telegram", "fac", KENANGA, child))
    assert await _count(engine, Child) == 0
    assert await _count(engine, ChildLink) == 0
