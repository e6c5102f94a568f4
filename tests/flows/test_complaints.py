"""Complaints: a resident's report from the first tap to an officer's answer, and each refusal.

Runs on SQLite and PostgreSQL through the real runner and storage. What the reporter finally
receives (the notices) is queued through the delivery engine; here we read the queue.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Attachment
from storage.admin import AdminStore
from storage.capabilities.complaints import Complaint, ComplaintEvidence, ComplaintMessage
from storage.delivery_models import Delivery
from storage.models import AuditEntry, Conversation, Resident
from tests.support.chat import ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3212020002"
PHOTO = Attachment("photo", file_id="AgAD-bukti-1", mime_type="image/jpeg", size=52_000)
VOICE = Attachment("voice", file_id="AwAD-suara-1", mime_type="audio/ogg", size=9_000)


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncEngine:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(engine)
    await store.add_officer("100", "coordinator", village_code=KENANGA, actor="t")
    await store.add_officer("101", "desk_officer", village_code=KENANGA, actor="t")
    await store.add_officer("102", "village_staff", village_code=KENANGA, actor="t")
    await store.add_officer("103", "parenting_facilitator", village_code=KENANGA, actor="t")
    await store.add_officer("200", "desk_officer", village_code=KURIPAN, actor="t")
    return engine


async def resident(engine: AsyncEngine, user: str, village: str = KENANGA) -> ChatTester:
    chat = ChatTester(make_runner(engine), engine, user_id=user, name=f"Warga {user}")
    await chat.send(f"/start {village}")
    await chat.tap("Lewati")
    return chat


async def report_wages(chat: ChatTester, *, evidence: bool = True) -> None:
    """A full report about unpaid wages for a sister in Taiwan."""
    await chat.send("/lapor")
    await chat.tap("Gaji tidak dibayar")
    await chat.tap("Keluarga saya di luar negeri")
    await chat.send("Sri Wahyuni")
    await chat.tap("Saudara kandung")
    await chat.tap("Taiwan")
    await chat.send("Taichung")
    await chat.send("PT Maju Jaya")
    await chat.send("Sudah 4 bulan gajinya tidak dibayar majikan.")
    await chat.send("Dia sudah minta ke agen tapi tidak ada jawaban.")
    await chat.tap("✅ Selesai")
    if evidence:
        await chat.send_media(PHOTO)
        await chat.send_media(VOICE)
        await chat.tap("✅ Selesai")
    else:
        await chat.tap("⏭ Lewati")
    await chat.tap("💬 Lewat chat ini")
    await chat.tap("Tidak, rahasiakan nama saya")


async def cases(engine: AsyncEngine) -> list[Complaint]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(Complaint).order_by(Complaint.id))).all())


async def notices(engine: AsyncEngine, user: str) -> list[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.payload)
            .join(Resident, Resident.id == Delivery.resident_id)
            .where(Resident.external_id == user)
            .order_by(Delivery.id)
        )
        return [str(p.get("text", "")) for (p,) in rows]


async def test_a_resident_reports_and_gets_a_reference_and_a_deadline(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await report_wages(chat)
    chat.assert_reply("Gaji tidak dibayar", "Sri Wahyuni", "Taichung, Taiwan", "PT Maju Jaya",
                      "4 bulan", "2 file", "dirahasiakan", "Desa Kenanga")  # fmt: skip
    await chat.tap("📤 Kirim laporan")
    chat.assert_reply("Nomor laporan Anda: ADU-3212-", "paling lambat 26-11-2026 10:00")
    (case,) = await cases(db)
    assert case.reference.startswith("ADU-3212-") and case.status == "new"
    assert case.category == "wages" and not case.urgent and case.disclosure == "anonymous"
    assert "4 bulan" in case.description and "agen" in case.description
    assert case.affected["name"] == "Sri Wahyuni" and case.affected["country"] == "Taiwan"
    async with db.connect() as conn:
        files = (
            await conn.execute(select(ComplaintEvidence.kind, ComplaintEvidence.telegram_file_id))
        ).all()
    assert sorted(files) == [("photo", "AgAD-bukti-1"), ("voice", "AwAD-suara-1")]
    await chat.send("/lapor")  # the draft is gone once sent
    chat.assert_no_reply_contains("belum terkirim")


async def test_urgent_kinds_show_the_emergency_help_before_the_report(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("/lapor")
    await chat.tap("Kekerasan / pelecehan")
    assert chat.replies[0].text.startswith("Keselamatan Anda")
    chat.assert_reply("0800-1000")
    await chat.tap("▶️ Lanjutkan laporan")
    chat.assert_reply("Laporan ini tentang siapa?")


async def test_a_report_left_half_way_is_kept_and_resumed(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("/lapor")
    await chat.tap("Gaji tidak dibayar")
    await chat.tap("Saya sendiri")
    await chat.tap("Malaysia")
    await chat.send("menu")  # leaves for the main menu
    await chat.send("/lapor")
    chat.assert_reply("belum terkirim (Gaji tidak dibayar)")
    await chat.tap("▶️ Lanjutkan")
    chat.assert_reply("Di kota atau daerah mana?")
    await chat.send("/lapor")
    await chat.tap("🗑 Mulai dari awal")
    chat.assert_reply("Masalahnya tentang apa?")


async def test_describing_danger_in_the_report_shows_help_and_keeps_the_report(
    db: AsyncEngine,
) -> None:
    chat = await resident(db, "1")
    await chat.send("/lapor")
    await chat.tap("Kontrak / kondisi kerja")
    await chat.tap("Saya sendiri")
    await chat.tap("Hong Kong")
    await chat.tap("⏭ Lewati")
    await chat.tap("⏭ Lewati")
    await chat.send("majikan mengancam akan memukul saya kalau minta libur")
    chat.assert_reply("0800-1000", "Sudah dicatat")
    await chat.send("kemarin dia juga mengancam memukul teman saya")
    chat.assert_no_reply_contains("0800-1000")  # the help once per report, not every message
    chat.assert_reply("Sudah dicatat")
    await chat.tap("✅ Selesai")
    chat.assert_reply("Ada bukti?")


async def test_the_officer_answers_and_the_reporter_is_told_in_their_language(
    db: AsyncEngine,
) -> None:
    chat = await resident(db, "1")
    await report_wages(chat)
    await chat.tap("📤 Kirim laporan")
    desk = ChatTester(make_runner(db), db, user_id="101", name="Bu Desk")
    await desk.send("/petugas")
    await desk.tap("📋 Laporan warga")
    line = next(b for b in desk.buttons if "ADU-3212-" in b)
    assert "Gaji tidak dibayar" in line
    await desk.tap(line)
    desk.assert_reply("Gaji tidak dibayar", "nama dirahasiakan", "Sri Wahyuni", "4 bulan")
    assert "Warga 1" not in desk.text  # the reporter chose to stay anonymous
    await desk.tap("🙋 Tangani laporan ini")
    await desk.tap(line)
    await desk.tap("💬 Balas ke pelapor")
    await desk.send("Kami sudah menghubungi BP3MI, mohon tunggu kabar.")
    await desk.tap(line)
    await desk.tap("📝 Catatan internal")
    await desk.send("Agen PT Maju Jaya sulit dihubungi.")
    await desk.tap(line)
    await desk.tap("✅ Selesaikan")
    await desk.send("Gaji sudah dibayar penuh oleh majikan.")
    (case,) = await cases(db)
    assert case.status == "resolved" and case.first_response_at is not None
    told = await notices(db, "1")
    assert any("mohon tunggu kabar" in t for t in told)
    assert any("selesai" in t and "Gaji sudah dibayar penuh" in t for t in told)
    assert not any("sulit dihubungi" in t for t in told)  # a note is never sent
    await chat.send("/status")
    await chat.tap(next(b for b in chat.buttons if b.startswith("ADU-")))
    chat.assert_reply("Status: selesai")
    chat.assert_no_reply_contains("sulit dihubungi")
    async with db.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.action))).scalars().all()
    assert sum(1 for a in actions if a.startswith("complaint")) >= 4


async def test_a_question_waits_for_the_reporter_who_answers_from_status(
    db: AsyncEngine,
) -> None:
    chat = await resident(db, "1")
    await report_wages(chat, evidence=False)
    await chat.tap("📤 Kirim laporan")
    desk = ChatTester(make_runner(db), db, user_id="101")
    await desk.send("/petugas")
    await desk.tap("📋 Laporan warga")
    line = next(b for b in desk.buttons if "ADU-" in b)
    await desk.tap(line)
    await desk.tap("❓ Tanya pelapor")
    await desk.send("Sejak bulan apa gajinya tidak dibayar?")
    assert (await cases(db))[0].status == "waiting_reporter"
    assert any("Sejak bulan apa" in t for t in await notices(db, "1"))
    await chat.send("/status")
    await chat.tap(next(b for b in chat.buttons if b.startswith("ADU-")))
    chat.assert_reply("menunggu jawaban Anda", "Sejak bulan apa")
    await chat.tap("✍️ Jawab pertanyaan")
    await chat.send("Sejak bulan Juli.")
    await chat.send_media(PHOTO)
    await chat.tap("✅ Selesai")
    assert (await cases(db))[0].status == "in_progress"
    async with db.connect() as conn:
        texts = (await conn.execute(select(ComplaintMessage.text))).scalars().all()
    assert "Sejak bulan Juli." in texts


async def test_a_reporter_can_withdraw_their_case(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await report_wages(chat, evidence=False)
    await chat.tap("📤 Kirim laporan")
    await chat.send("/status")
    await chat.tap(next(b for b in chat.buttons if b.startswith("ADU-")))
    await chat.tap("↩️ Tarik laporan")
    await chat.tap("Ya, tarik laporannya")
    chat.assert_reply("sudah ditarik")
    assert (await cases(db))[0].status == "withdrawn"


# --- refusals ---------------------------------------------------------------------------------


async def test_a_reporter_never_sees_another_persons_case(db: AsyncEngine) -> None:
    first = await resident(db, "1")
    await report_wages(first, evidence=False)
    await first.tap("📤 Kirim laporan")
    (case,) = await cases(db)
    other = await resident(db, "2")
    await other.send("/status")
    other.assert_reply("belum pernah melapor")
    await other.send(case.reference)  # typing someone else's reference
    other.assert_no_reply_contains("4 bulan", "Sri Wahyuni")
    async with db.begin() as conn:  # a forged button: their state pointed at the case
        rid = (await conn.execute(select(Resident.id).where(Resident.external_id == "2"))
               ).scalar_one()  # fmt: skip
        await conn.execute(
            update(Conversation).where(Conversation.resident_id == rid).values(
                flow="cases", node="case", data={"case": case.id},
                offered=[["add", "➕ Tambah keterangan atau bukti"]],
            )
        )  # fmt: skip
    await other.send("➕ Tambah keterangan atau bukti")
    other.assert_reply("tidak ada di daftar laporan Anda")
    await other.send("ini tambahan palsu")
    async with db.connect() as conn:
        texts = (await conn.execute(select(ComplaintMessage.text))).scalars().all()
    assert "ini tambahan palsu" not in texts


@pytest.mark.parametrize(("user", "sees"), [("102", "counts"), ("103", "nothing"), ("200", "none")])
async def test_officers_outside_the_desk_or_village_see_no_content(
    db: AsyncEngine, user: str, sees: str
) -> None:
    chat = await resident(db, "1")
    await report_wages(chat, evidence=False)
    await chat.tap("📤 Kirim laporan")
    officer = ChatTester(make_runner(db), db, user_id=user)
    await officer.send("/laporan")
    if sees == "counts":
        officer.assert_reply("Laporan di Desa Kenanga", "diterima 1")
    elif sees == "nothing":
        officer.assert_reply("Hanya petugas layanan")
    else:
        officer.assert_reply("tidak ada laporan")
    officer.assert_no_reply_contains("Sri Wahyuni", "4 bulan", "ADU-3212")
    (case,) = await cases(db)
    async with db.begin() as conn:  # forged: the case id of another village (or another role)
        rid = (await conn.execute(select(Resident.id).where(Resident.external_id == user))
               ).scalar_one()  # fmt: skip
        village = KURIPAN if user == "200" else KENANGA
        await conn.execute(
            update(Conversation).where(Conversation.resident_id == rid).values(
                flow="desk", node="case", data={"village": village, "case": case.id},
                offered=[["resolve", "✅ Selesaikan"]],
            )
        )  # fmt: skip
    await officer.send("✅ Selesaikan")
    await officer.send("ditutup paksa")
    officer.assert_no_reply_contains("Sri Wahyuni")
    assert (await cases(db))[0].status == "new"


async def test_the_danger_help_offers_to_open_a_case(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("tolong paspor sy ditahan majikan")
    assert chat.replies[0].text.startswith("Keselamatan Anda")
    await chat.tap("📝 Laporkan ke petugas desa")
    chat.assert_reply("Masalahnya tentang apa?")
