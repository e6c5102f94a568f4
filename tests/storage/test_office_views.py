"""The views the village office reads, on a migrated database of each backend."""

from __future__ import annotations

import asyncio

from sqlalchemy import insert, text

from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Resident, UnansweredQuestion, Village, utcnow


async def test_office_views_count_questions_and_residents(empty_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    try:
        async with engine.begin() as conn:
            village = (
                await conn.execute(
                    insert(Village)
                    .values(
                        code="3301012001",
                        name="Desa Contoh",
                        timezone="Asia/Jakarta",
                        created_at=utcnow(),
                    )
                    .returning(Village.id)
                )
            ).scalar_one()
            for external, status, situation in (
                ("1", "active", "abroad"),
                ("2", "unreachable", None),
                ("3", "active", "abroad"),
            ):
                await conn.execute(
                    insert(Resident).values(
                        channel="telegram",
                        external_id=external,
                        chat_id=external,
                        display_name="",
                        status=status,
                        situation=situation,
                        village_id=village,
                        created_at=utcnow(),
                        last_seen_at=utcnow(),
                    )
                )
            for wording in ("kapan pasar malam?", "Kapan pasar malam"):
                await conn.execute(
                    insert(UnansweredQuestion).values(
                        village_id=village,
                        locale="id",
                        question=wording,
                        normalized="kapan pasar malam",
                        asked_at=utcnow(),
                    )
                )
        async with engine.connect() as conn:
            questions = (
                await conn.execute(
                    text("SELECT village_code, times_asked FROM office_unanswered_questions")
                )
            ).all()
            residents = (
                await conn.execute(
                    text(
                        "SELECT village_code, residents, unreachable "
                        "FROM office_residents_per_village"
                    )
                )
            ).all()
            by_situation = (
                await conn.execute(
                    text(
                        "SELECT province_code, regency_code, district_code, situation, "
                        "residents, unreachable FROM office_residents_by_situation "
                        "WHERE village_code = '3301012001' ORDER BY situation"
                    )
                )
            ).all()
        assert [tuple(r) for r in questions] == [("3301012001", 2)]
        assert [tuple(r) for r in residents] == [("3301012001", 3, 1)]
        # the Kemendagri prefixes let a district merge villages; no situation given is counted
        assert [tuple(r) for r in by_situation] == [
            ("33", "3301", "330101", "abroad", 2, 0),
            ("33", "3301", "330101", "not_stated", 1, 1),
        ]
    finally:
        await engine.dispose()
