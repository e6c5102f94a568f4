"""Officers from inside the chat: invitations, roles, removal, the audit view, and each refusal.

Runs on SQLite and PostgreSQL: the storage side of every step is part of what is tested.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.admin import AdminStore
from storage.capabilities.officers import OfficerInvite
from storage.models import AuditEntry, Conversation, Officer, Resident
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

KENANGA, KURIPAN, OTHER_DISTRICT = "3212010001", "3212020002", "3307010003"


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncEngine:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    await add_village(engine, OTHER_DISTRICT, "Desa Jauh")
    store = AdminStore(engine)
    await store.add_officer("100", "coordinator", village_code=KENANGA, actor="test")
    return engine


def _chat(engine: AsyncEngine, user: str, **kwargs: object) -> ChatTester:
    return ChatTester(make_runner(engine, **kwargs), engine, user_id=user)  # type: ignore[arg-type]


async def _invite(coordinator: ChatTester, role_label: str) -> str:
    """The coordinator makes an invitation; returns the code shown to them."""
    await coordinator.send("/petugas")
    await coordinator.tap("👥 Petugas dan undangan")
    await coordinator.tap("➕ Undang petugas")
    await coordinator.tap(role_label)
    coordinator.assert_reply("Undangan untuk", "berlaku sampai", "Hanya bisa dipakai sekali")
    return coordinator.text.split("/start inv-")[1].split()[0]


async def _audit(engine: AsyncEngine) -> list[tuple[str, str]]:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(AuditEntry.actor_id, AuditEntry.action))).all()
    return [(str(a), str(b)) for a, b in rows]


async def test_a_coordinator_invites_an_officer_who_accepts_once(db: AsyncEngine) -> None:
    coordinator = _chat(db, "100")
    code = await _invite(coordinator, "petugas layanan")
    newcomer = _chat(db, "200")
    await newcomer.send(f"/start inv-{code}")
    newcomer.assert_reply("Anda diundang menjadi petugas layanan Desa Kenanga")
    await newcomer.tap("✅ Terima")
    newcomer.assert_reply("Selamat bergabung", "/petugas")
    await newcomer.send("/petugas")
    newcomer.assert_reply("Menu petugas Desa Kenanga (petugas layanan)")
    assert "👥 Petugas dan undangan" not in newcomer.buttons  # desk officers do not manage
    # the same code again, by someone else: refused, nobody else becomes an officer
    third = _chat(db, "300")
    await third.send(f"/start inv-{code}")
    third.assert_reply("Kode undangan ini tidak berlaku")
    await third.send("/petugas")
    third.assert_reply("khusus petugas desa")
    actions = await _audit(db)
    assert ("100", "officer.invited") in actions and ("200", "officer.joined") in actions
    assert not any(code in str(row) for row in actions), "the secret code is never logged whole"


async def test_an_invitation_typed_without_the_link_works_too(db: AsyncEngine) -> None:
    code = await _invite(_chat(db, "100"), "staf desa")
    newcomer = _chat(db, "201")
    await newcomer.send("/start")
    await newcomer.send(f"inv-{code}")
    newcomer.assert_reply("Anda diundang menjadi staf desa Desa Kenanga")


async def test_forged_expired_and_revoked_invitations_are_refused(db: AsyncEngine) -> None:
    for forged in ("inv-AAAAAAAAAAAA", "inv-", "inv-../../etc", "inv-" + "X" * 60):
        person = _chat(db, "400")
        await person.send(f"/start {forged}")
        person.assert_no_reply_contains("Anda diundang")
    coordinator = _chat(db, "100")
    code = await _invite(coordinator, "staf desa")
    late = _chat(db, "401", clock=lambda: FIXED_NOW + timedelta(hours=49))
    await late.send(f"/start inv-{code}")
    late.assert_reply("Kode undangan ini tidak berlaku")
    await coordinator.send("/petugas")
    await coordinator.tap("👥 Petugas dan undangan")
    await coordinator.tap("📨 Undangan yang berlaku")
    revoke = next(b for b in coordinator.buttons if b.startswith("Batalkan:"))
    await coordinator.tap(revoke)
    coordinator.assert_reply("Dibatalkan")
    person = _chat(db, "402")
    await person.send(f"/start inv-{code}")
    person.assert_reply("Kode undangan ini tidak berlaku")
    async with db.connect() as conn:
        officers = (await conn.execute(select(Officer.external_id))).scalars().all()
    assert sorted(officers) == ["100"]


async def test_an_offer_accepted_after_it_was_revoked_changes_nothing(db: AsyncEngine) -> None:
    code = await _invite(_chat(db, "100"), "staf desa")
    newcomer = _chat(db, "403")
    await newcomer.send(f"/start inv-{code}")
    async with db.begin() as conn:  # revoked while the offer was on their screen
        await conn.execute(update(OfficerInvite).values(revoked_at=FIXED_NOW))
    await newcomer.tap("✅ Terima")
    newcomer.assert_reply("Kode undangan ini tidak berlaku")
    await newcomer.send("/petugas")
    newcomer.assert_reply("khusus petugas desa")


async def test_a_coordinator_changes_a_role_then_removes_the_officer(db: AsyncEngine) -> None:
    await AdminStore(db).add_officer("500", "desk_officer", village_code=KENANGA, actor="t")
    officer = _chat(db, "500")
    await officer.send("/petugas")
    await officer.tap("Pertanyaan belum terjawab")  # mid-way in the officer menu
    coordinator = _chat(db, "100")
    await coordinator.send("/petugas")
    await coordinator.tap("👥 Petugas dan undangan")
    member = next(b for b in coordinator.buttons if "(petugas layanan)" in b)
    await coordinator.tap(member)
    await coordinator.tap("Ganti peran")
    await coordinator.tap("staf desa")
    coordinator.assert_reply("sekarang staf desa")
    await coordinator.tap("👥 Petugas dan undangan")
    member = next(b for b in coordinator.buttons if "(staf desa)" in b)
    await coordinator.tap(member)
    await coordinator.tap("Keluarkan dari petugas")
    await coordinator.tap("Ya, keluarkan")
    coordinator.assert_reply("bukan lagi petugas Desa Kenanga")
    await officer.send("Pertanyaan belum terjawab")  # their next step is refused
    officer.assert_reply("khusus petugas desa")
    actions = await _audit(db)
    assert ("100", "officer.role_changed") in actions and ("100", "officer.removed") in actions


async def test_a_coordinator_cannot_remove_themselves(db: AsyncEngine) -> None:
    coordinator = _chat(db, "100")
    await coordinator.send("/petugas")
    await coordinator.tap("👥 Petugas dan undangan")
    await coordinator.tap(next(b for b in coordinator.buttons if "(koordinator)" in b))
    coordinator.assert_reply("tidak bisa mengganti atau menghapus peran Anda sendiri")


async def test_a_forged_member_button_from_another_village_does_nothing(db: AsyncEngine) -> None:
    await AdminStore(db).add_officer("600", "desk_officer", village_code=KURIPAN, actor="t")
    async with db.connect() as conn:
        other_id = (
            await conn.execute(select(Officer.id).where(Officer.external_id == "600"))
        ).scalar_one()
    coordinator = _chat(db, "100")
    await coordinator.send("/petugas")
    await coordinator.tap("👥 Petugas dan undangan")
    await coordinator.press(f"m:{other_id}")  # not offered: matches nothing
    coordinator.assert_no_reply_contains("Keluarkan")
    async with db.begin() as conn:  # a tampered state naming the other village's officer
        resident_id = (
            await conn.execute(select(Resident.id).where(Resident.external_id == "100"))
        ).scalar_one()
        await conn.execute(
            update(Conversation)
            .where(Conversation.resident_id == resident_id)
            .values(
                flow="officer",
                node="member_remove",
                data={"village": KENANGA, "member": str(other_id)},
                offered=[["yes", "Ya, keluarkan"]],
            )
        )
    await coordinator.send("Ya, keluarkan")
    async with db.connect() as conn:
        still = (await conn.execute(select(Officer.active).where(Officer.id == other_id))).one()
    assert still.active is True


@pytest.mark.parametrize("role", ["desk_officer", "village_staff", "parenting_facilitator"])
async def test_only_coordinators_manage_officers(db: AsyncEngine, role: str) -> None:
    await AdminStore(db).add_officer("700", role, village_code=KENANGA, actor="t")
    officer = _chat(db, "700")
    await officer.send("/petugas")
    assert "👥 Petugas dan undangan" not in officer.buttons
    await officer.send("👥 Petugas dan undangan")
    officer.assert_no_reply_contains("Petugas Desa Kenanga. Pilih")


async def test_a_district_admin_acts_in_every_village_of_their_kabupaten_only(
    db: AsyncEngine,
) -> None:
    await AdminStore(db).add_officer("800", "district_admin", district_code="3212", actor="t")
    admin = _chat(db, "800")
    await admin.send("/petugas")
    admin.assert_reply("beberapa desa")
    assert admin.buttons[:2] == ["Desa Kenanga", "Desa Kuripan"]
    assert "Desa Jauh" not in admin.buttons  # another kabupaten
    await admin.tap("Desa Kuripan")
    admin.assert_reply("Menu petugas Desa Kuripan (admin kabupaten)")
    assert "👥 Petugas dan undangan" in admin.buttons
    await admin.tap("🔁 Desa lain")
    await admin.tap("Desa Kenanga")
    admin.assert_reply("Menu petugas Desa Kenanga")


async def test_officers_see_their_villages_recent_actions_and_residents_never(
    db: AsyncEngine,
) -> None:
    coordinator = _chat(db, "100")
    await _invite(coordinator, "staf desa")
    await coordinator.send("/petugas")
    await coordinator.tap("🧾 Tindakan terbaru")
    coordinator.assert_reply("Tindakan terbaru di Desa Kenanga", "officer.invited")
    resident = _chat(db, "900")
    await resident.send("/start")
    await resident.send("🧾 Tindakan terbaru")
    resident.assert_no_reply_contains("officer.invited", "Tindakan terbaru di")
    await AdminStore(db).add_officer("901", "desk_officer", village_code=KURIPAN, actor="t")
    other = _chat(db, "901")
    await other.send("/petugas")
    await other.tap("🧾 Tindakan terbaru")
    other.assert_no_reply_contains("officer.invited")
