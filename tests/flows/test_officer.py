"""The officer menu and its refusals: only officers, only their village, only their role."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.officers import OfficerRole
from flows.officers.access import may, villages_where
from storage.admin import AdminStore
from storage.models import AuditEntry, UnansweredQuestion, Village
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3307010002"


async def _ask(engine: AsyncEngine, village: str, question: str, times: int = 1) -> None:
    async with engine.begin() as conn:
        village_id = (
            await conn.execute(select(Village.id).where(Village.code == village))
        ).scalar_one()
        for _ in range(times):
            await conn.execute(
                insert(UnansweredQuestion).values(
                    village_id=village_id,
                    locale="id",
                    question=question,
                    normalized=question.lower(),
                    asked_at=FIXED_NOW,
                )
            )


@pytest.fixture
async def villages(sqlite_engine: AsyncEngine) -> AsyncEngine:
    await add_village(sqlite_engine, KENANGA, "Desa Kenanga")
    await add_village(sqlite_engine, KURIPAN, "Desa Kuripan")
    await _ask(sqlite_engine, KENANGA, "berapa lama proses visa jepang", times=3)
    await _ask(sqlite_engine, KENANGA, "apakah bisa kerja di kapal pesiar")
    await _ask(sqlite_engine, KURIPAN, "rahasia desa kuripan", times=5)
    return sqlite_engine


async def test_a_resident_is_told_kindly_the_menu_is_for_officers(villages: AsyncEngine) -> None:
    chat = ChatTester(make_runner(villages), villages, user_id="700")
    await chat.send("/petugas")
    chat.assert_reply("khusus petugas desa", "Menu utama")
    chat.assert_no_reply_contains("visa jepang", "kuripan")
    await chat.assert_state("main", "menu")


async def test_a_desk_officer_sees_their_villages_questions_ranked_and_audited(
    villages: AsyncEngine,
) -> None:
    await AdminStore(villages).add_officer(
        "701", "desk_officer", village_code=KENANGA, actor="test"
    )
    chat = ChatTester(make_runner(villages), villages, user_id="701")
    await chat.send("/petugas")
    chat.assert_reply("Menu petugas Desa Kenanga (petugas layanan)")
    await chat.tap("Pertanyaan belum terjawab")
    chat.assert_reply(
        "1. (3×) berapa lama proses visa jepang", "2. (1×) apakah bisa kerja di kapal pesiar"
    )
    chat.assert_no_reply_contains("rahasia desa kuripan")
    async with villages.connect() as conn:
        audit = (
            await conn.execute(
                select(AuditEntry.actor_type, AuditEntry.actor_id, AuditEntry.action)
            )
        ).all()
    assert ("officer", "701", "questions.viewed") in [tuple(r) for r in audit]


async def test_a_parenting_facilitator_may_not_see_migration_questions(
    villages: AsyncEngine,
) -> None:
    await AdminStore(villages).add_officer(
        "702", "parenting_facilitator", village_code=KENANGA, actor="test"
    )
    chat = ChatTester(make_runner(villages), villages, user_id="702")
    await chat.send("/petugas")
    chat.assert_reply("Menu petugas Desa Kenanga (fasilitator parenting)")
    assert "Pertanyaan belum terjawab" not in chat.buttons
    assert "📢 Pengumuman" not in chat.buttons and "🧾 Tindakan terbaru" in chat.buttons
    await chat.send("Pertanyaan belum terjawab")
    chat.assert_no_reply_contains("visa jepang")


async def test_an_officer_whose_role_was_withdrawn_is_refused(villages: AsyncEngine) -> None:
    await AdminStore(villages).add_officer(
        "703", "desk_officer", village_code=KENANGA, actor="test"
    )
    chat = ChatTester(make_runner(villages), villages, user_id="703")
    await chat.send("/petugas")
    from sqlalchemy import update

    from storage.models import Officer

    async with villages.begin() as conn:
        await conn.execute(update(Officer).values(active=False))
    await chat.tap("Pertanyaan belum terjawab")
    chat.assert_reply("khusus petugas desa")
    chat.assert_no_reply_contains("visa jepang")


def test_access_rules_refuse_other_villages_and_other_roles() -> None:
    desk = OfficerRole(KENANGA, "Desa Kenanga", "desk_officer")
    carer = OfficerRole(KURIPAN, "Desa Kuripan", "parenting_facilitator")
    assert may([desk], "questions.view", KENANGA)
    assert not may([desk], "questions.view", KURIPAN)
    assert not may([carer], "questions.view", KURIPAN)
    assert not may([], "questions.view", KENANGA)
    assert not may([desk], "no.such.permission", KENANGA)
    assert villages_where([carer, desk], "questions.view") == (desk,)


async def _officer_adds(officer: ChatTester) -> None:
    await officer.send("/petugas")
    await officer.tap("📋 Jawaban desa saya")
    await officer.tap("Tambah jawaban untuk desa saya")
    await officer.send("Jdw")
    officer.assert_reply("Terlalu pendek")
    await officer.send("Jadwal layanan migrasi di balai desa")
    await officer.send(
        "Layanan migrasi buka setiap Senin dan Kamis pukul 09.00-12.00 di balai desa."
    )
    await officer.send("jadwal, buka, layanan migrasi, hari buka")
    officer.assert_reply("Warga Desa Kenanga akan melihat", "Senin dan Kamis")
    await officer.tap("✅ Simpan")
    officer.assert_reply("Tersimpan")


async def test_an_officer_adds_an_answer_that_only_their_village_receives(
    villages: AsyncEngine,
) -> None:
    await AdminStore(villages).add_officer(
        "710", "desk_officer", village_code=KENANGA, actor="test"
    )
    await _officer_adds(ChatTester(make_runner(villages), villages, user_id="710"))
    kenanga = ChatTester(make_runner(villages), villages, user_id="711")
    await kenanga.send(f"/start {KENANGA}")
    await kenanga.send("kapan layanan migrasi buka?")
    kenanga.assert_reply(
        "Jadwal layanan migrasi di balai desa", "Senin dan Kamis", "petugas Desa Kenanga"
    )
    kuripan = ChatTester(make_runner(villages), villages, user_id="712")
    await kuripan.send(f"/start {KURIPAN}")
    await kuripan.send("kapan layanan migrasi buka?")
    kuripan.assert_no_reply_contains("Senin dan Kamis")
    async with villages.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.actor_id, AuditEntry.action))).all()
    assert ("710", "topic.added") in [tuple(r) for r in actions]


async def test_a_resident_cannot_open_a_village_answer_by_forging_its_id(
    villages: AsyncEngine,
) -> None:
    await AdminStore(villages).add_officer(
        "720", "desk_officer", village_code=KENANGA, actor="test"
    )
    await _officer_adds(ChatTester(make_runner(villages), villages, user_id="720"))
    outsider = ChatTester(make_runner(villages), villages, user_id="721")
    await outsider.send(f"/start {KURIPAN}")
    from sqlalchemy import update

    from storage.models import Conversation

    async with villages.begin() as conn:  # as if the outsider had been offered Kenanga's topic
        await conn.execute(
            update(Conversation).values(
                flow="info", node="pick", data={"options": ["desa-1"]}, offered=[["t:desa-1", "x"]]
            )
        )
    await outsider.press("t:desa-1")
    outsider.assert_no_reply_contains("Senin dan Kamis", "Jadwal layanan migrasi")
    outsider.assert_reply("Informasi migrasi aman")


async def test_a_parenting_facilitator_cannot_add_answers(villages: AsyncEngine) -> None:
    await AdminStore(villages).add_officer(
        "730", "parenting_facilitator", village_code=KENANGA, actor="test"
    )
    chat = ChatTester(make_runner(villages), villages, user_id="730")
    await chat.send("/petugas")
    assert "Tambah jawaban untuk desa saya" not in chat.buttons


async def test_an_officer_withdraws_an_answer_and_residents_stop_getting_it(
    villages: AsyncEngine,
) -> None:
    await AdminStore(villages).add_officer(
        "740", "desk_officer", village_code=KENANGA, actor="test"
    )
    officer = ChatTester(make_runner(villages), villages, user_id="740")
    await _officer_adds(officer)
    await officer.tap("📋 Jawaban desa saya")
    officer.assert_reply("Jawaban yang ditulis untuk Desa Kenanga")
    await officer.tap("Tarik: Jadwal layanan migrasi di balai desa")
    officer.assert_reply("Ditarik: Jadwal layanan migrasi di balai desa", "Menu petugas")
    await officer.tap("📋 Jawaban desa saya")
    officer.assert_reply("belum punya jawaban sendiri")
    resident = ChatTester(make_runner(villages), villages, user_id="741")
    await resident.send(f"/start {KENANGA}")
    await resident.send("kapan layanan migrasi buka?")
    resident.assert_no_reply_contains("Senin dan Kamis")
    async with villages.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.actor_id, AuditEntry.action))).all()
    assert ("740", "topic.withdrawn") in [tuple(r) for r in actions]


async def test_an_officer_cannot_withdraw_another_villages_answer(villages: AsyncEngine) -> None:
    await AdminStore(villages).add_officer(
        "750", "desk_officer", village_code=KENANGA, actor="test"
    )
    await _officer_adds(ChatTester(make_runner(villages), villages, user_id="750"))
    await AdminStore(villages).add_officer(
        "751", "desk_officer", village_code=KURIPAN, actor="test"
    )
    other = ChatTester(make_runner(villages), villages, user_id="751")
    await other.send("/petugas")
    from sqlalchemy import update

    from storage.models import Conversation, Resident

    async with villages.begin() as conn:  # a tampered state naming Kenanga's answer
        resident_id = (
            await conn.execute(select(Resident.id).where(Resident.external_id == "751"))
        ).scalar_one()
        await conn.execute(
            update(Conversation)
            .where(Conversation.resident_id == resident_id)
            .values(
                flow="officer",
                node="answers",
                data={"village": KENANGA, "titles": {"1": "x"}},
                offered=[["w:1", "Tarik: x"]],
            )
        )
    await other.send("Tarik: x")
    other.assert_reply("khusus petugas desa")
    kenanga = ChatTester(make_runner(villages), villages, user_id="752")
    await kenanga.send(f"/start {KENANGA}")
    await kenanga.send("kapan layanan migrasi buka?")
    kenanga.assert_reply("Senin dan Kamis")
