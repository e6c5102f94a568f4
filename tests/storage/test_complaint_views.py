"""The office's complaint views on a migrated database of each backend: counts and times only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from storage.complaint_models import Complaint
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Village, utcnow


async def test_open_cases_cases_per_month_and_response_times(empty_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    now = utcnow()
    november = datetime(2025, 11, 3, 1, 0, tzinfo=UTC)  # a month long past
    try:
        async with engine.begin() as conn:
            village = (
                await conn.execute(
                    insert(Village)
                    .values(code="3301012001", name="Desa Kenanga", timezone="Asia/Jakarta",
                            created_at=now)
                    .returning(Village.id)
                )
            ).scalar_one()  # fmt: skip

            def case(ref: str, created: datetime, status: str, **more: object) -> dict[str, object]:
                return {
                    "reference": ref, "village_id": village, "category": "wages",
                    "urgent": False, "affected": {"who": "self", "name": "Siti"},
                    "description": "rahasia", "contact": "0812", "disclosure": "named",
                    "status": status, "referred_to": "", "their_reference": "", "outcome": "",
                    "created_at": created, "due_at": created + timedelta(hours=72),
                    "escalation_level": 0, "updated_at": created, "first_response_at": None,
                    "resolved_at": None, **more,
                }  # fmt: skip

            await conn.execute(
                insert(Complaint),
                [
                    case("ADU-1", now - timedelta(days=5, hours=1), "new"),
                    case("ADU-2", november, "resolved",
                         first_response_at=november + timedelta(hours=10),
                         resolved_at=november + timedelta(hours=50)),
                    case("ADU-3", november + timedelta(days=1), "in_progress",
                         first_response_at=november + timedelta(days=1, hours=90)),
                ],
            )  # fmt: skip
        async with engine.connect() as conn:
            open_cases = (
                await conn.execute(
                    text(
                        "SELECT reference, village_code, status, age_days, overdue, taken "
                        "FROM office_open_complaints ORDER BY reference"
                    )
                )
            ).all()
            columns = (await conn.execute(text("SELECT * FROM office_open_complaints"))).keys()
            per_month = (
                await conn.execute(
                    text(
                        "SELECT month, category, complaints FROM office_complaints_per_month "
                        "WHERE month = '2025-11'"
                    )
                )
            ).all()
            times = (
                await conn.execute(
                    text(
                        "SELECT complaints, responded, responded_in_time, "
                        "avg_hours_to_first_response, resolved, avg_hours_to_resolution "
                        "FROM office_complaint_response_times WHERE month = '2025-11'"
                    )
                )
            ).one()
        assert tuple(open_cases[0]) == ("ADU-1", "3301012001", "new", 5, 1, 0)
        assert [r[0] for r in open_cases] == ["ADU-1", "ADU-3"]  # resolved is not open
        assert not {"description", "contact", "affected", "reporter_resident_id"} & set(columns)
        assert [tuple(r) for r in per_month] == [("2025-11", "wages", 2)]
        assert (times[0], times[1], times[2], times[4]) == (2, 2, 1, 1)
        assert float(times[3]) == 50.0  # (10 + 90) / 2 hours to a first response
        assert float(times[5]) == 50.0
    finally:
        await engine.dispose()
