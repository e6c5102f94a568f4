"""``desmigratif seed-demo``: a district's worth of realistic fake data, for measuring at scale.

Villages of one kabupaten, residents spread over them (names, languages, situations, workers
abroad in their destination's time zone, last seen over the past months), their
conversations, a reply history in the outbox, questions the bot could not answer, officers,
and each capability's own tables through the ``seed`` of its storage module. Everything is
deterministic for a given ``--seed`` and written in large batches, so 100,000 residents take
seconds on SQLite and PostgreSQL alike. Ids never collide with real Telegram users' (they
start at 9,000,000,000, beyond today's ids) nor with the benchmarks' chats.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.models import (
    Conversation,
    Officer,
    OutboxMessage,
    Resident,
    UnansweredQuestion,
    Village,
    table_of,
)
from storage.registry import STORAGES

__all__ = ["FIRST_ACCOUNT", "SeedPlan", "seed_demo"]

FIRST_ACCOUNT = 9_000_000_000
DISTRICT = "3301"
#: The names of the fake kabupaten's regions (its kecamatan are "Contoh 01", "Contoh 02"…).
PROVINCE, REGENCY = "Jawa Tengah", "Kabupaten Cilacap"
_BATCH = 5_000
_NAMES = (
    "Siti", "Sri", "Wati", "Ani", "Dewi", "Nur", "Ika", "Yuni", "Rina", "Lestari", "Budi",
    "Agus", "Eko", "Joko", "Slamet", "Rudi", "Dian", "Tri", "Wahyu", "Fitri", "Endang",
    "Sumarni", "Kartini", "Aminah", "Suparmi", "Tuti", "Rohmah", "Bayu", "Heru", "Yanto",
)  # fmt: skip
_ABROAD = ("Asia/Hong_Kong", "Asia/Taipei", "Asia/Kuala_Lumpur", "Asia/Singapore", "Asia/Seoul")
_SITUATIONS = (None, "prospective", "family", "abroad", "returned")
_NODES = (("main", "menu"), ("info", "show"), ("info", "phases"), ("office", "show"))
_QUESTIONS = (
    "berapa lama proses visa jepang", "apakah bisa kerja di kapal pesiar",
    "kapan pelatihan bahasa korea dibuka", "gaji perawat lansia di jerman berapa",
    "bisa gak kerja ke australia lewat desa", "syarat jadi tki ke brunei",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeedPlan:
    """How much to make, and the numbers capabilities seed against."""

    villages: int
    residents: int
    seed: int = 1
    now: datetime = datetime(2026, 11, 30, tzinfo=UTC)

    def village_codes(self) -> list[str]:
        """The villages' 10-digit codes, all in one kabupaten."""
        return [f"{DISTRICT}{(i // 40) + 1:02d}{2001 + i % 40:04d}" for i in range(self.villages)]


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def _insert(conn: AsyncConnection, model: Any, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    for batch in _batches(rows):
        await conn.execute(insert(table_of(model)), batch)
        count += len(batch)
    return count


def _residents(plan: SeedPlan, village_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    rng = random.Random(plan.seed)
    for i in range(plan.residents):
        situation = rng.choice(_SITUATIONS)
        seen = plan.now - timedelta(minutes=rng.randrange(90 * 24 * 60))
        account = str(FIRST_ACCOUNT + i)
        yield {
            "channel": "telegram",
            "external_id": account,
            "chat_id": account,
            "display_name": rng.choice(_NAMES),
            "locale": rng.choice((None, None, "id", "en")),
            "language_code": rng.choice(("id", "id", "en", None)),
            "village_id": village_ids[i % len(village_ids)],
            "status": "unreachable" if rng.random() < 0.03 else "active",
            "situation": situation,
            "timezone": rng.choice(_ABROAD) if situation == "abroad" else None,
            "announcements_muted": rng.random() < 0.05,
            "created_at": seen - timedelta(days=rng.randrange(1, 365)),
            "last_seen_at": seen,
        }


async def seed_demo(engine: AsyncEngine, plan: SeedPlan) -> dict[str, int]:
    """Fill the database (already migrated) and return how many rows of each kind were made."""
    rng = random.Random(plan.seed)
    made: dict[str, int] = {}
    async with engine.begin() as conn:
        codes = plan.village_codes()
        made["villages"] = await _insert(
            conn,
            Village,
            (
                {"code": c, "name": f"Desa Contoh {n + 1}", "timezone": "Asia/Jakarta",
                 "province": PROVINCE, "regency": REGENCY, "district": f"Contoh {c[4:6]}",
                 "created_at": plan.now}
                for n, c in enumerate(codes)
            ),
        )  # fmt: skip
        villages = table_of(Village)
        found = await conn.execute(select(villages.c.id).where(villages.c.code.in_(codes)))
        village_ids = sorted(found.scalars().all())
        made["residents"] = await _insert(conn, Resident, _residents(plan, village_ids))
        residents = table_of(Resident)
        first = await conn.execute(
            select(residents.c.id).where(residents.c.external_id == str(FIRST_ACCOUNT))
        )
        base = int(first.scalar_one())
        ids = range(base, base + plan.residents)
        made["conversations"] = await _insert(
            conn,
            Conversation,
            (
                {"resident_id": rid, "flow": f, "node": n, "data": {}, "offered": [],
                 "last_update_id": rng.randrange(1, 10**6), "updated_at": plan.now}
                for rid in ids
                for f, n in (rng.choice(_NODES),)
            ),
        )  # fmt: skip
        made["outbox"] = await _insert(
            conn,
            OutboxMessage,
            (
                {"resident_id": rid, "channel": "telegram", "chat_id": str(rid),
                 "payload": {"text": "Menu utama. Apa yang Anda perlukan?", "choices": [],
                             "actions": [], "remove_keyboard": False},
                 "status": "sent", "attempts": 1,
                 "created_at": plan.now - timedelta(days=k), "sent_at": plan.now}
                for rid in ids
                for k in range(3)
            ),
        )  # fmt: skip
        asked = plan.residents // 5  # spread over the past year
        made["unanswered_questions"] = await _insert(
            conn,
            UnansweredQuestion,
            (
                {"village_id": village_ids[i % len(village_ids)], "locale": "id",
                 "question": q, "normalized": q,
                 "asked_at": plan.now - timedelta(hours=1 + i * 8760 // asked)}
                for i in range(asked)
                for q in (rng.choice(_QUESTIONS),)
            ),
        )  # fmt: skip
        made["officers"] = await _insert(
            conn,
            Officer,
            (
                {"channel": "telegram", "external_id": str(FIRST_ACCOUNT - 1 - n),
                 "village_id": vid, "role": role, "active": True, "created_at": plan.now}
                for n, vid in enumerate(village_ids)
                for role in ("coordinator",)
            ),
        )  # fmt: skip
        for storage in STORAGES:
            if storage.seed is not None:
                made.update(await storage.seed(conn, plan, village_ids, base))
    async with engine.begin() as conn:
        # after a bulk load the planner has no statistics yet (PostgreSQL's autovacuum would
        # gather them some minutes later): gather them now, as after a restore
        await conn.execute(text("ANALYZE"))
    return made
