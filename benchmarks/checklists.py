"""How fast a person's checklist progress renders with 20 checklists and 400 items.

Run from the repository root: ``python benchmarks/checklists.py [--database-url URL]``.
It builds a real database (a SQLite file by default, or the PostgreSQL database given), gives
one resident 20 checklists of 20 documents each (400 items, in every state, some with files)
through the real storage, then renders, through the real runner and flows, the resident's
progress list (``/dokumen``) and one full checklist, and the desk's per-person view of that
resident (every checklist, every item, who verified it). Each render is timed 200 times (at
most 60 s). The last line is ``checklist render p95 X ms`` (the slowest of the three p95s;
the aim is under 20 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.checklists import ITEM_STATUSES, load_checklists
from storage.admin import AdminStore
from storage.checklist_models import Checklist, ChecklistFile, ChecklistItem
from storage.db import create_engine
from storage.models import Conversation, Resident, table_of
from storage.schema import METADATA
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

CHECKLISTS = 20
ITEMS_PER_CHECKLIST = 20
ROUNDS = 200
MAX_SECONDS = 60.0
VILLAGE = "3301012001"


async def _fill(engine: AsyncEngine, resident_id: int) -> None:
    """20 checklists × 20 items for one resident, in every state, some with files."""
    content = load_checklists()
    ids = list(content.items)  # 17 documents; the rest repeat, as a long list would
    checklists = table_of(Checklist)
    items = table_of(ChecklistItem)
    files = table_of(ChecklistFile)
    templates = list(content.templates)
    async with engine.begin() as conn:
        for n in range(CHECKLISTS):
            checklist_id = (
                await conn.execute(
                    insert(checklists).values(
                        reference=f"DOK-BENCH-{n:03d}", resident_id=resident_id,
                        template=templates[n % len(templates)], for_whom="self",
                        relative_name="", relative_relation="", status="active",
                        reminders_on=True, created_at=FIXED_NOW, touched_at=FIXED_NOW,
                    ).returning(checklists.c.id)
                )
            ).scalar_one()  # fmt: skip
            rows = [
                {"checklist_id": checklist_id, "item": ids[k % len(ids)], "position": k,
                 "status": ITEM_STATUSES[(n + k) % len(ITEM_STATUSES)],
                 "submitted_at": FIXED_NOW, "return_reason": "", "return_note": "",
                 "expiry_warning": 0, "updated_at": FIXED_NOW}
                for k in range(ITEMS_PER_CHECKLIST)
            ]  # fmt: skip
            made = (
                await conn.execute(
                    insert(items).returning(items.c.id, sort_by_parameter_order=True), rows
                )
            ).scalars().all()  # fmt: skip
            await conn.execute(
                insert(files),
                [{"item_id": i, "kind": "photo", "telegram_file_id": f"file-{i}",
                  "attempts": 0, "created_at": FIXED_NOW} for i in made[::3]],
            )  # fmt: skip


async def _timed(label: str, action: Callable[[], Awaitable[object]]) -> float:
    """Time ``action`` up to ROUNDS times (bounded by MAX_SECONDS); print and return its p95."""
    took: list[float] = []
    deadline = time.monotonic() + MAX_SECONDS
    for _ in range(ROUNDS):
        start = time.perf_counter()
        await action()
        took.append((time.perf_counter() - start) * 1000)
        if time.monotonic() > deadline:
            break
    p95 = statistics.quantiles(took, n=20)[-1] if len(took) >= 20 else max(took)
    print(f"{label}: {len(took)} renders, median {statistics.median(took):.1f} ms, "
          f"p95 {p95:.1f} ms")  # fmt: skip
    return p95


async def _pg(admin_url: str, sql: str) -> None:
    import asyncpg

    url = make_url(admin_url)
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username,
                                 password=url.password, database=url.database)  # fmt: skip
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def main(url: str | None) -> float:
    """Build the data, time the three renders, print the figures; return the worst p95.

    On PostgreSQL a fresh database is made beside the one named (and dropped afterwards), so
    the benchmark never touches existing tables.
    """
    own = None
    if url and not url.startswith("sqlite"):
        own = f"desmigratif_bench_{uuid.uuid4().hex[:8]}"
        await _pg(url, f'CREATE DATABASE "{own}"')
        url = (
            make_url(url)
            .set(drivername="postgresql+asyncpg", database=own)
            .render_as_string(hide_password=False)
        )
    try:
        return await _measure(url)
    finally:
        if own is not None:
            await _pg(str(make_url(url or "").set(database="postgres")),
                      f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')  # fmt: skip


async def _measure(url: str | None) -> float:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}")
        async with engine.begin() as conn:
            await conn.run_sync(METADATA.drop_all)
            await conn.run_sync(METADATA.create_all)
        try:
            await add_village(engine, VILLAGE, "Desa Kenanga")
            await AdminStore(engine).add_officer("9001", "desk_officer", village_code=VILLAGE,
                                                 actor="bench")  # fmt: skip
            runner = make_runner(engine)
            person = ChatTester(runner, engine, user_id="5001", name="Siti")
            await person.send(f"/start {VILLAGE}")
            async with engine.connect() as conn:
                resident_id = (await conn.execute(select(Resident.id).where(
                    Resident.external_id == "5001"))).scalar_one()  # fmt: skip
            await _fill(engine, resident_id)
            desk = ChatTester(runner, engine, user_id="9001", name="Wati")
            await desk.send(f"/start {VILLAGE}")
            await person.send("/dokumen")
            assert "DOK-BENCH-000" in person.text, person.text
            first = next(b for b in person.buttons if b.startswith("1."))

            async def progress() -> None:
                await person.send("/dokumen")

            async def one_checklist() -> None:
                await person.send("/dokumen")
                await person.send(first)

            async with engine.begin() as conn:  # the desk at the people list, as from /berkas
                officer = (await conn.execute(select(Resident.id).where(
                    Resident.external_id == "9001"))).scalar_one()  # fmt: skip
                await conn.execute(
                    update(Conversation).where(Conversation.resident_id == officer).values(
                        flow="docdesk", node="people", data={"village": VILLAGE},
                        offered=[[f"p:{resident_id}", "Siti"]],
                    )
                )  # fmt: skip
            await desk.send("Siti")
            assert "20 daftar" in desk.text, desk.text

            async def per_person() -> None:
                # each page reads all 20 checklists and 400 items, and shows three of them
                await desk.send("➡️ Selanjutnya")
                assert "Siti: 20 daftar" in desk.text, desk.text

            print(f"one resident: {CHECKLISTS} checklists, "
                  f"{CHECKLISTS * ITEMS_PER_CHECKLIST} items ({engine.dialect.name})")  # fmt: skip
            worst = max(
                await _timed("progress list (/dokumen)", progress),
                await _timed("list + one checklist (2 messages)", one_checklist),
                await _timed("desk per-person view (20 checklists)", per_person),
            )
        finally:
            await engine.dispose()
    return worst


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    p95 = asyncio.run(main(args.database_url))
    print(f"checklist render p95 {p95:.1f} ms")
