"""The office web page's reads on SQLite and PostgreSQL: pages, filters, the dashboard.

Filters travel as parameters (a quote or a percent sign finds itself, nothing more); a
column that is not the view's own is ignored; a village sees only its own rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.migrate import upgrade
from storage.office_dashboard import SECTIONS, dashboard
from storage.office_pages import PAGE_SIZE, PageQuery, view_columns, view_page
from tests.support.office import KENANGA, KURIPAN, seed_office

NOW = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


@pytest.fixture
async def db(empty_url: str) -> AsyncIterator[AsyncEngine]:
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    await seed_office(engine, NOW)
    yield engine
    await engine.dispose()


async def test_pages_hold_fifty_rows_newest_first_and_only_the_village(db: AsyncEngine) -> None:
    first = await view_page(db, "topic-views", KENANGA, PageQuery())
    assert first.columns == ("topic_id", "day", "views")
    assert len(first.rows) == PAGE_SIZE and first.has_next
    days = [str(r[1]) for r in first.rows]
    assert days == sorted(days, reverse=True)
    rest = await view_page(db, "topic-views", KENANGA, PageQuery(page=2))
    assert not set(rest.rows) & set(first.rows)
    everything = []
    for n in range(1, 10):
        page = await view_page(db, "topic-views", KENANGA, PageQuery(page=n))
        everything += page.rows
        if not page.has_next:
            break
    async with db.connect() as conn:
        held = (
            await conn.execute(
                text("SELECT COUNT(*) FROM office_topic_views WHERE village_code = :v"),
                {"v": KENANGA},
            )
        ).scalar_one()
    assert held > 2 * PAGE_SIZE  # seed-demo's and this test's own views: several pages
    assert len(everything) == len(set(everything)) == held  # each row once, none left out
    assert "taiwan" in first.choices["topic_id"] and first.date_column == "day"


async def test_filters_by_value_words_and_dates(db: AsyncEngine) -> None:
    taiwan = await view_page(db, "topic-views", KENANGA, PageQuery(equals={"topic_id": "taiwan"}))
    assert {r[0] for r in taiwan.rows} == {"taiwan"}
    words = await view_page(db, "topic-views", KENANGA, PageQuery(words="KONG"))
    assert {r[0] for r in words.rows} == {"hong-kong"}
    day = (NOW - timedelta(days=1)).date()
    dated = await view_page(db, "topic-views", KENANGA, PageQuery(date_from=day, date_to=day))
    assert len(dated.rows) == 4 and {str(r[1]) for r in dated.rows} == {day.isoformat()}
    odd = PageQuery(words="%' OR 1=1 --", equals={"village_code": KURIPAN, "nope": "x"})
    assert (await view_page(db, "topic-views", KENANGA, odd)).rows == ()
    ignored = await view_page(db, "topic-views", KENANGA, PageQuery(equals={"nope": "x"}))
    assert len(ignored.rows) == PAGE_SIZE


async def test_every_view_pages_and_unknown_ones_are_refused(db: AsyncEngine) -> None:
    from storage.exports import EXPORTS

    for what in EXPORTS:
        page = await view_page(db, what, KENANGA, PageQuery(words="a", date_from=NOW.date()))
        assert page.page == 1
        assert "village_code" not in await view_columns(db, what)
    with pytest.raises(LookupError):
        await view_page(db, "residents; DROP TABLE residents", KENANGA, PageQuery())


async def test_the_dashboard_reads_only_the_sections_asked_for(db: AsyncEngine) -> None:
    full = await dashboard(db, KENANGA, NOW, SECTIONS)
    assert full.residents > 0 and sum(n for _, n in full.by_situation) == full.residents
    assert full.topic_views_30_days == sum(n for _, n in full.views_by_day) > 0
    assert len(full.views_by_day) == 31 and full.top_topics[0][1] >= full.top_topics[-1][1]
    other = await dashboard(db, KURIPAN, NOW, SECTIONS)
    assert other.topic_views_30_days < full.topic_views_30_days
    limited = await dashboard(db, KENANGA, NOW, {"parenting"})
    assert limited.open_complaints == 0 and limited.complaints_by_month == ()
    assert limited.residents == 0 and limited.children == full.children
