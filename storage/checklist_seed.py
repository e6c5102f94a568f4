"""Checklists for ``desmigratif seed-demo``: a few residents per village preparing to leave.

Each village gets four checklists kept by its own residents (one kept for a relative), at
different stages: just started, some documents marked, some sent and waiting for the desk,
some verified, one sent back, and a passport with an expiry date; and four older ones spread
over the past year, closed when the worker left (or, one in four, cancelled), so the desk
queue, the per-person view, the office views and the monthly report have something real to
show. No files: there is nothing
behind a made-up Telegram file id to download.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from flows.checklists import load_checklists
from storage.checklist_models import Checklist, ChecklistItem
from storage.models import Village, table_of

__all__ = ["seed_checklists"]

checklists = table_of(Checklist)
items = table_of(ChecklistItem)
villages = table_of(Village)

#: (template, for a relative?, statuses of the first items in order; the rest "missing")
_PLANS = (
    ("hk_domestic", False, ()),
    ("tw_caregiver", False, ("verified", "verified", "have", "submitted", "missing", "have")),
    ("my_plantation", True, ("have", "have", "submitted", "returned")),
    ("kr_eps_manufacturing", False, ("verified",) * 8 + ("submitted",)),
)
#: Older checklists: (template, for a relative?, how it ended); every document verified.
_CLOSED = (
    ("tw_caregiver", False, "departed"),
    ("hk_domestic", True, "departed"),
    ("my_plantation", False, "cancelled"),
    ("kr_eps_manufacturing", False, "departed"),
)


async def seed_checklists(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """Eight checklists per village of the fake district (four closed), with their items."""
    rng = random.Random(plan.seed + 13)
    content = load_checklists()
    codes = dict(
        (await conn.execute(select(villages.c.id, villages.c.code).where(
            villages.c.id.in_(village_ids)))).tuples().all()
    )  # fmt: skip
    width = len(village_ids)
    rows: list[dict[str, Any]] = []
    for v, village_id in enumerate(village_ids):
        for k, (template, relative, _statuses) in enumerate(_PLANS):
            resident = v + (k + 7) * width  # other residents than the complaints' reporters
            if resident >= plan.residents:
                break
            created = plan.now - timedelta(days=rng.randrange(3, 40))
            rows.append({
                "reference": f"DOK-{codes[village_id][:4]}-D{codes[village_id][4:]}{k}",
                "resident_id": first_resident + resident, "template": template,
                "for_whom": "relative" if relative else "self",
                "relative_name": "Rina" if relative else "",
                "relative_relation": "Anak saya" if relative else "",
                "status": "active", "reminders_on": True, "created_at": created,
                "touched_at": created + timedelta(days=rng.randrange(0, 3)),
                "reminded_at": None, "closed_at": None,
            })  # fmt: skip
        for k, (template, relative, ended) in enumerate(_CLOSED):
            resident = v + (k + 12) * width
            if resident >= plan.residents:
                break
            created = plan.now - timedelta(days=30 * ((v * 4 + k) % 12) + rng.randrange(40, 60))
            closed = created + timedelta(days=rng.randrange(25, 38))
            rows.append({
                "reference": f"DOK-{codes[village_id][:4]}-D{codes[village_id][4:]}{k + 4}",
                "resident_id": first_resident + resident, "template": template,
                "for_whom": "relative" if relative else "self",
                "relative_name": "Rina" if relative else "",
                "relative_relation": "Anak saya" if relative else "",
                "status": ended, "reminders_on": False, "created_at": created,
                "touched_at": closed, "reminded_at": None, "closed_at": closed,
            })  # fmt: skip
    if not rows:
        return {"checklists": 0}
    ids = (
        (
            await conn.execute(
                insert(checklists).returning(checklists.c.id, sort_by_parameter_order=True), rows
            )
        )
        .scalars()
        .all()
    )
    made: list[dict[str, Any]] = []
    for checklist_id, row in zip(ids, rows, strict=True):
        chosen = content.templates[row["template"]]
        closed = row["closed_at"] is not None
        statuses = ("verified",) * 40 if closed else _PLANS[int(row["reference"][-1])][2]
        touched = row["created_at"] + timedelta(days=5) if closed else row["touched_at"]
        for position, item in enumerate(chosen.items):
            status = statuses[position] if position < len(statuses) else "missing"
            made.append({
                "checklist_id": checklist_id, "item": item, "position": position,
                "status": status,
                "submitted_at": touched if status in ("submitted", "verified", "returned")
                else None,
                "verified_at": touched + timedelta(days=1) if status == "verified" else None,
                "return_reason": "unreadable" if status == "returned" else "",
                "return_note": "Foto buram, mohon kirim ulang." if status == "returned" else "",
                "expires_on": (touched + timedelta(days=3650)).date()
                if item == "passport" and status != "missing" else None,
                "expiry_warning": 0, "updated_at": touched,
            })  # fmt: skip
    await conn.execute(insert(items), made)
    return {"checklists": len(ids), "checklist_items": len(made)}
