"""Job notices and subscriptions for ``desmigratif seed-demo``.

Every fourth village's desk has published a few notices (open, closed, one withdrawn) from the
demo agencies, a share of residents subscribe to a country or a sector, and some said they
are interested, and every village's desk was sent a few offers to check ("cek loker"), over
the past year, so the browse pages, the officer lists, the office views and the monthly
report have something real to show. Pay figures are the sourced minimums of
destinations.toml or plain placeholders.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.job_models import JobInterest, JobNotice, JobOffer, JobSubscription
from storage.models import Village, table_of

__all__ = ["seed_jobs"]

notices = table_of(JobNotice)
interests = table_of(JobInterest)
subscriptions = table_of(JobSubscription)
offers = table_of(JobOffer)
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
#: Offers people asked the desk to check: (text, red flags, countries, verdict or None).
_OFFERS: tuple[tuple[str, list[str], list[str], str | None], ...] = (
    ("Dicari PRT ke Hong Kong, gaji 10 juta, bayar 5 juta untuk proses cepat tanpa pelatihan.",
     ["upfront_fee", "no_docs_fast"], ["HK"], "illegal"),
    ("Lowongan pabrik Taiwan via PT Contoh Karya Bahari, ikut pelatihan di BLK resmi.",
     [], ["TW"], "legitimate"),
    ("Kerja kebun di Malaysia pakai visa kunjungan dulu, nanti diurus di sana.",
     ["visit_visa"], ["MY"], None),
)  # fmt: skip


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
            back = 0 if k == 0 else 30 * ((v * 5 + k) % 12)  # the first one this month
            published = plan.now - timedelta(days=back + rng.randrange(1, 25))
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
                     "created_at": plan.now - timedelta(days=n // 7 * 97 % 365)})  # fmt: skip
    for n, notice_id in enumerate(ids if plan.residents else ()):
        for k in range(rng.randrange(2, 6)):
            resident = (n * 13 + k * 31) % max(plan.residents, 1)
            at = min(rows[n]["published_at"] + timedelta(days=k + 1), plan.now)
            liked.append({"notice_id": notice_id, "resident_id": first_resident + resident,
                          "status": "interested" if k % 4 else "withdrawn",
                          "created_at": at, "updated_at": at})  # fmt: skip
    unique = {(r["notice_id"], r["resident_id"]): r for r in liked}
    checked = _offers(plan, village_ids, codes, first_resident)
    if checked:
        await conn.execute(insert(offers), checked)
    if subs:
        await conn.execute(insert(subscriptions), subs)
    if unique:
        await conn.execute(insert(interests), list(unique.values()))
    return {"job_notices": len(ids), "job_subscriptions": len(subs), "job_interests": len(unique),
            "job_offers": len(checked)}  # fmt: skip


def _offers(
    plan: Any, village_ids: Sequence[int], codes: dict[int, str], first_resident: int
) -> list[dict[str, Any]]:
    """Three offers per village sent to the desk, one month apart (the last one waits)."""
    width = len(village_ids)
    made: list[dict[str, Any]] = []
    for v, village_id in enumerate(village_ids):
        for k, (text, flags, countries, verdict) in enumerate(_OFFERS):
            resident = v + (k + 16) * width
            if resident >= plan.residents:
                break
            at = plan.now - timedelta(days=30 * ((v * 3 + k) % 12) + 3 + k)
            made.append({
                "reference": f"CEK-{codes[village_id][4:]}{k}", "village_id": village_id,
                "resident_id": first_resident + resident, "text": text, "photo_file_id": "",
                "forwarded": k == 0, "flags": flags, "agencies": [], "countries": countries,
                "recruiter_contacts": [], "status": "answered" if verdict else "new",
                "verdict": verdict,
                "verdict_note": "Dicek dengan daftar P3MI resmi." if verdict else "",
                "officer_id": None, "created_at": at,
                "answered_at": at + timedelta(days=1) if verdict else None,
            })  # fmt: skip
    return made
