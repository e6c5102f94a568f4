"""The migrant-family registry in the chat: the desk keeps it, a family sees only its own.

Runs on SQLite and PostgreSQL through the real runner and storage. Each refusal has its
test: another village's household id in a forged state or button, village staff trying to
change a record, a parenting facilitator, a stranger with no household, a spent code.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.admin import AdminStore
from storage.delivery_models import Delivery
from storage.household_models import (
    Household,
    HouseholdCorrection,
    HouseholdMemberAbroad,
    HouseholdReturnee,
)
from storage.models import AuditEntry, Conversation, Resident
from tests.support.chat import ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3212020002"


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncEngine:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(engine)
    await store.add_officer("101", "desk_officer", village_code=KENANGA, actor="t")
    await store.add_officer("102", "village_staff", village_code=KENANGA, actor="t")
    await store.add_officer("103", "parenting_facilitator", village_code=KENANGA, actor="t")
    await store.add_officer("201", "desk_officer", village_code=KURIPAN, actor="t")
    return engine


def person(engine: AsyncEngine, user: str, language: str = "en") -> ChatTester:
    return ChatTester(make_runner(engine), engine, user_id=user, name=f"Person {user}",
                      language_code=language)  # fmt: skip


async def count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(model))).scalar_one())


async def forge(engine: AsyncEngine, user: str, flow: str, node: str, data: dict[str, object],
                offered: list[list[str]]) -> None:  # fmt: skip
    async with engine.begin() as conn:
        rid = (await conn.execute(select(Resident.id).where(Resident.external_id == user))
               ).scalar_one()  # fmt: skip
        await conn.execute(
            update(Conversation).where(Conversation.resident_id == rid)
            .values(flow=flow, node=node, data=data, offered=offered)
        )  # fmt: skip


async def add_household(desk: ChatTester, head: str = "Sutrisno") -> None:
    await desk.send("/registri")
    await desk.tap("➕ Add a household")
    await desk.send(head)
    await desk.send("Krajan")
    await desk.send("tiga")  # RT must be a number: a kind reply, asked again
    desk.assert_reply("number only")
    await desk.send("3")
    await desk.send("1")
    await desk.tap("⏭ Skip")
    desk.assert_reply(head, "Dusun Krajan, RT 003 / RW 001", "Save?")
    await desk.tap("✅ Save")
    desk.assert_reply("Saved", "What next?")


async def open_household(desk: ChatTester, head: str = "Sutrisno") -> None:
    await desk.send("/registri")
    await desk.tap("📋 Households")
    await desk.tap(next(b for b in desk.buttons if b.startswith(head)))


async def add_worker(desk: ChatTester) -> None:
    await open_household(desk)
    await desk.tap("✈️ Workers abroad")
    desk.assert_reply("none recorded yet")
    await desk.tap("➕ Add")
    await desk.send("Siti Aminah")
    await desk.tap("Spouse")
    await desk.send("Taiwan")
    assert len(desk.buttons) <= 8
    await desk.tap("Domestic work / caregiving")
    await desk.send("13-2023")  # no thirteenth month: asked again
    desk.assert_reply("DD-MM-YYYY")
    await desk.send("03-2023")
    await desk.send("PT Contoh Jaya")
    await desk.tap("Documented (official procedure)")
    desk.assert_reply("Siti Aminah (Spouse), Taiwan, Domestic work / caregiving, since 03-2023")
    await desk.tap("✅ Save")
    await desk.tap("📋 Back to the list")


async def test_the_desk_registers_a_family_and_its_worker_abroad(db: AsyncEngine) -> None:
    desk = person(db, "101")
    await desk.send("/petugas")
    await desk.tap("More ›")
    assert "🏠 Migrant families" in desk.buttons
    await add_household(desk)
    await add_worker(desk)
    desk.assert_reply("Workers abroad of the household of Sutrisno", "Siti Aminah")
    async with db.connect() as conn:
        worker = (await conn.execute(select(HouseholdMemberAbroad))).one()
        actions = set((await conn.execute(select(AuditEntry.action))).scalars())
    assert (worker.sector, worker.documented, worker.country) == ("domestic_care", "yes", "Taiwan")
    assert {"registry.household_added", "registry.abroad_added", "registry.household_viewed"} <= (
        actions
    )
    # correct the record: everything kept but the country
    await desk.tap(next(b for b in desk.buttons if b.startswith("Siti Aminah")))
    await desk.tap("✏️ Edit")
    desk.assert_reply("Now: Siti Aminah")
    await desk.tap("↩ Keep")
    desk.assert_reply("Now: Spouse", "Type “keep”")  # eight relations fill the keyboard
    await desk.send("keep")
    await desk.send("Hong Kong")
    for _ in range(4):
        await desk.send("keep")  # the sector list fills the keyboard: typed instead
    desk.assert_reply("Hong Kong", "since 03-2023")
    await desk.tap("✅ Save")
    await desk.tap("📋 Back to the list")
    async with db.connect() as conn:
        assert (await conn.execute(select(HouseholdMemberAbroad.country))).scalar_one() == (
            "Hong Kong"
        )
    await desk.tap(next(b for b in desk.buttons if b.startswith("Siti Aminah")))
    await desk.tap("🗑 Remove")
    await desk.tap("🗑 Yes, remove")
    assert await count(db, HouseholdMemberAbroad) == 0


async def test_a_family_sees_its_own_record_and_asks_for_a_correction(db: AsyncEngine) -> None:
    desk = person(db, "101")
    await add_household(desk)
    await open_household(desk)
    await desk.tap("🏡 Returned workers")
    await desk.tap("➕ Add")
    for answer in ("Sutrisno", "15-01-2022", "Korea Selatan", "las, bahasa Korea"):
        await desk.send(answer)
    await desk.tap("✅ Save")
    assert await count(db, HouseholdReturnee) == 1
    await open_household(desk)
    await desk.tap("🔗 Code for the family")
    code = re.search(r": ([A-Z2-9]{8})\n", desk.text)
    assert code, desk.text
    family = person(db, "900", language="id")
    await family.send(f"/start kk-{code.group(1)}")
    await family.tap(family.buttons[0])  # "Ya, hubungkan saya"
    await family.send("/keluarga")
    family.assert_reply("Sutrisno", "Korea Selatan", "15-01-2022")
    await family.tap(family.buttons[0])  # ask for a correction
    await family.send("RT kami 004, bukan 003")
    stranger = person(db, "901")
    await stranger.send(f"/start kk-{code.group(1)}")  # spent: the same refusal as a wrong code
    stranger.assert_reply("does not work")
    await stranger.send("/keluarga")
    stranger.assert_reply("not linked")
    stranger.assert_no_reply_contains("Sutrisno")
    await desk.send("/registri")
    await desk.tap("✉️ Correction requests (1)")
    await desk.tap(desk.buttons[0])
    desk.assert_reply("RT kami 004")
    await desk.tap("✅ Done: corrected")
    await desk.send("RT sudah kami ubah menjadi 004.")
    desk.assert_reply("Answered")
    async with db.connect() as conn:
        status = (await conn.execute(select(HouseholdCorrection.status))).scalar_one()
        sent = (await conn.execute(select(Delivery.payload))).scalar_one()
    assert status == "done"
    assert sent["text"].startswith("Petugas desa Desa Kenanga")  # in the family's language
    await family.send("/keluarga")
    family.assert_reply("RT sudah kami ubah menjadi 004.")


async def test_village_staff_look_but_cannot_change(db: AsyncEngine) -> None:
    desk = person(db, "101")
    await add_household(desk)
    async with db.connect() as conn:
        household = (await conn.execute(select(Household.id))).scalar_one()
    staff = person(db, "102")
    await open_household(staff)
    staff.assert_reply("Sutrisno")
    assert staff.buttons == ["⬅ Back"]
    await forge(db, "102", "registry", "review",
                {"village": KENANGA, "household": household, "kind": "abroad", "step": 7,
                 "values": {"name": "X", "country": "Taiwan", "sector": "other"}},
                [["save", "✅ Save"]])  # fmt: skip
    await staff.send("✅ Save")
    staff.assert_reply("not in this village's registry")
    assert await count(db, HouseholdMemberAbroad) == 0


async def test_other_villages_and_other_roles_see_nothing(db: AsyncEngine) -> None:
    desk = person(db, "101")
    await add_household(desk)
    async with db.connect() as conn:
        household = (await conn.execute(select(Household.id))).scalar_one()
    other = person(db, "201")  # the desk officer of Kuripan
    await other.send("/registri")
    await other.tap("📋 Households")
    other.assert_reply("No household found")
    await other.press(f"h:{household}")  # a forged button: matches nothing offered
    other.assert_no_reply_contains("Sutrisno")
    await forge(db, "201", "registry", "household", {"village": KURIPAN, "household": household},
                [["back", "⬅ Back"]])  # fmt: skip
    await other.send("/registri")
    await forge(db, "201", "registry", "list", {"village": KURIPAN}, [["h", "Sutrisno"]])
    await other.send("Sutrisno")  # a search in their own village finds nothing
    other.assert_no_reply_contains("Krajan")
    await forge(db, "201", "registry", "records",
                {"village": KENANGA, "household": household, "kind": "abroad"},
                [["add", "➕ Add"]])  # fmt: skip
    await other.send("➕ Add")
    other.assert_reply("not in this village's registry")
    facilitator = person(db, "103")
    await facilitator.send("/petugas")
    assert not any("Migrant families" in b for b in facilitator.buttons)
    await facilitator.send("/registri")
    facilitator.assert_reply("Only the village's desk officers")
    facilitator.assert_no_reply_contains("Sutrisno")
    resident = person(db, "900")
    await resident.send("/registri")
    resident.assert_no_reply_contains("Sutrisno")


async def test_the_desk_corrects_and_removes_a_household(db: AsyncEngine) -> None:
    desk = person(db, "101")
    await add_household(desk)
    await open_household(desk)
    await desk.tap("✏️ Edit household")
    desk.assert_reply("Now: Sutrisno")
    await desk.tap("↩ Keep")
    await desk.send("Karanganyar")
    await desk.send("4")  # RT
    for _ in range(2):
        await desk.tap("↩ Keep")
    desk.assert_reply("Dusun Karanganyar, RT 004 / RW 001")
    await desk.tap("✅ Save")
    await desk.tap("🏠 Back to the household")
    desk.assert_reply("Dusun Karanganyar, RT 004")
    await desk.tap("🗑 Remove household")
    await desk.tap("🗑 Yes, remove")
    desk.assert_reply("Removed", "What next?")
    assert await count(db, Household) == 0
    async with db.connect() as conn:
        actions = set((await conn.execute(select(AuditEntry.action))).scalars())
    assert {"registry.household_edited", "registry.household_removed"} <= actions
