"""Children and updates for ``desmigratif seed-demo``: a few children per village.

Each village gets three children with made-up names, a caregiver at home, parents abroad and
a few updates over the past year (one this month), each delivered to the child's linked
parent; one resident per child is linked as a parent (in one month or another of the past
year) so "Anak saya", the office views and the monthly report have something to show. No
photos: there is nothing behind a made-up Telegram file id.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.delivery_models import Delivery
from storage.models import table_of
from storage.parenting_models import Child, ChildLink, ChildUpdate
from storage.parenting_officers import UPDATE_KIND

__all__ = ["seed_parenting"]

children = table_of(Child)
links = table_of(ChildLink)
updates = table_of(ChildUpdate)
deliveries = table_of(Delivery)

_NAMES = ("Ayu", "Bima", "Citra", "Dimas", "Eka", "Fajar", "Gita", "Hana")
_CAREGIVERS = (("Mbah Sarinah", "Nenek"), ("Pak Darto", "Kakek"), ("Bu Lastri", "Bibi"))
_ABROAD = ((("mother", "Taiwan"),), (("father", "Malaysia"),),
           (("mother", "Hong Kong"), ("father", "Korea Selatan")))  # fmt: skip
_UPDATES = (
    ("activity", "Ikut kegiatan mewarnai di kelompok parenting desa dan sangat gembira."),
    ("school", "Nilai rapor semester ini baik; rajin berangkat sekolah."),
    ("health", "Sudah imunisasi di posyandu; berat badan naik sesuai umur."),
    ("milestone", "Sudah lancar membaca buku cerita sendiri."),
)


async def seed_parenting(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """Three children per village, each with updates and one linked parent."""
    rng = random.Random(plan.seed + 15)
    width = len(village_ids)
    made = {"children": 0, "child_updates": 0, "child_links": 0}
    sent: list[dict[str, Any]] = []
    for v, village_id in enumerate(village_ids):
        for k in range(3):
            n = v * 3 + k
            born = date(2012 + rng.randrange(8), rng.randrange(1, 13), rng.randrange(1, 29))
            caregiver, relation = _CAREGIVERS[n % len(_CAREGIVERS)]
            child_id = (
                await conn.execute(
                    insert(children).values(
                        village_id=village_id, name=f"{_NAMES[n % len(_NAMES)]} (contoh)",
                        birth_date=born, school="SD Negeri 1" if k != 2 else "",
                        caregiver_name=caregiver, caregiver_relation=relation,
                        parents_abroad=[list(p) for p in _ABROAD[n % len(_ABROAD)]],
                        photo_consent=k == 0, photo_consent_via="desk" if k == 0 else "",
                        registered_by="seed-demo", created_at=plan.now - timedelta(days=400),
                    ).returning(children.c.id)
                )
            ).scalar_one()  # fmt: skip
            made["children"] += 1
            rows = [
                {"child_id": child_id, "topic": topic, "text": text, "written_by": "seed-demo",
                 "created_at": plan.now - timedelta(
                     days=rng.randrange(1, 25) if u == 0 else rng.randrange(25, 365))}
                for u, (topic, text) in enumerate(rng.sample(_UPDATES, 3))
            ]  # fmt: skip
            written = (
                await conn.execute(
                    insert(updates).returning(updates.c.id, sort_by_parameter_order=True), rows
                )
            ).scalars().all()  # fmt: skip
            made["child_updates"] += len(rows)
            resident = v + k * width
            linked = plan.now - timedelta(days=30 * (n % 12) + 5)
            if resident < plan.residents:
                sent += [
                    {"kind": UPDATE_KIND, "source_id": update_id,
                     "resident_id": first_resident + resident, "channel": "telegram",
                     "chat_id": str(first_resident + resident), "payload": {"text": row["text"]},
                     "urgent": False, "timezone": "Asia/Taipei", "not_before": row["created_at"],
                     "status": "sent", "attempts": 1, "created_at": row["created_at"],
                     "sent_at": row["created_at"] + timedelta(hours=1)}
                    for update_id, row in zip(written, rows, strict=True)
                    if row["created_at"] >= linked
                ]  # fmt: skip
                await conn.execute(
                    insert(links).values(
                        child_id=child_id, resident_id=first_resident + resident,
                        relation=_ABROAD[n % len(_ABROAD)][0][0], status="active",
                        created_at=linked, confirmed_at=linked, ended_reason="",
                    )
                )  # fmt: skip
                made["child_links"] += 1
    if sent:
        await conn.execute(insert(deliveries), sent)
    made["child_update_deliveries"] = len(sent)
    return made
