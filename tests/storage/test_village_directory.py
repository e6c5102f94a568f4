"""The village directory people search and browse, on every backend: names and regions only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.welcome import Place, Region
from storage.models import Resident, Village, table_of, utcnow
from storage.unit_of_work import SqlUnitOfWork
from tests.support.queries import welcome_queries_of

CILACAP = ("Kabupaten Cilacap", "Jawa Tengah")
BANDUNG = ("Kabupaten Bandung", "Jawa Barat")
VILLAGES = [
    ("3301010001", "Kenanga", "Kroya", *CILACAP),
    ("3301050004", "Desa Kenanga", "Sidareja", *CILACAP),
    ("3301010002", "Sumberrejo", "Kroya", *CILACAP),
    ("3301010003", "Kelurahan Karangsari", "Kroya", *CILACAP),
    ("3204100002", "Kenanga", "Cicalengka", *BANDUNG),
    ("3204100003", "Tjikoneng", "Cicalengka", *BANDUNG),
    ("3578010001", "Ketintang", None, None, None),  # added before regions were recorded
]


async def _fill(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(table_of(Village)),
            [
                {"code": code, "name": name, "district": district, "regency": regency,
                 "province": province, "timezone": "Asia/Jakarta", "created_at": utcnow()}
                for code, name, district, regency, province in VILLAGES
            ],
        )  # fmt: skip


def _codes(places: tuple[Place, ...]) -> list[str]:
    return [p.code for p in places]


async def test_names_are_found_despite_typos_kind_words_and_old_spellings(
    engine: AsyncEngine,
) -> None:
    await _fill(engine)
    async with SqlUnitOfWork(engine) as uow:
        directory = welcome_queries_of(uow)
        assert _codes(await directory.search_villages("sumber rejoo", 6)) == ["3301010002"]
        assert _codes(await directory.search_villages("Desa Karangsari", 6)) == ["3301010003"]
        assert _codes(await directory.search_villages("cikoneng", 6)) == ["3204100003"]
        kenanga = await directory.search_villages("ds kenagna", 6)
        assert sorted(_codes(kenanga)) == ["3204100002", "3301010001", "3301050004"]
        bandung = await directory.search_villages("kenanga bandung", 6)
        assert _codes(bandung)[0] == "3204100002"
        assert await directory.search_villages("xqzw", 6) == ()
        assert await directory.search_villages("desa", 6) == ()  # a kind word names nothing
        assert len(await directory.search_villages("kenanga", 2)) == 2
        found = (await directory.search_villages("sumberrejo", 1))[0]
        assert found == Place("3301010002", "Sumberrejo", "Kroya", *CILACAP)


async def test_regions_group_the_codes_and_unnamed_ones_come_last(engine: AsyncEngine) -> None:
    await _fill(engine)
    async with SqlUnitOfWork(engine) as uow:
        directory = welcome_queries_of(uow)
        assert await directory.provinces() == (
            Region("32", "Jawa Barat", 2),
            Region("33", "Jawa Tengah", 4),
            Region("35", None, 1),
        )
        assert await directory.regencies("33") == (Region("3301", "Kabupaten Cilacap", 4),)
        assert _codes(await directory.villages_in("3301")) == [
            "3301050004", "3301010003", "3301010001", "3301010002"
        ]  # fmt: skip
        assert await directory.villages_in("9999") == ()
        assert await directory.place("3578010001") == Place("3578010001", "Ketintang")
        assert await directory.place("3578010009") is None


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_searching_villages_never_reads_or_reveals_residents(engine: AsyncEngine) -> None:
    await _fill(engine)
    async with engine.begin() as conn:  # a resident who shares a village's name
        await conn.execute(
            insert(table_of(Resident)).values(
                channel="telegram", external_id="77", chat_id="77", display_name="Kenanga Sari",
                village_id=None, created_at=utcnow(), last_seen_at=utcnow(),
            )
        )  # fmt: skip
    async with SqlUnitOfWork(engine) as uow:
        directory = welcome_queries_of(uow)
        with _statements(engine) as seen:
            found = await directory.search_villages("kenanga sari", 6)
            regions = (*await directory.provinces(), *await directory.regencies("33"))
            listed = await directory.villages_in("3301")
            await directory.place("3301010001")
    assert seen and not any("residents" in statement for statement in seen)
    assert all(isinstance(p, Place) for p in (*found, *listed))
    assert "Kenanga Sari" not in repr((found, regions, listed))
    assert sum(r.villages for r in regions) == 7 + 4  # villages counted, never people
