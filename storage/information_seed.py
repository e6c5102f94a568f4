"""Topic views for ``desmigratif seed-demo``: what each village read, week by week, for a year.

Every village opens a handful of the real topics on one day a week over the past year (the
topics people most need: requirements, costs, checking a job offer, hotlines), so the
``office_topic_views`` view and the monthly report's information requests have figures. Only
counts per village and day, as the bot itself records: never who read what.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

__all__ = ["seed_topic_views"]

#: Topic ids of flows/information/content/topics (the ones a desk is asked about most).
_TOPICS = (
    "bantuan-darurat", "hak-pmi", "lapor-diri", "gaji-tidak-dibayar", "cara-pengaduan",
    "pulang-kampung", "usaha-produktif", "community-parenting",
)  # fmt: skip
_WEEKS = 52


async def seed_topic_views(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """A few topics opened one day a week in every village, over the past year."""
    from storage.capabilities.information import TopicView
    from storage.models import table_of

    rng = random.Random(plan.seed + 16)
    today = plan.now.date()
    rows: list[dict[str, Any]] = []
    for v, village_id in enumerate(village_ids):
        for week in range(_WEEKS):
            day = today - timedelta(days=7 * week + v % 7)
            for topic in rng.sample(_TOPICS, 3):
                rows.append({"village_id": village_id, "topic_id": topic, "day": day,
                             "views": rng.randrange(1, 40)})  # fmt: skip
    for start in range(0, len(rows), 5000):
        await conn.execute(insert(table_of(TopicView)), rows[start : start + 5000])
    return {"topic_views": len(rows)}
