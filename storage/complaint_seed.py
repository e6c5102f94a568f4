"""Complaints for ``desmigratif seed-demo``: a few cases per village, in every state.

Each village gets six cases reported by its own residents over the past two months (one per
state from new to closed) and six older ones, mostly resolved or closed, spread over the past
year (the kabupaten has cases in each of the last twelve months, for the monthly report),
with the report, the officers' replies, questions and notes, and the status history, so the
officer queue, /status, the office views and the monthly report have something real to show.
No evidence files: there is nothing behind a made-up Telegram file id to download.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.complaint_models import Complaint, ComplaintEvent, ComplaintMessage
from storage.models import Village, table_of

__all__ = ["seed_complaints"]

complaints = table_of(Complaint)
messages = table_of(ComplaintMessage)
events = table_of(ComplaintEvent)
villages = table_of(Village)

_CASES = (
    ("violence", True, 24, "Adik saya dipukul majikan di Taipei dan tidak boleh keluar rumah."),
    ("wages", False, 72, "Gaji suami saya sudah tiga bulan tidak dibayar oleh pabrik."),
    ("documents", True, 72, "Paspor anak saya ditahan agen dan tidak dikembalikan."),
    ("fraud", False, 72, "Saya sudah bayar 15 juta ke calo tapi tidak pernah diberangkatkan."),
    ("health", False, 72, "Ibu saya sakit di Hong Kong, majikan tidak mau membawa ke dokter."),
    ("missing", True, 24, "Kakak saya di Malaysia tidak bisa dihubungi sejak dua minggu."),
)
_AFFECTED = (
    {"who": "family", "name": "Sri", "relation": "adik", "country": "Taiwan", "city": "Taipei",
     "employer": ""},
    {"who": "self", "name": "", "relation": "", "country": "", "city": "", "employer": ""},
    {"who": "family", "name": "Wati", "relation": "anak", "country": "Hong Kong",
     "city": "Kowloon", "employer": "PT Contoh Jaya"},
)  # fmt: skip
#: (status, what the desk wrote: (kind, text) in order, history after "new")
_STORIES: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]], ...] = (
    ("new", (), ()),
    ("in_progress", (("public", "Laporan Anda sudah kami terima dan sedang kami pelajari."),
                     ("note", "Sudah telepon keluarga, menunggu kabar dari agen.")),
     ("in_progress",)),
    ("waiting_reporter", (("question", "Apakah Anda punya nomor telepon majikan atau agen?"),),
     ("in_progress", "waiting_reporter")),
    ("referred", (("public", "Kasus Anda kami teruskan ke BP3MI Jawa Tengah."),),
     ("in_progress", "referred")),
    ("resolved", (("public", "Gaji sudah dibayar penuh setelah mediasi oleh Disnaker."),),
     ("in_progress", "resolved")),
    ("closed", (("public", "Kasus ditutup: keluarga sudah bisa dihubungi kembali."),),
     ("in_progress", "resolved", "closed")),
)  # fmt: skip


#: The stories of the older cases (mostly finished by now).
_OLDER = (4, 5, 3, 4, 5, 1)


def _case(
    n: int,
    story: int,
    code: str,
    village_id: int,
    reporter: int,
    created: datetime,
    rng: random.Random,
) -> dict[str, Any]:
    category, urgent, hours, text = _CASES[n % len(_CASES)]
    status = _STORIES[story][0]
    answered = created + timedelta(hours=rng.randrange(2, hours + 24))
    done = status in ("resolved", "closed")
    return {
        "reference": f"ADU-{code[:4]}-D{code[4:]}{n:02d}",
        "village_id": village_id, "reporter_resident_id": reporter, "category": category,
        "urgent": urgent, "affected": _AFFECTED[n % len(_AFFECTED)], "description": text,
        "contact": "", "disclosure": "named" if n % 2 else "anonymous", "status": status,
        "owner_officer_id": None,
        "referred_to": "BP3MI Jawa Tengah" if status == "referred" else "",
        "their_reference": "BP3MI/2026/0417" if status == "referred" else "",
        "outcome": "Selesai dengan mediasi." if done else "",
        "created_at": created, "due_at": created + timedelta(hours=hours),
        "first_response_at": answered if status != "new" else None,
        "resolved_at": answered + timedelta(days=3) if done else None,
        "escalation_level": 0, "escalated_at": None, "updated_at": answered,
    }  # fmt: skip


async def seed_complaints(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """Twelve cases per village of the fake district, with their messages and history."""
    rng = random.Random(plan.seed)
    codes = dict(
        (await conn.execute(select(villages.c.id, villages.c.code).where(
            villages.c.id.in_(village_ids)))).tuples().all()
    )  # fmt: skip
    width = len(village_ids)
    rows: list[dict[str, Any]] = []
    stories: list[int] = []
    for v, village_id in enumerate(village_ids):
        for k in range(2 * len(_STORIES)):
            resident = v + k * width  # residents are spread over villages round-robin
            if resident >= plan.residents:
                break
            story = k if k < len(_STORIES) else _OLDER[k - len(_STORIES)]
            back = (
                timedelta(days=rng.randrange(1, 60))
                if k < len(_STORIES)  # the older ones: one month each of the past year
                else timedelta(days=30 * ((v * 6 + k) % 12) + rng.randrange(2, 26))
            )
            created = plan.now - back - timedelta(hours=rng.randrange(24))
            rows.append(_case(k, story, codes[village_id], village_id, first_resident + resident,
                              created, rng))  # fmt: skip
            stories.append(story)
    if not rows:
        return {"complaints": 0}
    ids = (
        (
            await conn.execute(
                insert(complaints).returning(complaints.c.id, sort_by_parameter_order=True), rows
            )
        )
        .scalars()
        .all()
    )
    said: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for complaint_id, row, story in zip(ids, rows, stories, strict=True):
        _status, written, moves = _STORIES[story]
        at = row["created_at"]
        said.append({"complaint_id": complaint_id, "author": "reporter", "kind": "report",
                     "text": row["description"], "created_at": at})  # fmt: skip
        history.append({"complaint_id": complaint_id, "at": at, "actor": "reporter",
                        "from_status": None, "to_status": "new", "detail": "reported"})  # fmt: skip
        at = row["first_response_at"] or at
        for kind, text in written:
            said.append({"complaint_id": complaint_id, "author": "officer", "kind": kind,
                         "text": text, "created_at": at})  # fmt: skip
        previous = "new"
        for status in moves:
            history.append({"complaint_id": complaint_id, "at": at, "actor": "officer",
                            "from_status": previous, "to_status": status,
                            "detail": ""})  # fmt: skip
            previous = status
    await conn.execute(insert(messages), said)
    await conn.execute(insert(events), history)
    return {
        "complaints": len(ids),
        "complaint_messages": len(said),
        "complaint_events": len(history),
    }
