"""Exports asked for in the chat, on SQLite and PostgreSQL: recorded only with the right,
claimed once, the right checked again when the file is made, every step audited, and the new
office views holding only the village's rows.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.export_files import write_export
from bot.export_jobs import ExportJobs
from flows.engine.i18n import load_catalogs
from flows.office import ExportRequested
from storage.admin import AdminStore
from storage.capabilities.announcements import Announcement
from storage.db import create_engine
from storage.deliveries import Recipient, enqueue_deliveries
from storage.delivery_models import Delivery
from storage.exports import stream_export
from storage.job_models import JobInterest, JobNotice
from storage.migrate import upgrade
from storage.models import AuditEntry, Officer, Resident, Village
from storage.office_export_jobs import EXPORT_KIND, ExportJobStore
from storage.office_export_models import ExportRequest
from storage.parenting_models import Child, ChildUpdate
from storage.registry import apply_effect
from tests.support.chat import FIXED_NOW, add_village

KENANGA, KURIPAN = "3212010001", "3212020002"
#: officer account → (role, village)
OFFICERS = {
    "100": ("coordinator", KENANGA),
    "101": ("desk_officer", KENANGA),
    "102": ("village_staff", KENANGA),
    "103": ("parenting_facilitator", KENANGA),
    "200": ("coordinator", KURIPAN),
}


@pytest.fixture
async def db(empty_url: str) -> AsyncIterator[AsyncEngine]:
    """Migrated (the views live there): two villages, residents, one officer of each role."""
    await asyncio.to_thread(upgrade, empty_url)
    engine = create_engine(empty_url)
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    async with engine.begin() as conn:
        ids = dict((await conn.execute(select(Village.code, Village.id))).all())
        people = [(str(n), f"Warga {n}", KENANGA if n < 3 else KURIPAN) for n in range(5)]
        people += [(account, f"Petugas {account}", v) for account, (_, v) in OFFICERS.items()]
        await conn.execute(
            insert(Resident),
            [
                {"channel": "telegram", "external_id": account, "chat_id": account,
                 "display_name": name, "status": "active", "village_id": ids[village],
                 "situation": "prospective", "locale": "id",
                 "created_at": FIXED_NOW, "last_seen_at": FIXED_NOW}
                for account, name, village in people
            ],
        )  # fmt: skip
    store = AdminStore(engine)
    for account, (role, village) in OFFICERS.items():
        await store.add_officer(account, role, village_code=village, actor="test")
    yield engine
    await engine.dispose()


async def _person(db: AsyncEngine, account: str) -> int:
    async with db.connect() as conn:
        query = select(Resident.id).where(Resident.external_id == account)
        return int((await conn.execute(query)).scalar_one())


async def _request(
    db: AsyncEngine, account: str, village: str, what: str, fmt: str = "csv"
) -> None:
    person = await _person(db, account)
    async with db.begin() as conn:
        await apply_effect(conn, person, ExportRequested(account, village, what, fmt, "en"))


async def _requests(db: AsyncEngine) -> list[tuple[str, str, str, str]]:
    async with db.connect() as conn:
        rows = await conn.execute(
            select(
                ExportRequest.requested_by, ExportRequest.what, ExportRequest.status,
                ExportRequest.format,
            ).order_by(ExportRequest.id)
        )  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def _audit(db: AsyncEngine) -> list[tuple[str, str, str, dict[str, object]]]:
    async with db.connect() as conn:
        rows = await conn.execute(
            select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.subject_id,
                   AuditEntry.detail).where(AuditEntry.action.like("export%"))
            .order_by(AuditEntry.id)
        )  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _jobs(db: AsyncEngine, files: Path) -> ExportJobs:
    return ExportJobs(ExportJobStore(db), load_catalogs(), files, clock=lambda: FIXED_NOW)


async def test_a_request_is_recorded_only_with_the_right_to_that_export(db: AsyncEngine) -> None:
    await _request(db, "102", KENANGA, "resident-list")  # village staff: no personal data
    await _request(db, "103", KENANGA, "checklist-progress")  # facilitator: no desk figures
    await _request(db, "102", KENANGA, "open-complaints")  # staff: counts only
    await _request(db, "100", KURIPAN, "residents")  # another village
    await _request(db, "100", KENANGA, "names; DROP TABLE residents")  # forged name
    await _request(db, "100", KENANGA, "residents", fmt="pdf")  # forged format
    await _request(db, "101", KENANGA, "checklist-progress")  # but the account is not theirs:
    person = await _person(db, "3")  # a resident sending an officer's effect
    async with db.begin() as conn:
        await apply_effect(conn, person, ExportRequested("100", KENANGA, "residents", "csv", "id"))
    assert await _requests(db) == [("101", "checklist-progress", "requested", "csv")]
    await _request(db, "100", KENANGA, "resident-list", "xlsx")
    await _request(db, "103", KENANGA, "parenting-children")
    await _request(db, "102", KENANGA, "complaints-per-month")
    assert [r[:2] for r in await _requests(db)][1:] == [
        ("100", "resident-list"), ("103", "parenting-children"), ("102", "complaints-per-month")
    ]  # fmt: skip
    audit = await _audit(db)
    assert [a[:3] for a in audit] == [
        ("101", "export.requested", "checklist-progress"),
        ("100", "export.requested", "resident-list"),
        ("103", "export.requested", "parenting-children"),
        ("102", "export.requested", "complaints-per-month"),
    ]
    assert audit[1][3] == {"format": "xlsx"}


async def test_a_request_is_claimed_once_even_by_two_jobs_at_once(db: AsyncEngine) -> None:
    for _ in range(3):
        await _request(db, "100", KENANGA, "residents")
    store, other = ExportJobStore(db), ExportJobStore(db)
    first, second = await asyncio.gather(
        store.claim(FIXED_NOW, limit=2), other.claim(FIXED_NOW, limit=2)
    )
    ids = [c.id for c in first] + [c.id for c in second]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 3
    assert await store.claim(FIXED_NOW) == []  # all held
    later = FIXED_NOW + timedelta(minutes=11)  # a job that died: the lease ran out
    assert len(await store.claim(later, limit=5)) == 3


async def test_the_job_sends_the_file_to_the_officer_and_audits_the_rows(
    db: AsyncEngine, tmp_path: Path
) -> None:
    await _request(db, "101", KENANGA, "resident-list", "csv")
    assert await _jobs(db, tmp_path).run_round() == 1
    async with db.connect() as conn:
        request = (await conn.execute(select(ExportRequest))).one()
        delivery = (await conn.execute(select(Delivery))).one()
    assert (request.status, request.rows) == ("done", 7)  # three residents, four officers
    attachment = delivery.payload["attachment"]
    assert delivery.kind == EXPORT_KIND and delivery.chat_id == "101" and delivery.urgent
    assert attachment["kind"] == "document" and attachment["path"] == request.file_path
    assert attachment["filename"] == f"resident-list-{KENANGA}-{FIXED_NOW:%Y%m%d}.csv"
    assert "personal data" in delivery.payload["text"]
    with (tmp_path / request.file_path).open(encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["Kode desa", "Nomor warga", "Nama depan", "Situasi", "Bahasa",
                        "Terdaftar", "Pesan terakhir"]  # fmt: skip
    names = sorted(row[2] for row in table[1:])
    assert len(names) == 7 and {row[0] for row in table[1:]} == {KENANGA}
    assert not any("Warga 3" in n or "Petugas 200" in n for n in names)
    assert (await _audit(db))[-1] == (
        "101", "export", "resident-list", {"format": "csv", "rows": 7, "request": request.id}
    )  # fmt: skip


async def test_a_role_removed_before_the_job_ran_gets_a_kind_message_and_no_file(
    db: AsyncEngine, tmp_path: Path
) -> None:
    await _request(db, "101", KENANGA, "resident-list")
    async with db.begin() as conn:
        await conn.execute(update(Officer).where(Officer.external_id == "101").values(active=False))
    assert await _jobs(db, tmp_path).run_round() == 0
    async with db.connect() as conn:
        request = (await conn.execute(select(ExportRequest))).one()
        delivery = (await conn.execute(select(Delivery))).one()
    assert (request.status, request.file_path) == ("failed", None)
    assert "attachment" not in delivery.payload and "no longer" in delivery.payload["text"]
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())
    assert (await _audit(db))[-1][:3] == ("101", "export.refused", "resident-list")


async def test_files_are_deleted_a_day_after_they_were_made(
    db: AsyncEngine, tmp_path: Path
) -> None:
    await _request(db, "100", KENANGA, "residents", "xlsx")
    await _jobs(db, tmp_path).run_round()
    async with db.connect() as conn:
        path = (await conn.execute(select(ExportRequest.file_path))).scalar_one()
    assert (tmp_path / path).is_file()
    store = ExportJobStore(db)
    later = FIXED_NOW + timedelta(days=1, minutes=1)
    tomorrow = ExportJobs(store, load_catalogs(), tmp_path, clock=lambda: later)
    assert await tomorrow.delete_old_files() == 1
    assert not (tmp_path / path).exists()
    async with db.connect() as conn:
        assert (await conn.execute(select(ExportRequest.file_path))).scalar_one() is None


async def _rows(db: AsyncEngine, what: str, village: str, path: Path) -> list[dict[str, str]]:
    await write_export(stream_export(db, what, village), path, "csv")
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


async def test_the_newer_views_count_per_village_without_names(
    db: AsyncEngine, tmp_path: Path
) -> None:
    async with db.begin() as conn:
        ids = dict((await conn.execute(select(Village.code, Village.id))).all())
        people = dict((await conn.execute(select(Resident.external_id, Resident.id))).all())
        for village in (KENANGA, KURIPAN):
            announcement = (
                await conn.execute(
                    insert(Announcement).values(
                        village_id=ids[village], text="Rapat desa", audience={"kind": "all"},
                        urgent=False, send_at=FIXED_NOW, recipients=3, status="active",
                        created_at=FIXED_NOW,
                    ).returning(Announcement.id)
                )
            ).scalar_one()  # fmt: skip
            await enqueue_deliveries(
                conn, kind="announcement", source_id=announcement,
                recipients=[Recipient(people[a], "telegram", a) for a in ("0", "1", "2")],
                payload={"text": "Rapat desa"}, send_at=FIXED_NOW, urgent=True,
            )  # fmt: skip
            notice = (
                await conn.execute(
                    insert(JobNotice).values(
                        reference=f"LOK-{village[-4:]}-1", village_id=ids[village],
                        country="tw", sector="manufacturing", job_title="Operator pabrik",
                        employer_type="company", openings=4, requirements="-",
                        salary_amount=27000, salary_currency="TWD", agency_name="PT Contoh",
                        agency_licence="-", cost_to_worker="-", deadline=FIXED_NOW,
                        apply_via="desk", apply_details="-", poster_file_id="", status="open",
                        status_reason="", notified=5, published_at=FIXED_NOW,
                        updated_at=FIXED_NOW,
                    ).returning(JobNotice.id)
                )
            ).scalar_one()  # fmt: skip
            await conn.execute(
                insert(JobInterest),
                [{"notice_id": notice, "resident_id": people[a], "status": s,
                  "created_at": FIXED_NOW, "updated_at": FIXED_NOW}
                 for a, s in (("0", "interested"), ("1", "withdrawn"))],
            )  # fmt: skip
            child = (
                await conn.execute(
                    insert(Child).values(
                        village_id=ids[village], name="Anak Rahasia", birth_date=date(2018, 1, 1),
                        school="", caregiver_name="Nenek", caregiver_relation="grandparent",
                        parents_abroad=[], photo_consent=False, photo_consent_via="desk",
                        registered_by="103", created_at=FIXED_NOW,
                    ).returning(Child.id)
                )
            ).scalar_one()  # fmt: skip
            update_id = (
                await conn.execute(
                    insert(ChildUpdate).values(child_id=child, topic="health", text="Sehat",
                                               written_by="103", created_at=FIXED_NOW)
                    .returning(ChildUpdate.id)
                )
            ).scalar_one()  # fmt: skip
            await enqueue_deliveries(
                conn, kind="child_update", source_id=update_id,
                recipients=[Recipient(people["2"], "telegram", "2")],
                payload={"text": "Sehat"}, send_at=FIXED_NOW, urgent=True,
            )  # fmt: skip
        await conn.execute(
            update(Delivery).where(Delivery.chat_id == "0", Delivery.kind == "announcement")
            .values(status="sent")
        )  # fmt: skip
        await conn.execute(
            update(Delivery).where(Delivery.chat_id == "1").values(status="unreachable")
        )
    [reach] = await _rows(db, "announcement-reach", KENANGA, tmp_path / "a.csv")
    assert reach["Kode desa"] == KENANGA and reach["Penerima"] == "3"
    assert (reach["Terkirim"], reach["Memblokir bot"], reach["Dalam antrean"]) == ("1", "1", "1")
    [interest] = await _rows(db, "job-interests", KENANGA, tmp_path / "j.csv")
    assert interest["Nomor lowongan"] == "LOK-0001-1" and interest["Tertarik"] == "1"
    assert interest["Dibatalkan"] == "1" and interest["Pelanggan diberi tahu"] == "5"
    [messages] = await _rows(db, "parenting-messages-per-month", KENANGA, tmp_path / "p.csv")
    assert messages["Jenis"] == "child_update" and messages["Pesan"] == "1"
    assert messages["Bulan"] == f"{FIXED_NOW:%Y-%m}"
    for what in ("announcement-reach", "job-interests", "parenting-messages-per-month",
                 "parenting-updates-per-month", "checklist-progress"):  # fmt: skip
        text = tmp_path / f"{what}.csv"
        await write_export(stream_export(db, what, KURIPAN), text, "csv")
        content = text.read_text(encoding="utf-8-sig")
        assert KENANGA not in content and "Anak Rahasia" not in content and "Warga" not in content
    async with db.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(Delivery))).scalar_one() == 8


async def test_a_file_that_cannot_be_made_is_apologised_for_and_nothing_is_sent(
    db: AsyncEngine, tmp_path: Path
) -> None:
    await _request(db, "100", KENANGA, "residents")
    async with db.begin() as conn:  # the view is gone: the export fails on our side
        await conn.execute(text("DROP VIEW office_residents_per_village"))
    files = tmp_path / "files"
    assert await _jobs(db, files).run_round() == 0
    async with db.connect() as conn:
        request = (await conn.execute(select(ExportRequest))).one()
        delivery = (await conn.execute(select(Delivery))).one()
    assert request.status == "failed" and request.error and request.file_path is None
    assert "could not be made" in delivery.payload["text"] and "attachment" not in delivery.payload
    assert not any(p.is_file() for p in files.rglob("*"))  # no half-written file is left
    assert (await _audit(db))[-1][:3] == ("100", "export.failed", "residents")
