"""Document checklists: a resident's journeys and the village desk's, and every refusal.

Runs on SQLite and PostgreSQL through the real runner and storage. What the keeper receives
from the desk (the notices) and the files sent to an officer's chat are queued through the
delivery engine; here we read the queue.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Attachment
from storage.admin import AdminStore
from storage.capabilities.checklists import Checklist, ChecklistFile, ChecklistItem
from storage.checklist_models import ChecklistEvent
from storage.delivery_models import Delivery
from storage.models import AuditEntry, Conversation, Resident
from tests.support.chat import ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3212020002"
PHOTO = Attachment("photo", file_id="AgAD-paspor-1", mime_type="image/jpeg", size=80_000)
PDF = Attachment("document", file_id="BQAD-ktp-1", mime_type="application/pdf", size=120_000)
ZIP = Attachment("document", file_id="BQAD-zip", mime_type="application/zip", size=1_000)


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
    await store.add_officer("300", "district_admin", district_code="3212", actor="t")
    return engine


async def resident(engine: AsyncEngine, user: str, village: str = KENANGA) -> ChatTester:
    chat = ChatTester(make_runner(engine), engine, user_id=user, name=f"Warga {user}")
    await chat.send(f"/start {village}")
    await chat.tap("Lewati")
    return chat


async def officer(engine: AsyncEngine, user: str) -> ChatTester:
    chat = ChatTester(make_runner(engine), engine, user_id=user, name=f"Petugas {user}")
    await chat.send(f"/start {KENANGA if user != '200' else KURIPAN}")
    return chat


async def start_taiwan(chat: ChatTester) -> None:
    """A checklist for oneself: Taiwan caregiver."""
    await chat.send("/dokumen")
    await chat.tap("➕ Daftar baru")
    await chat.tap("Untuk saya sendiri")
    await chat.tap("Taiwan · perawat lansia (caregiver)")


async def open_item(chat: ChatTester, title: str) -> None:
    """From the checklist, open the document ``title`` (paging as needed)."""
    for _ in range(4):
        match = next((b for b in chat.buttons if title in b), None)
        if match is not None:
            await chat.tap(match)
            return
        await chat.tap(next(b for b in chat.buttons if b.startswith("➡️")))
    raise AssertionError(f"no item {title!r}")


async def items(engine: AsyncEngine) -> dict[str, str]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(ChecklistItem.item, ChecklistItem.status))
        return dict(rows.tuples().all())


async def notices(engine: AsyncEngine, user: str) -> list[dict[str, object]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.payload)
            .join(Resident, Resident.id == Delivery.resident_id)
            .where(Resident.external_id == user)
            .order_by(Delivery.id)
        )
        return [dict(p) for (p,) in rows]


async def send_passport(chat: ChatTester) -> None:
    await start_taiwan(chat)
    await chat.tap("📋 Buka daftar")
    await open_item(chat, "Paspor")
    await chat.tap("📎 Kirim foto atau PDF")
    await chat.send_media(PHOTO)


# --- the keeper ---------------------------------------------------------------------------------


async def test_a_resident_starts_a_checklist_and_sees_progress_and_next_step(
    db: AsyncEngine,
) -> None:
    chat = await resident(db, "1")
    await chat.send("/dokumen")
    chat.assert_reply("Dokumen saya", "bukan nasihat hukum")
    await chat.tap("➕ Daftar baru")
    await chat.tap("Untuk saya sendiri")
    assert len(chat.buttons) <= 8
    await chat.tap("Taiwan · perawat lansia (caregiver)")
    chat.assert_reply("DOK-", "0 dari 13 dokumen siap, 0 sudah diperiksa petugas",
                      "Taiwan dikecualikan", "bukan nasihat hukum", "Desa Kenanga")  # fmt: skip
    await chat.tap("📋 Buka daftar")
    chat.assert_reply("0 dari 13 dokumen siap", "Langkah berikutnya: KTP", "Dukcapil")
    assert len(chat.buttons) <= 8
    await open_item(chat, "KTP")
    chat.assert_reply("Apa ini:", "Di mana mengurusnya:", "Yang dibawa:", "Sumber:")
    await chat.tap("✅ Sudah punya")
    chat.assert_reply("Dicatat", "1 dari 13 dokumen siap")
    await chat.tap("⬅ Kembali ke daftar")
    chat.assert_reply("1 dari 13 dokumen siap", "Langkah berikutnya: KK")
    assert (await items(db))["ktp"] == "have"
    await chat.send("/dokumen")
    chat.assert_reply("Taiwan · perawat lansia (caregiver)", "1 dari 13 dokumen siap")


async def test_items_say_cost_only_where_the_facts_do(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await start_taiwan(chat)
    await chat.tap("📋 Buka daftar")
    await open_item(chat, "BPJS")
    chat.assert_reply("Biaya: Iuran JKK+JKM: Rp37.500")  # the item's own sourced cost
    await chat.tap("⬅ Kembali ke daftar")
    await open_item(chat, "Paspor")
    chat.assert_reply("biasanya dibayar sendiri oleh pekerja", "masa berlakunya")
    await chat.tap("⬅ Kembali ke daftar")
    await open_item(chat, "Perjanjian Kerja")
    chat.assert_no_reply_contains("Biaya:")
    await chat.send("/dokumen")
    await chat.tap("➕ Daftar baru")
    await chat.tap("Untuk saya sendiri")
    await chat.tap("Hong Kong · pekerja rumah tangga")
    await chat.tap("📋 Buka daftar")
    await open_item(chat, "Paspor")
    chat.assert_reply("tidak boleh dibebankan kepada Anda")


async def test_a_photo_waits_for_the_desk_and_the_keeper_is_told_who_sees_it(
    db: AsyncEngine,
) -> None:
    chat = await resident(db, "1")
    await send_passport(chat)
    chat.assert_reply("Diterima", "1 dari 13 dokumen siap", "petugas layanan dan koordinator",
                      "Desa Kenanga", "admin kabupaten")  # fmt: skip
    assert (await items(db))["passport"] == "submitted"
    async with db.connect() as conn:
        (file,) = (await conn.execute(select(ChecklistFile))).all()
    assert file.telegram_file_id == "AgAD-paspor-1" and file.kind == "photo"


async def test_only_photos_and_pdfs_are_taken(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await start_taiwan(chat)
    await chat.tap("📋 Buka daftar")
    await open_item(chat, "KTP")
    await chat.tap("📎 Kirim foto atau PDF")
    await chat.send_media(ZIP)
    chat.assert_reply("kirim foto atau file PDF")
    await chat.send_media(PDF)
    chat.assert_reply("Diterima")


async def test_a_relative_keeps_a_checklist_on_behalf_of_someone(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("/dokumen")
    await chat.tap("➕ Daftar baru")
    await chat.tap("Untuk anggota keluarga")
    await chat.send("Rina")
    await chat.tap("Anak saya")
    await chat.tap("Malaysia · pekerja perkebunan")
    chat.assert_reply("untuk Rina, Anak saya")
    async with db.connect() as conn:
        (row,) = (await conn.execute(select(Checklist))).all()
    assert row.for_whom == "relative" and row.relative_name == "Rina"
    await chat.send("/dokumen")  # several checklists, one per departure
    await chat.tap("➕ Daftar baru")
    await chat.tap("Untuk saya sendiri")
    await chat.tap("Jepang · SSW (Tokutei Ginou)")
    await chat.send("/dokumen")
    chat.assert_reply("Malaysia", "Jepang")
    assert len([b for b in chat.buttons if b[0].isdigit()]) == 2


async def test_a_keeper_deletes_a_file_and_the_desk_sees_it_withdrawn(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await send_passport(chat)
    await chat.tap("⬅ Kembali ke daftar")
    await open_item(chat, "Paspor")
    await chat.tap("🗑 Hapus file yang saya kirim")
    await chat.tap(next(b for b in chat.buttons if b.startswith("🗑 Foto")))
    chat.assert_reply("File sudah dihapus")
    assert (await items(db))["passport"] == "have"
    async with db.connect() as conn:
        (file,) = (await conn.execute(select(ChecklistFile))).all()
    assert file.withdrawn_at is not None and file.telegram_file_id == ""
    desk = await officer(db, "101")
    await desk.send("/berkas")
    desk.assert_reply("tidak ada dokumen yang menunggu")
    await desk.tap("👥 Per warga")
    await desk.tap(next(b for b in desk.buttons if "Warga 1" in b))
    await desk.tap(next(b for b in desk.buttons if "Paspor" in b))
    desk.assert_reply("1 file ditarik oleh warga")
    assert not any("Lihat file" in b for b in desk.buttons)


async def test_the_reminder_can_be_turned_off_and_a_checklist_closed(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await start_taiwan(chat)
    await chat.tap("📋 Buka daftar")
    await chat.tap("⚙️ Pengingat, tutup…")
    chat.assert_reply("Pengingat bila dua minggu tidak ada perubahan: nyala")
    await chat.tap("🔕 Matikan pengingat")
    chat.assert_reply("Pengingat mati")
    async with db.connect() as conn:
        assert (await conn.execute(select(Checklist.reminders_on))).scalar_one() is False
    await chat.tap("⬅ Kembali ke daftar")
    await chat.tap("⚙️ Pengingat, tutup…")
    await chat.tap("✈️ Saya sudah berangkat (tutup)")
    chat.assert_reply("ditutup dan disimpan")
    await chat.send("/dokumen")
    chat.assert_reply("1 daftar yang sudah ditutup")
    async with db.connect() as conn:
        assert (await conn.execute(select(Checklist.status))).scalar_one() == "departed"


# --- the desk -----------------------------------------------------------------------------------


async def test_the_desk_verifies_and_the_keeper_is_told_at_once(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await send_passport(chat)
    desk = await officer(db, "101")
    await desk.send("/petugas")
    await desk.tap("📂 Dokumen warga")
    desk.assert_reply("1 dokumen menunggu diperiksa")
    await desk.tap(next(b for b in desk.buttons if "Warga 1 · Paspor" in b))
    desk.assert_reply("Warga 1", "Paspor", "terkirim, menunggu diperiksa", "Riwayat")
    await desk.tap("📎 Lihat file (1)")
    sent = await notices(db, "101")
    assert sent[-1]["attachment"] == {"kind": "photo", "file_id": "AgAD-paspor-1"}
    await desk.tap("📅 Berlaku sampai…")
    await desk.send("31-12-2030")
    desk.assert_reply("berlaku sampai 31-12-2030")
    await desk.tap("✅ Terverifikasi")
    desk.assert_reply("terverifikasi; Warga 1 sudah diberi tahu", "tidak ada dokumen")
    assert (await items(db))["passport"] == "verified"
    told = await notices(db, "1")
    assert any("sudah sesuai" in str(n["text"]) and "Paspor" in str(n["text"]) for n in told)
    await chat.send("/dokumen")
    chat.assert_reply("1 dari 13 dokumen siap, 1 sudah diperiksa petugas")
    async with db.connect() as conn:
        actions = set((await conn.execute(select(AuditEntry.action))).scalars().all())
        verified_by = (await conn.execute(select(ChecklistItem.verified_by_officer_id).where(
            ChecklistItem.item == "passport"))).scalar_one()  # fmt: skip
    assert {"checklist.verified", "checklist.files_viewed", "checklist.expiry_set"} <= actions
    assert verified_by is not None


async def test_the_desk_sends_back_with_a_reason_in_the_keepers_language(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("/bahasa")
    await chat.tap("English")
    await chat.send("/documents")
    await chat.tap("➕ New checklist")
    await chat.tap("For me")
    await chat.tap("Japan · SSW (Tokutei Ginou)")
    await chat.tap("📋 Open the checklist")
    await open_item(chat, "Work visa")
    chat.assert_reply("Visa fee Rp330,000")
    await chat.tap("📎 Send a photo or PDF")
    await chat.send_media(PDF)
    desk = await officer(db, "100")
    await desk.send("/berkas")
    await desk.tap(next(b for b in desk.buttons if "Visa kerja" in b))
    await desk.tap("↩️ Kembalikan")
    await desk.tap("Tidak terbaca (buram atau terpotong)")
    await desk.send("Tolong foto ulang di tempat terang.")
    desk.assert_reply("dikembalikan; Warga 1 sudah diberi tahu")
    assert (await items(db))["work_visa"] == "returned"
    told = await notices(db, "1")
    assert any("sent back Work visa" in str(n["text"]) and "Not readable" in str(n["text"])
               and "tempat terang" in str(n["text"]) for n in told)  # fmt: skip
    await chat.send("/documents")
    await chat.tap(next(b for b in chat.buttons if b.startswith("1.")))
    chat.assert_reply("Next step: the desk sent back Work visa")


async def test_the_per_person_view_shows_who_verified_what_and_when(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await send_passport(chat)
    admin = await officer(db, "300")  # the district admin acts as a coordinator would
    await admin.send("/berkas")  # serving every village of the kabupaten: which one first
    await admin.tap("Desa Kenanga")
    await admin.tap("Lainnya ›")  # a coordinator's menu has two pages
    await admin.tap("📂 Dokumen warga")
    await admin.tap(next(b for b in admin.buttons if "Paspor" in b))
    await admin.tap("✅ Terverifikasi")
    await admin.tap("👥 Per warga")
    await admin.tap(next(b for b in admin.buttons if "Warga 1" in b))
    admin.assert_reply("Warga 1: 1 daftar", "✅ Paspor: sudah diperiksa petugas (Petugas 300",
                       "⬜ KTP (Kartu Tanda Penduduk): belum punya")  # fmt: skip
    async with db.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.action))).scalars().all()
        history = (await conn.execute(select(ChecklistEvent.to_status))).scalars().all()
    assert "checklist.person_viewed" in actions
    assert history == ["submitted", "verified"]


# --- refusals -----------------------------------------------------------------------------------


async def _forge(engine: AsyncEngine, user: str, **state: object) -> None:
    async with engine.begin() as conn:
        rid = (await conn.execute(select(Resident.id).where(Resident.external_id == user))
               ).scalar_one()  # fmt: skip
        await conn.execute(update(Conversation).where(Conversation.resident_id == rid)
                           .values(**state))  # fmt: skip


async def test_another_resident_never_reaches_a_checklist_or_file(db: AsyncEngine) -> None:
    first = await resident(db, "1")
    await send_passport(first)
    async with db.connect() as conn:
        checklist_id = (await conn.execute(select(Checklist.id))).scalar_one()
        item_id, file_id = (await conn.execute(
            select(ChecklistItem.id, ChecklistFile.id).join(
                ChecklistFile, ChecklistFile.item_id == ChecklistItem.id))).one()  # fmt: skip
    other = await resident(db, "2")
    await other.send("/dokumen")
    other.assert_no_reply_contains("Taiwan")
    await other.press(f"cl:{checklist_id}")  # a forged button: nothing offered matches it
    other.assert_no_reply_contains("Taiwan", "Paspor")
    await _forge(db, "2", flow="docs", node="item",
                 data={"checklist": checklist_id, "item": item_id},
                 offered=[["delete", "🗑 Hapus"], ["have", "✅"], ["send", "📎"]])  # fmt: skip
    await other.send("🗑 Hapus")
    other.assert_reply("tidak ada di antara daftar Anda")
    await _forge(db, "2", flow="docs", node="delete",
                 data={"checklist": checklist_id, "item": item_id},
                 offered=[[f"file:{file_id}", "🗑 Foto"]])  # fmt: skip
    await other.send("🗑 Foto")
    await _forge(db, "2", flow="docs", node="upload",
                 data={"checklist": checklist_id, "item": item_id}, offered=[])  # fmt: skip
    await other.send_media(PDF)
    async with db.connect() as conn:
        files = (await conn.execute(select(ChecklistFile.withdrawn_at))).scalars().all()
    assert files == [None]  # not withdrawn, and no file added to someone else's item
    assert (await items(db))["passport"] == "submitted"
    assert not any("attachment" in n for n in await notices(db, "2"))


@pytest.mark.parametrize("user", ["102", "103", "200"])
async def test_staff_facilitators_and_other_villages_cannot_reach_a_file(
    db: AsyncEngine, user: str
) -> None:
    chat = await resident(db, "1")
    await send_passport(chat)
    async with db.connect() as conn:
        item_id = (
            await conn.execute(select(ChecklistItem.id).where(ChecklistItem.item == "passport"))
        ).scalar_one()
        keeper = (await conn.execute(
            select(Resident.id).where(Resident.external_id == "1"))).scalar_one()  # fmt: skip
    other = await officer(db, user)
    await other.send("/berkas")
    if user == "200":
        other.assert_reply("Desa Kuripan: tidak ada dokumen")
    else:
        other.assert_reply("Hanya petugas layanan dan koordinator")
    other.assert_no_reply_contains("Warga 1", "Paspor")
    village = KURIPAN if user == "200" else KENANGA
    for node, offered in (("item", [["files", "📎"], ["verify", "✅"]]),
                          ("person", [["more", "➡️"]])):  # fmt: skip
        await _forge(db, user, flow="docdesk", node=node,
                     data={"village": village, "item": item_id, "person": keeper},
                     offered=offered)  # fmt: skip
        await other.send(offered[0][1])
        other.assert_no_reply_contains("Warga 1", "Paspor")
        if len(offered) > 1:
            await _forge(db, user, flow="docdesk", node=node,
                         data={"village": village, "item": item_id}, offered=offered)  # fmt: skip
            await other.send(offered[1][1])
    assert (await items(db))["passport"] == "submitted"
    assert not any("attachment" in n for n in await notices(db, user))
    async with db.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.action))).scalars().all()
    assert not any(a.startswith("checklist.") for a in actions)


async def test_a_forged_village_in_the_state_shows_nothing(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await send_passport(chat)
    async with db.connect() as conn:
        item_id = (await conn.execute(select(ChecklistItem.id).where(
            ChecklistItem.item == "passport"))).scalar_one()  # fmt: skip
    other = await officer(db, "200")  # desk officer of Kuripan claims to act for Kenanga
    await _forge(db, "200", flow="docdesk", node="item",
                 data={"village": KENANGA, "item": item_id},
                 offered=[["verify", "✅ Terverifikasi"]])  # fmt: skip
    await other.send("✅ Terverifikasi")
    other.assert_no_reply_contains("Warga 1", "Paspor")
    assert (await items(db))["passport"] == "submitted"
