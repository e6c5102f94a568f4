"""Job board: an officer publishes a notice, residents browse, say "Saya tertarik" and
subscribe; "cek loker" points out red flags and the desk answers; and each refusal.

Runs on SQLite and PostgreSQL through the real runner and storage. What residents receive
outside their own conversation (new notices, the desk's messages, verdicts) is queued through
the delivery engine; here we read the queue.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Attachment
from storage.admin import AdminStore
from storage.capabilities.jobs import JobInterest, JobNotice, JobOffer
from storage.delivery_models import Delivery
from storage.models import Resident
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

KENANGA, KURIPAN, WONOSOBO = "3212010001", "3212020002", "3307010003"
SCAM = (
    "Dicari 20 orang kerja pabrik di Malaysia. Gaji 15 juta/bulan, tanpa pengalaman. Berangkat "
    "2 minggu. Biaya pendaftaran Rp 2.500.000 transfer ke rek BRI. Minat WA 0812-3456-7890. "
    "Kuota terbatas!!"
)


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncEngine:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    await add_village(engine, WONOSOBO, "Desa Kalibeber")
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


async def officer(engine: AsyncEngine, user: str = "101") -> ChatTester:
    return ChatTester(make_runner(engine), engine, user_id=user, name=f"Petugas {user}")


async def publish(chat: ChatTester, *, poster: bool = False) -> None:
    """The whole guided flow for a caregiver notice to Taiwan."""
    await chat.send("/petugas")
    await chat.tap("Lainnya ›")  # the officer menu's second page
    await chat.tap("💼 Lowongan dan cek loker")
    await chat.tap("➕ Pasang lowongan")
    await chat.tap("Taiwan")
    await chat.send("Caregiver panti jompo")
    await chat.tap("Perawat lansia / caregiver")
    await chat.tap("perusahaan")
    await chat.send("10")
    await chat.send("Usia 21-35, sehat, lulus pelatihan BLK, bahasa Mandarin dasar")
    await chat.send("NT$ 20.000")
    await chat.send("PT Sinar Bahari Mandiri")
    await chat.send("SIP2MI 2/1234/2024")
    await chat.tap("Tanpa biaya bagi pekerja")
    await chat.send("31-12-2026")
    await chat.tap("di Disnaker")
    await chat.send("Disnaker Indramayu, Senin-Jumat 08.00-14.00")
    if poster:
        await chat.send_media(Attachment("photo", file_id="AgAD-poster-1"))
    else:
        await chat.tap("⏭ Lewati")


async def notices(engine: AsyncEngine) -> list[JobNotice]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(JobNotice).order_by(JobNotice.id))).all())


async def queued(
    engine: AsyncEngine, user: str, kind: str | None = None
) -> list[dict[str, object]]:
    async with engine.connect() as conn:
        query = (
            select(Delivery.payload, Delivery.kind)
            .join(Resident, Resident.id == Delivery.resident_id)
            .where(Resident.external_id == user)
            .order_by(Delivery.id)
        )
        rows = (await conn.execute(query)).all()
    return [dict(p) for p, k in rows if kind is None or k == kind]


async def test_an_officer_publishes_and_subscribers_are_told_in_their_language(
    db: AsyncEngine,
) -> None:
    by_country = await resident(db, "1")
    await by_country.send("/langganan")
    await by_country.tap("➕ Negara")
    await by_country.tap("Taiwan")
    by_country.assert_reply("Berlangganan: Taiwan")
    by_sector = await resident(db, "2", KURIPAN)  # same kabupaten, another village
    await by_sector.send("/langganan")
    await by_sector.tap("➕ Sektor")
    await by_sector.tap("Perawat lansia / caregiver")
    await by_sector.send("/bahasa")
    await by_sector.tap("English")
    muted = await resident(db, "3")
    await muted.send("/langganan")
    await muted.tap("➕ Negara")
    await muted.tap("Taiwan")
    await muted.send("/berhenti")
    far = await resident(db, "4", WONOSOBO)  # another kabupaten
    await far.send("/langganan")
    await far.tap("➕ Negara")
    await far.tap("Taiwan")
    unsubscribed = await resident(db, "5")

    desk = await officer(db)
    await publish(desk, poster=True)
    desk.assert_reply("Pratinjau", "Caregiver panti jompo", "NT$ 20.000", "PT Sinar Bahari Mandiri",
                      "SIP2MI 2/1234/2024", "sudah dicek petugas Desa Kenanga", "31-12-2026",
                      "jangan serahkan paspor")  # fmt: skip
    await desk.tap("✅ Pasang")
    desk.assert_reply("Dipasang sebagai LOK-")
    (notice,) = await notices(db)
    assert notice.status == "open" and notice.country == "TW" and notice.sector == "care"
    assert notice.salary_amount == 20000 and notice.salary_currency == "NT$"
    assert notice.notified == 2 and notice.poster_file_id == "AgAD-poster-1"
    (told,) = await queued(db, "1", "job_notice")
    assert "Lowongan baru" in str(told["text"]) and "jangan serahkan paspor" in str(told["text"])
    assert told["attachment"] == {"kind": "photo", "file_id": "AgAD-poster-1"}
    (english,) = await queued(db, "2", "job_notice")
    assert "New job notice" in str(english["text"]) and "never hand over your passport" in str(
        english["text"]
    )
    for nobody in ("3", "4", "5"):
        assert await queued(db, nobody, "job_notice") == []
    assert unsubscribed is not None


async def test_a_resident_browses_is_interested_and_the_desk_writes_to_them(
    db: AsyncEngine,
) -> None:
    await publish(desk := await officer(db))
    await desk.tap("✅ Pasang")
    chat = await resident(db, "1")
    await chat.send("/loker")
    await chat.tap("🔎 Lihat lowongan")
    chat.assert_reply("Lowongan yang dibuka, terbaru lebih dulu (1–1 dari 1)")
    (label,) = [b for b in chat.buttons if b.startswith("Caregiver")]
    assert "NT$ 20.000" in label and "31-12-2026" in label
    await chat.tap(label)
    chat.assert_reply("PT Sinar Bahari Mandiri", "SIP2MI 2/1234/2024", "Tanpa biaya bagi pekerja",
                      "di Disnaker", "jangan pernah membayar di luar aturan biaya resmi",
                      "jangan serahkan paspor", "cek agennya ke petugas desa")  # fmt: skip
    await chat.tap("🙋 Saya tertarik")
    chat.assert_reply("petugas Desa Kenanga sekarang tahu Anda berminat")

    await desk.send("/petugas")
    await desk.tap("Lainnya ›")  # the officer menu's second page
    await desk.tap("💼 Lowongan dan cek loker")
    await desk.tap("📋 Lowongan desa kami")
    (item,) = [b for b in desk.buttons if b.startswith("LOK-")]
    assert "1 peminat" in item
    await desk.tap(item)
    await desk.tap("👥 Peminat (1)")
    desk.assert_reply("1. Warga 1 (Desa Kenanga)")
    await desk.tap("✉️ Kirim pesan ke peminat")
    await desk.send("Silakan datang ke kantor desa hari Senin jam 9 dengan KTP dan KK.")
    desk.assert_reply("sedang dikirim")
    (message,) = await queued(db, "1", "job_interested")
    assert "datang ke kantor desa hari Senin" in str(message["text"])

    await chat.send("/loker")
    await chat.tap("🔎 Lihat lowongan")
    await chat.tap(label)
    chat.assert_reply("Anda sudah menyatakan berminat")
    await chat.tap("↩️ Batalkan minat saya")
    chat.assert_reply("sudah dibatalkan")
    async with db.connect() as conn:
        (status,) = (await conn.execute(select(JobInterest.status))).one()
    assert status == "withdrawn"


async def test_filters_pages_and_a_notice_past_its_deadline_closes_itself(db: AsyncEngine) -> None:
    desk = await officer(db)
    for _ in range(5):
        await publish(desk)
        await desk.tap("✅ Pasang")
    chat = await resident(db, "1")
    await chat.send("/loker")
    await chat.tap("🔎 Lihat lowongan")
    chat.assert_reply("(1–4 dari 5)")
    assert len(chat.buttons) <= 8
    await chat.tap("Selanjutnya ›") if "Selanjutnya ›" in chat.buttons else await chat.tap(
        next(b for b in chat.buttons if "›" in b)
    )
    chat.assert_reply("(5–5 dari 5)")
    await chat.tap("🌍 Per negara")
    await chat.tap("Taiwan")
    chat.assert_reply("untuk Taiwan")
    async with db.begin() as conn:
        await conn.execute(update(JobNotice).values(deadline=FIXED_NOW - timedelta(hours=1)))
    await chat.send("/loker")
    await chat.tap("🔎 Lihat lowongan")
    chat.assert_reply("belum ada lowongan yang dibuka")
    await desk.send("/petugas")
    await desk.tap("Lainnya ›")  # the officer menu's second page
    await desk.tap("💼 Lowongan dan cek loker")
    desk.assert_reply("0 lowongan dibuka")


async def test_an_officer_withdraws_a_notice_and_the_interested_are_told(db: AsyncEngine) -> None:
    await publish(desk := await officer(db))
    await desk.tap("✅ Pasang")
    chat = await resident(db, "1")
    await chat.send("/loker")
    await chat.tap("🔎 Lihat lowongan")
    await chat.tap(next(b for b in chat.buttons if b.startswith("Caregiver")))
    await chat.tap("🙋 Saya tertarik")
    await desk.send("/petugas")
    await desk.tap("Lainnya ›")  # the officer menu's second page
    await desk.tap("💼 Lowongan dan cek loker")
    await desk.tap("📋 Lowongan desa kami")
    await desk.tap(next(b for b in desk.buttons if b.startswith("LOK-")))
    await desk.tap("✏️ Ubah")
    await desk.tap("Gaji")
    await desk.send("NT$ 21000")
    desk.assert_reply("sudah diperbarui")
    await desk.tap("🚫 Tarik")
    await desk.send("Izin agen tidak berlaku lagi")
    desk.assert_reply("sudah ditarik")
    (notice,) = await notices(db)
    assert notice.status == "withdrawn" and notice.status_reason == "Izin agen tidak berlaku lagi"
    assert notice.salary_amount == 21000
    (told,) = await queued(db, "1", "job_interested")
    assert "ditarik oleh petugas desa" in str(told["text"])
    await chat.send("/loker")
    await chat.tap("🔎 Lihat lowongan")
    chat.assert_reply("belum ada lowongan yang dibuka")


async def test_subscriptions_can_be_seen_and_stopped(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("/langganan")
    chat.assert_reply("Anda belum berlangganan")
    await chat.tap("➕ Sektor")
    await chat.tap("Pabrik / manufaktur")
    await chat.tap("➕ Negara")
    await chat.tap("Selanjutnya ›" if "Selanjutnya ›" in chat.buttons else chat.buttons[-2])
    await chat.tap("Brunei")
    chat.assert_reply("Langganan Anda: Brunei, Pabrik / manufaktur")
    await chat.tap("❌ Brunei")
    chat.assert_reply("Langganan dihentikan: Brunei", "Langganan Anda: Pabrik / manufaktur")


async def test_cek_loker_points_out_red_flags_and_the_desk_answers(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.send("/cekloker")
    await chat.send(SCAM)
    chat.assert_reply("Tanda bahaya yang terlihat", "Diminta membayar biaya",
                      "Tanpa dokumen, tanpa pelatihan", "Agen tidak bisa dicocokkan",
                      "Disuruh cepat memutuskan", "Hanya lewat chat pribadi",
                      "Gaji jauh di atas biasanya", "tidak pernah menyatakan sebuah tawaran aman",
                      "Sudah saya kirim ke petugas Desa Kenanga")  # fmt: skip
    chat.assert_no_reply_contains("tawaran ini aman", "aman untuk")
    async with db.connect() as conn:
        (offer,) = (await conn.execute(select(JobOffer))).all()
    assert offer.status == "new" and "upfront_fee" in offer.flags
    assert offer.recruiter_contacts == ["081234567890"] and offer.countries == ["MY"]

    desk = await officer(db)
    await desk.send("/petugas")
    await desk.tap("Lainnya ›")  # the officer menu's second page
    await desk.tap("💼 Lowongan dan cek loker")
    await desk.tap("🔍 Tawaran untuk dicek (1)")
    await desk.tap(next(b for b in desk.buttons if b.startswith("CEK-")))
    desk.assert_reply("Diminta membayar biaya", "Kuota terbatas")
    await desk.tap("⛔ Ilegal")
    await desk.send("Tidak ada P3MI yang disebut; jangan transfer. Laporkan ke Disnaker.")
    desk.assert_reply("sudah dikirim ke warga")
    (verdict,) = await queued(db, "1", "job_offer_verdict")
    assert "ilegal" in str(verdict["text"]) and "jangan transfer" in str(verdict["text"])
    await chat.send("/cekloker")
    await chat.tap("❌ Batal")
    await chat.send("/loker")
    await chat.tap("📋 Hasil cek loker saya")
    chat.assert_reply("CEK-", "ilegal", "jangan transfer")


async def test_a_forwarded_advert_goes_from_the_main_menu_into_cek_loker(db: AsyncEngine) -> None:
    chat = await resident(db, "1")
    await chat.forward("Lowongan ART Arab Saudi, berangkat pakai visa ziarah. Hub 085712345678")
    chat.assert_reply("meneruskan")
    await chat.tap("🔍 Cek tawaran kerja ini")
    chat.assert_reply("Visa turis atau kunjungan", "Negara tujuan yang dilarang atau diperingatkan",
                      "Kepmenaker 260/2015", "Sudah saya kirim")  # fmt: skip
    async with db.connect() as conn:
        (offer,) = (await conn.execute(select(JobOffer))).all()
    assert offer.forwarded and "moratorium" in offer.flags


async def test_a_legitimate_looking_offer_is_never_called_safe(db: AsyncEngine) -> None:
    await publish(desk := await officer(db))
    await desk.tap("✅ Pasang")
    chat = await resident(db, "1")
    await chat.send("/cekloker")
    await chat.send(
        "PT Sinar Bahari Mandiri (SIP2MI 2/1234/2024) membuka lowongan caregiver ke Taiwan, gaji "
        "NT$ 20.000. Daftar di Disnaker."
    )
    chat.assert_reply("BUKAN berarti tawarannya aman", "tidak pernah menyatakan")


@pytest.mark.parametrize("user", ["102", "103", "999"])
async def test_village_staff_facilitators_and_residents_cannot_publish(
    db: AsyncEngine, user: str
) -> None:
    chat = await officer(db, user)
    await chat.send("/petugas")
    assert "💼 Lowongan dan cek loker" not in chat.buttons


async def test_forged_states_and_guessed_ids_show_nothing(db: AsyncEngine) -> None:
    await publish(desk := await officer(db))
    await desk.tap("✅ Pasang")
    chat = await resident(db, "1")
    await chat.send("/cekloker")
    await chat.send(SCAM)
    (notice,) = await notices(db)
    async with db.connect() as conn:
        (offer_id,) = (await conn.execute(select(JobOffer.id))).one()
    runner_state = ("jobdesk", {"village": KENANGA, "notice": notice.id, "offer": offer_id})

    # another village's desk officer, with a forged state naming Kenanga's notice and offer
    other = await officer(db, "200")
    await other.send("/petugas")
    for node in ("notice", "interested", "offer", "p_preview"):
        await _force(db, "200", runner_state[0], node, runner_state[1])
        await other.send("1")
        other.assert_no_reply_contains("Caregiver", "Kuota terbatas", "PT Sinar Bahari")
    # village staff of Kenanga itself, same forged state
    staff = await officer(db, "102")
    await staff.send("/petugas")
    await _force(db, "102", "jobdesk", "offer", runner_state[1])
    await staff.send("1")
    staff.assert_no_reply_contains("Kuota terbatas")
    # a resident of another kabupaten guessing the notice id, and a forged deep link
    far = await resident(db, "4", WONOSOBO)
    await _force(db, "4", "jobs", "notice", {"notice": notice.id})
    await far.send("1")
    far.assert_no_reply_contains("Caregiver")
    await far.send(f"/start job-{notice.reference}")
    far.assert_reply("sudah tidak dibuka lagi")
    # a forged verdict effect through a forged button changes nothing
    await other.press("legitimate")
    async with db.connect() as conn:
        (status,) = (await conn.execute(select(JobOffer.status))).one()
    assert status == "new"


async def _force(
    engine: AsyncEngine, user: str, flow: str, node: str, data: dict[str, object]
) -> None:
    """Put a person at a node with forged data, as a tampered state would."""
    from storage.models import Conversation

    async with engine.begin() as conn:
        resident_id = (
            await conn.execute(select(Resident.id).where(Resident.external_id == user))
        ).scalar_one()
        await conn.execute(
            update(Conversation)
            .where(Conversation.resident_id == resident_id)
            .values(flow=flow, node=node, data=data, offered=[["1", "1"]])
        )
