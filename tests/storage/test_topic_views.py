"""Topic views are counted per village, topic and day, with no person attached, on both backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.information import TopicViewed
from storage.capabilities.information import TopicView
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Village, utcnow
from storage.unit_of_work import SqlUnitOfWork
from tests.support.chat import ChatTester, add_village, make_runner

DAY = date(2026, 11, 23)


async def _counts(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as conn:
        query = select(TopicView.village_id, TopicView.topic_id, TopicView.day, TopicView.views)
        rows = [tuple(r) for r in (await conn.execute(query)).all()]
    # NULL sorts first on SQLite and last on PostgreSQL: order here, the same on both
    return sorted(rows, key=lambda r: (str(r[1]), str(r[2]), int(str(r[0] or 0))))


async def _apply(engine: AsyncEngine, *effects: TopicViewed) -> None:
    async with SqlUnitOfWork(engine) as uow:
        for effect in effects:
            await uow.apply(0, effect)  # no person: the counter never needs one
        await uow.commit()


async def test_views_add_up_per_village_topic_and_day(engine: AsyncEngine) -> None:
    await add_village(engine, "3301012001")
    await add_village(engine, "3301012002", "Desa Lain")
    one, two = "3301012001", "3301012002"
    await _apply(engine, TopicViewed("syarat-pmi", one, DAY), TopicViewed("syarat-pmi", one, DAY))
    await _apply(
        engine,
        TopicViewed("syarat-pmi", one, date(2026, 11, 24)),
        TopicViewed("syarat-pmi", two, DAY),
        TopicViewed("biaya", one, DAY),
        TopicViewed("syarat-pmi", None, DAY),
        TopicViewed("syarat-pmi", None, DAY),
        TopicViewed("syarat-pmi", None, DAY),
    )
    assert await _counts(engine) == [
        (1, "biaya", DAY, 1),
        (None, "syarat-pmi", DAY, 3),  # people without a village share one row
        (1, "syarat-pmi", DAY, 2),
        (2, "syarat-pmi", DAY, 1),
        (1, "syarat-pmi", date(2026, 11, 24), 1),
    ]


async def test_opening_a_topic_counts_once_and_the_row_names_nobody(engine: AsyncEngine) -> None:
    await add_village(engine)
    chat = ChatTester(make_runner(engine), engine)
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    await chat.send("ℹ️ Info migrasi aman")
    await chat.tap("Sebelum berangkat")
    await chat.tap("Syarat menjadi PMI")
    await chat.send("???")  # not understood: the page is shown again, not counted again
    await chat.tap("⬅ Kembali")
    await chat.tap("Syarat menjadi PMI")
    stranger = ChatTester(make_runner(engine), engine, user_id="2002")
    await stranger.send("/start")
    await stranger.send("tolong paspor sy ditahan majikan")  # the emergency topic is counted too
    rows = await _counts(engine)
    assert ("syarat-pmi" in {r[1] for r in rows}) and (1, "syarat-pmi", DAY, 2) in rows
    assert (None, "bantuan-darurat", DAY, 1) in rows
    async with engine.connect() as conn:
        columns = set((await conn.execute(select(TopicView))).keys())
    assert columns == {"id", "village_id", "topic_id", "day", "views"}


async def test_the_day_is_the_village_s_local_day(engine: AsyncEngine) -> None:
    await add_village(engine)
    late = datetime(2026, 11, 23, 18, 30, tzinfo=UTC)  # 01:30 on 24 November in WIB
    chat = ChatTester(make_runner(engine, clock=lambda: late), engine)
    await chat.send("/start 3301012001")
    await chat.tap("Lewati")
    await chat.send("ℹ️ Info migrasi aman")
    await chat.tap("Sebelum berangkat")
    await chat.tap("Syarat menjadi PMI")
    assert await _counts(engine) == [(1, "syarat-pmi", date(2026, 11, 24), 1)]


async def test_the_office_reads_the_counts_with_the_village_code(empty_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(Village).values(
                    code="3301012001",
                    name="Desa Contoh",
                    timezone="Asia/Jakarta",
                    created_at=utcnow(),
                )
            )
        await _apply(
            engine,
            TopicViewed("syarat-pmi", "3301012001", DAY),
            TopicViewed("syarat-pmi", "3301012001", DAY),
            TopicViewed("syarat-pmi", None, DAY),
        )
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT village_code, topic_id, views FROM office_topic_views "
                        "ORDER BY village_code"
                    )
                )
            ).all()
        assert sorted(map(tuple, rows), key=str) == sorted(
            [("3301012001", "syarat-pmi", 2), (None, "syarat-pmi", 1)], key=str
        )
    finally:
        await engine.dispose()
