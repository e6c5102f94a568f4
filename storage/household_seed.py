"""Households for ``desmigratif seed-demo``: about one migrant family per four residents.

Each household gets a made-up head and address, usually one or two members abroad, sometimes
a returned worker, a business and a training; every tenth is linked to a resident of its
village so "Keluarga saya" has something to show. Rows go in large batches; households are
found again by their demo key, so no id is assumed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.households import ABROAD_SECTORS, BUSINESS_SECTORS, BUSINESS_STATUSES
from storage.household_models import Household
from storage.household_writes import RECORD_TABLES
from storage.models import table_of

__all__ = ["seed_households"]

households = table_of(Household)

_BATCH = 2000
_HEADS = ("Sutrisno", "Sumarni", "Karyadi", "Sri Wahyuni", "Slamet", "Tukinah", "Darmaji",
          "Wartini", "Rohmat", "Suparti", "Ngadiman", "Painem")  # fmt: skip
_MEMBERS = ("Siti", "Nur", "Dewi", "Rina", "Agus", "Budi", "Eko", "Lestari", "Wulan", "Yanti")
_COUNTRIES = ("Taiwan", "Hong Kong", "Malaysia", "Singapura", "Korea Selatan", "Jepang",
              "Arab Saudi")  # fmt: skip
_DUSUN = ("Krajan", "Karanganyar", "Sidomulyo", "Tegalrejo", "Sukamaju")
_BUSINESSES = ("Warung sembako", "Keripik singkong", "Ternak kambing", "Jahit pakaian",
               "Kolam lele", "Bengkel motor")  # fmt: skip
_TRAININGS = ("Pelatihan kewirausahaan", "Literasi keuangan", "Pelatihan tata boga")


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def _insert(conn: AsyncConnection, kind: str, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    for batch in _chunks(rows):
        table = households if kind == "household" else RECORD_TABLES[kind]
        await conn.execute(insert(table), batch)
        count += len(batch)
    return count


async def seed_households(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """One household per four residents, with members abroad, returnees and businesses."""
    rng = random.Random(plan.seed + 14)
    width = len(village_ids)
    count = max(plan.residents // 4, width)

    def heads() -> Iterator[dict[str, Any]]:
        for h in range(count):
            # resident h lives in village h % width (seed.py), as this household does
            linked = h % 10 == 0 and h < plan.residents
            yield {
                "village_id": village_ids[h % width], "household_key": f"DEMO-{h:06d}",
                "head_name": f"{rng.choice(_HEADS)} (contoh)", "dusun": rng.choice(_DUSUN),
                "rt": rng.randrange(1, 15), "rw": rng.randrange(1, 6), "address": "",
                "resident_id": first_resident + h if linked else None,
                "created_at": plan.now - timedelta(days=90), "updated_at": plan.now,
                "updated_by": "seed-demo",
            }  # fmt: skip

    made = {"households": await _insert(conn, "household", heads())}
    found = await conn.execute(
        select(households.c.id).where(households.c.household_key.like("DEMO-%"))
    )
    ids = [row.id for row in found]

    def abroad() -> Iterator[dict[str, Any]]:
        for hid in ids:
            for _ in range(rng.choice((1, 1, 1, 2))):
                yield {
                    "household_id": hid, "name": rng.choice(_MEMBERS),
                    "relation": rng.choice(("spouse", "child", "child", "sibling")),
                    "country": rng.choice(_COUNTRIES), "sector": rng.choice(ABROAD_SECTORS),
                    "since": date(2018 + rng.randrange(8), rng.randrange(1, 13), 1),
                    "agency": "", "documented": rng.choice(("yes", "yes", "yes", "no", "unknown")),
                }  # fmt: skip

    def returned() -> Iterator[dict[str, Any]]:
        for hid in ids[::3]:
            yield {
                "household_id": hid,
                "name": rng.choice(_MEMBERS),
                "returned_on": date(2020 + rng.randrange(6), rng.randrange(1, 13), 15),
                "country": rng.choice(_COUNTRIES),
                "skills": "memasak, bahasa Mandarin",
            }

    def businesses() -> Iterator[dict[str, Any]]:
        for hid in ids[::4]:
            yield {
                "household_id": hid,
                "name": rng.choice(_BUSINESSES),
                "sector": rng.choice(BUSINESS_SECTORS),
                "started_on": date(2023, 3, 1),
                "status": rng.choice(BUSINESS_STATUSES),
                "cooperative_member": rng.random() < 0.4,
            }

    def trainings() -> Iterator[dict[str, Any]]:
        for hid in ids[::5]:
            yield {
                "household_id": hid,
                "training_name": rng.choice(_TRAININGS),
                "held_on": date(2025, 8, 12),
                "participant_name": rng.choice(_MEMBERS),
            }

    made["household_members_abroad"] = await _insert(conn, "abroad", abroad())
    made["household_returnees"] = await _insert(conn, "returned", returned())
    made["household_businesses"] = await _insert(conn, "business", businesses())
    made["household_trainings"] = await _insert(conn, "training", trainings())
    return made
