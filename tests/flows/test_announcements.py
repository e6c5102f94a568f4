"""Announcements from the officer's chat to residents' queued deliveries, and each refusal.

Runs on SQLite and PostgreSQL. What residents finally receive is tested end to end with the
delivery worker; here: the exact audience, quiet hours, scheduling, reach and stopping.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.admin import AdminStore
from storage.capabilities.announcements import Announcement
from storage.delivery_models import Delivery
from storage.models import Resident
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3212020002"
# FIXED_NOW is 2026-11-23 03:00 UTC: 10:00 in Jakarta, 11:00 in Taipei


async def _resident(engine: AsyncEngine, user: str, village: str, answer: str) -> ChatTester:
    chat = ChatTester(make_runner(engine), engine, user_id=user)
    await chat.send(f"/start {village}")
    await chat.tap(answer)
    return chat


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncEngine:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(engine)
    await store.add_officer("100", "coordinator", village_code=KENANGA, actor="t")
    await store.add_officer("101", "desk_officer", village_code=KENANGA, actor="t")
    await store.add_officer("102", "village_staff", village_code=KENANGA, actor="t")
    await _resident(engine, "1", KENANGA, "🧳 Saya ingin kerja ke luar negeri")
    abroad = await _resident(engine, "2", KENANGA, "🌏 Saya sedang bekerja di luar negeri")
    await abroad.tap("Taiwan")
    await _resident(engine, "3", KENANGA, "Lewati")
    muted = await _resident(engine, "4", KENANGA, "Lewati")
    await muted.send("/berhenti")
    await _resident(engine, "5", KURIPAN, "Lewati")  # another village
    return engine


async def _compose(officer: ChatTester, text: str, audience: list[str], when: list[str]) -> None:
    await officer.send("/petugas")
    await officer.tap("📢 Pengumuman")
    await officer.tap("✍️ Pengumuman baru")
    await officer.send(text)
    for label in audience:
        await officer.tap(label)
    for step in when:
        await officer.send(step)


async def _deliveries(engine: AsyncEngine) -> list[tuple[str, datetime, str]]:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(Resident.external_id, Delivery.not_before, Delivery.status)
                .join(Resident, Resident.id == Delivery.resident_id)
                .order_by(Resident.external_id)
            )
        ).all()
    return [(str(r[0]), r[1], str(r[2])) for r in rows]


async def test_a_desk_officer_announces_to_the_whole_village(db: AsyncEngine) -> None:
    officer = ChatTester(make_runner(db), db, user_id="101")
    await _compose(
        officer,
        "Sosialisasi migrasi aman di balai desa, Sabtu jam 09.00.",
        ["Semua warga desa", "Biasa (hanya siang hari)"],
        ["Sekarang"],
    )
    officer.assert_reply("Akan dikirim ke 3 orang", "semua yang terdaftar di Desa Kenanga")
    officer.assert_reply("Sosialisasi migrasi aman")
    await officer.tap("📤 Kirim")
    officer.assert_reply("Masuk antrean untuk 3 orang")
    rows = await _deliveries(db)
    assert [r[0] for r in rows] == ["1", "2", "3"]  # not the muted one, not Kuripan
    assert {r[2] for r in rows} == {"pending"}
    assert all(r[1] == FIXED_NOW for r in rows)  # 10:00 / 11:00 local: no quiet hours


async def test_audience_by_situation_and_quiet_hours_in_the_workers_own_time(
    db: AsyncEngine,
) -> None:
    officer = ChatTester(make_runner(db), db, user_id="101")
    await _compose(
        officer,
        "Info untuk PMI di luar negeri: lapor diri di Peduli WNI.",
        ["Warga dengan keadaan tertentu", "🌏 Saya sedang bekerja di luar negeri"],
        ["Pada jam yang saya pilih"],
    )
    officer.assert_reply("Biasanya tidak ada yang menerima")
    await officer.tap("Biasa (hanya siang hari)")
    await officer.tap("Pada jam yang saya pilih")
    await officer.send("20:30")  # 20:30 WIB = 21:30 in Taipei: quiet there
    officer.assert_reply("Akan dikirim ke 1 orang", "mulai 23-11-2026 20:30")
    await officer.tap("📤 Kirim")
    ((who, not_before, _),) = await _deliveries(db)
    assert who == "2"
    assert not_before == datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 06:00 next day, Taipei


async def test_an_urgent_announcement_is_not_held_for_quiet_hours(db: AsyncEngine) -> None:
    officer = ChatTester(make_runner(db), db, user_id="100")
    await _compose(
        officer,
        "PENTING: banjir, jalan desa ditutup malam ini.",
        ["Semua warga desa", "⚠️ Mendesak (kapan saja)", "Pada jam yang saya pilih"],
        ["22:00"],
    )
    officer.assert_reply("juga pada jam istirahat")
    await officer.tap("📤 Kirim")
    assert {r[1] for r in await _deliveries(db)} == {datetime(2026, 11, 23, 15, 0, tzinfo=UTC)}


async def test_bad_times_and_texts_are_refused_kindly(db: AsyncEngine) -> None:
    officer = ChatTester(make_runner(db), db, user_id="101")
    await officer.send("/petugas")
    await officer.tap("📢 Pengumuman")
    await officer.tap("✍️ Pengumuman baru")
    await officer.send("hai")
    officer.assert_reply("paling sedikit beberapa kata")
    await officer.send("x" * 4000)
    officer.assert_reply("terlalu panjang")
    await officer.send("Posyandu lansia hari Kamis.")
    await officer.tap("Semua warga desa")
    await officer.tap("Biasa (hanya siang hari)")
    await officer.tap("Pada jam yang saya pilih")
    for bad in ("kemarin", "25:00", "2020-01-01 08:00", "31-02 08:00"):
        await officer.send(bad)
        officer.assert_reply("tidak bisa membaca jam itu")
    await officer.tap("❌ Batal") if "❌ Batal" in officer.buttons else None
    assert await _deliveries(db) == []


async def test_village_staff_and_facilitators_cannot_send(db: AsyncEngine) -> None:
    await AdminStore(db).add_officer(
        "103", "parenting_facilitator", village_code=KENANGA, actor="t"
    )
    staff = ChatTester(make_runner(db), db, user_id="102")
    await staff.send("/petugas")
    await staff.tap("📢 Pengumuman")
    assert "✍️ Pengumuman baru" not in staff.buttons
    await staff.send("✍️ Pengumuman baru")
    carer = ChatTester(make_runner(db), db, user_id="103")
    await carer.send("/petugas")
    assert "📢 Pengumuman" not in carer.buttons
    await carer.send("/pengumuman")
    carer.assert_reply("khusus petugas desa")
    resident = ChatTester(make_runner(db), db, user_id="9")
    await resident.send("/pengumuman")
    resident.assert_reply("khusus petugas desa")
    assert await _deliveries(db) == []


async def test_staff_reaching_the_send_step_by_a_tampered_state_is_refused(
    db: AsyncEngine,
) -> None:
    from storage.models import Conversation

    staff = ChatTester(make_runner(db), db, user_id="102")
    await staff.send("/petugas")
    async with db.begin() as conn:
        resident_id = (
            await conn.execute(select(Resident.id).where(Resident.external_id == "102"))
        ).scalar_one()
        await conn.execute(
            update(Conversation)
            .where(Conversation.resident_id == resident_id)
            .values(
                flow="announce",
                node="preview",
                data={"village": KENANGA, "text": "palsu", "audience": {"kind": "village"}},
                offered=[["send", "📤 Kirim"]],
            )
        )
    await staff.send("📤 Kirim")
    staff.assert_reply("Hanya petugas layanan dan koordinator")
    assert await _deliveries(db) == []


async def test_progress_and_a_coordinator_stops_an_announcement(db: AsyncEngine) -> None:
    desk = ChatTester(make_runner(db), db, user_id="101")
    await _compose(
        desk, "Pendaftaran pelatihan menjahit dibuka.",
        ["Semua warga desa", "Biasa (hanya siang hari)"], ["Sekarang"],
    )  # fmt: skip
    await desk.tap("📤 Kirim")
    await desk.tap("📢 Pengumuman")
    async with db.begin() as conn:  # the worker has sent one of the three
        first = (await conn.execute(select(Delivery.id).order_by(Delivery.id))).scalars().first()
        await conn.execute(update(Delivery).where(Delivery.id == first).values(status="sent"))
    item = next(b for b in desk.buttons if b.startswith("#"))
    await desk.tap(item)
    desk.assert_reply("✅ terkirim: 1", "⏳ belum dikirim: 2")
    assert "⛔ Hentikan pengumuman ini" not in desk.buttons  # desk officers cannot stop it
    coordinator = ChatTester(make_runner(db), db, user_id="100")
    await coordinator.send("/petugas")
    await coordinator.tap("📢 Pengumuman")
    await coordinator.tap(next(b for b in coordinator.buttons if b.startswith("#")))
    await coordinator.tap("⛔ Hentikan pengumuman ini")
    coordinator.assert_reply("2 pesan yang belum terkirim")
    await coordinator.tap("Ya, hentikan")
    coordinator.assert_reply("Dihentikan")
    assert sorted(r[2] for r in await _deliveries(db)) == ["cancelled", "cancelled", "sent"]
    await coordinator.tap("🔄 Perbarui")
    coordinator.assert_reply("⛔ dibatalkan: 2", "Laporan akhir: 1 dari 3 orang")
    async with db.connect() as conn:
        assert (await conn.execute(select(Announcement.status))).scalar_one() == "cancelled"


async def test_another_villages_announcement_cannot_be_opened_or_stopped(
    db: AsyncEngine,
) -> None:
    from storage.models import Conversation

    await AdminStore(db).add_officer("200", "coordinator", village_code=KURIPAN, actor="t")
    desk = ChatTester(make_runner(db), db, user_id="101")
    await _compose(
        desk, "Rapat RT malam Jumat.", ["Semua warga desa", "Biasa (hanya siang hari)"],
        ["Sekarang"],
    )  # fmt: skip
    await desk.tap("📤 Kirim")
    async with db.connect() as conn:
        announcement_id = (await conn.execute(select(Announcement.id))).scalar_one()
    other = ChatTester(make_runner(db), db, user_id="200")
    await other.send("/petugas")
    async with db.begin() as conn:
        resident_id = (
            await conn.execute(select(Resident.id).where(Resident.external_id == "200"))
        ).scalar_one()
        await conn.execute(
            update(Conversation)
            .where(Conversation.resident_id == resident_id)
            .values(
                flow="announce",
                node="stop",
                data={"village": KURIPAN, "announcement": str(announcement_id)},
                offered=[["yes", "Ya, hentikan"]],
            )
        )
    await other.send("Ya, hentikan")
    other.assert_no_reply_contains("Dihentikan", "Rapat RT")
    assert {r[2] for r in await _deliveries(db)} == {"pending"}
