"""Job notices and subscriptions for ``desmigratif seed-demo``.

Every fourth village's desk has published a few notices (open, closed, one withdrawn) from the
demo agencies, a share of residents subscribe to a country or a sector, and some said they
are interested, so the browse pages, the officer lists and the office views have something
real to show. Pay figures are the sourced minimums of destinations.toml or plain placeholders.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.job_models import JobInterest, JobNotice, JobSubscription
from storage.models import Village, table_of

__all__ = ["seed_jobs"]

notices = table_of(JobNotice)
interests = table_of(JobInterest)
subscriptions = table_of(JobSubscription)
villages = table_of(Village)

#: (country, sector, job, employer type, pay, currency, agency, licence, apply via)
_NOTICES = (
    ("TW", "care", "Caregiver panti jompo", "company", 20000, "NT$", "PT Contoh Karya Bahari",
     "SIP2MI 2/1234/2024", "disnaker"),
    ("HK", "domestic", "Pekerja rumah tangga", "household", 4990, "HK$", "PT Contoh Mitra Abadi",
     "SIP2MI 88/2024", "desk"),
    ("JP", "manufacturing", "Operator produksi (SSW)", "company", 200000, "JPY",
     "PT Contoh Cahaya Utama", "SIP2MI 503/2025", "ltsa"),
    ("MY", "agriculture", "Pekerja kebun sawit", "company", 1700, "RM", "PT Contoh Insan Prima",
     "SIP2MI 12/2025", "disnaker"),
    ("KR", "fishing", "Awak kapal perikanan (EPS)", "government", 2000000, "KRW",
     "KP2MI (G to G)", "-", "ltsa"),
)  # fmt: skip
_COST = "Biaya penempatan tidak dibebankan ke pekerja; paspor dan SKCK sesuai aturan."


async def seed_jobs(
    conn: AsyncConnection, plan: Any, village_ids: Sequence[int], first_resident: int
) -> dict[str, int]:
    """A few notices in every fourth village, subscriptions and interests of residents."""
    rng = random.Random(plan.seed + 14)
    codes = dict(
        (await conn.execute(select(villages.c.id, villages.c.code).where(
            villages.c.id.in_(village_ids)))).tuples().all()
    )  # fmt: skip
    rows: list[dict[str, Any]] = []
    for v, village_id in enumerate(village_ids[::4]):
        for k, spec in enumerate(_NOTICES[: 2 + v % 4]):
            country, sector, job, employer, pay, currency, agency, licence, via = spec
            published = plan.now - timedelta(days=rng.randrange(1, 80))
            status = "withdrawn" if k == 3 else "open"
            deadline = published + timedelta(days=45)
            rows.append({
                "reference": f"LOK-{codes[village_id][4:]}{k}", "village_id": village_id,
                "officer_id": None, "country": country, "sector": sector, "job_title": job,
                "employer_type": employer, "openings": rng.choice((5, 10, 20, 40)),
                "requirements": "Usia 21-35 tahun, sehat, lulus pelatihan dan uji kompetensi.",
                "salary_amount": pay, "salary_currency": currency, "agency_name": agency,
                "agency_licence": licence, "cost_to_worker": _COST, "deadline": deadline,
                "apply_via": via, "apply_details": "Senin-Jumat 08.00-14.00",
                "poster_file_id": "", "status": status,
                "status_reason": "Lowongan dibatalkan agen" if status == "withdrawn" else "",
                "notified": 0, "published_at": published, "updated_at": published,
                "closed_at": published + timedelta(days=3) if status == "withdrawn" else None,
            })  # fmt: skip
    if not rows:
        return {"job_notices": 0}
    ids = (
        (await conn.execute(
            insert(notices).returning(notices.c.id, sort_by_parameter_order=True), rows
        )).scalars().all()
    )  # fmt: skip
    subs: list[dict[str, Any]] = []
    liked: list[dict[str, Any]] = []
    for n in range(0, plan.residents, 7):  # one resident in seven subscribes
        spec = _NOTICES[n % len(_NOTICES)]
        kind, value = ("country", spec[0]) if n % 2 else ("sector", spec[1])
        subs.append({"resident_id": first_resident + n, "kind": kind, "value": value,
                     "created_at": plan.now - timedelta(days=n % 90)})  # fmt: skip
    for n, notice_id in enumerate(ids if plan.residents else ()):
        for k in range(rng.randrange(0, 6)):
            resident = (n * 13 + k * 31) % max(plan.residents, 1)
            at = rows[n]["published_at"] + timedelta(days=k + 1)
            liked.append({"notice_id": notice_id, "resident_id": first_resident + resident,
                          "status": "interested" if k % 4 else "withdrawn",
                          "created_at": at, "updated_at": at})  # fmt: skip
    unique = {(r["notice_id"], r["resident_id"]): r for r in liked}
    if subs:
        await conn.execute(insert(subscriptions), subs)
    if unique:
        await conn.execute(insert(interests), list(unique.values()))
    return {"job_notices": len(ids), "job_subscriptions": len(subs), "job_interests": len(unique)}
