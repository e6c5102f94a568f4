"""Village data as a file from the officer menu: each role sees only the exports it may have,
chooses CSV or Excel, confirms, and is told the file is on its way; every refusal (another
role, another village, a forged export, a role removed mid-way) records nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.office import OFFERED
from storage.admin import AdminStore
from storage.models import AuditEntry, Conversation, Officer, Resident
from storage.office_export_models import ExportRequest
from tests.support.chat import ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3212020002"
ENTRY = "📊 Data desa (ekspor)"
RESIDENT_LIST = "👤 Daftar warga (nama: data pribadi)"
PROGRESS = "Daftar dokumen: kemajuan"
MORE = "Lainnya ›"


@pytest.fixture
async def db(sqlite_engine: AsyncEngine) -> AsyncEngine:
    await add_village(sqlite_engine, KENANGA, "Desa Kenanga")
    await add_village(sqlite_engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(sqlite_engine)
    await store.add_officer("100", "coordinator", village_code=KENANGA, actor="t")
    await store.add_officer("101", "desk_officer", village_code=KENANGA, actor="t")
    await store.add_officer("102", "village_staff", village_code=KENANGA, actor="t")
    await store.add_officer("103", "parenting_facilitator", village_code=KENANGA, actor="t")
    await store.add_officer("104", "district_admin", district_code="3212", actor="t")
    return sqlite_engine


async def _requests(db: AsyncEngine) -> list[tuple[str, str, str, str]]:
    async with db.connect() as conn:
        rows = await conn.execute(
            select(
                ExportRequest.requested_by, ExportRequest.what, ExportRequest.format,
                ExportRequest.status,
            ).order_by(ExportRequest.id)
        )  # fmt: skip
        return [(r[0], r[1], r[2], r[3]) for r in rows]


async def _open_exports(officer: ChatTester) -> None:
    await officer.send("/petugas")
    if "Desa Kenanga" in officer.buttons:  # a district admin first chooses the village
        await officer.tap("Desa Kenanga")
    while ENTRY not in officer.buttons:  # the menu pages itself for a coordinator
        await officer.tap(MORE)
    await officer.tap(ENTRY)


async def _find(officer: ChatTester, label: str) -> None:
    while label not in officer.buttons:
        await officer.tap(MORE)
    await officer.tap(label)


async def _all_offered(officer: ChatTester) -> list[str]:
    seen: list[str] = []
    while True:
        assert len(officer.buttons) <= 8
        seen += [b for b in officer.buttons if b not in (MORE, "‹ Sebelumnya", "⬅ Menu petugas")]
        if MORE not in officer.buttons:
            return seen
        await officer.tap(MORE)


async def test_a_desk_officer_asks_for_an_excel_file_and_is_told_it_is_coming(
    db: AsyncEngine,
) -> None:
    desk = ChatTester(make_runner(db), db, user_id="101")
    await _open_exports(desk)
    desk.assert_reply("Data desa Desa Kenanga")
    await _find(desk, PROGRESS)
    desk.assert_reply("Daftar dokumen: kemajuan: sebagai CSV")
    await desk.tap("Excel (.xlsx)")
    desk.assert_reply("Ekspor Daftar dokumen: kemajuan Desa Kenanga sebagai Excel (.xlsx)?")
    await desk.tap("✅ Ekspor")
    desk.assert_reply("File Anda sedang disiapkan")
    await desk.assert_state("officer", "menu")
    assert await _requests(db) == [("101", "checklist-progress", "xlsx", "requested")]
    async with db.connect() as conn:
        actions = (await conn.execute(select(AuditEntry.actor_id, AuditEntry.action))).all()
    assert ("101", "export.requested") in [tuple(a) for a in actions]


async def test_the_resident_list_warns_about_personal_data(db: AsyncEngine) -> None:
    coordinator = ChatTester(make_runner(db), db, user_id="100")
    await _open_exports(coordinator)
    await _find(coordinator, RESIDENT_LIST)
    await coordinator.tap("CSV (semua aplikasi tabel)")
    coordinator.assert_reply("data pribadi", "hapus setelah selesai")
    await coordinator.tap("❌ Batal")  # "batal" works anywhere: back to the main menu
    coordinator.assert_reply("Menu utama")
    assert await _requests(db) == []


async def test_each_role_sees_only_what_it_may_export(db: AsyncEngine) -> None:
    offered = {}
    for account in ("100", "101", "102", "103", "104"):
        officer = ChatTester(make_runner(db), db, user_id=account)
        await _open_exports(officer)
        offered[account] = await _all_offered(officer)
    # a coordinator is offered every export; a district admin the same
    assert len(offered["100"]) == len(OFFERED) and offered["104"] == offered["100"]
    assert RESIDENT_LIST in offered["101"] and "Laporan yang masih terbuka" in offered["101"]
    assert not any("Parenting" in b for b in offered["101"])  # desk officers: no children
    staff = offered["102"]
    assert RESIDENT_LIST not in staff and "Laporan yang masih terbuka" not in staff
    assert "Laporan per bulan" in staff and PROGRESS in staff
    assert offered["103"] == [
        "Parenting: jumlah anak", "Parenting: kabar per bulan", "Parenting: pesan ke orang tua"
    ]  # fmt: skip


async def test_village_staff_typing_the_resident_list_gets_nothing(db: AsyncEngine) -> None:
    staff = ChatTester(make_runner(db), db, user_id="102")
    await _open_exports(staff)
    await staff.send(RESIDENT_LIST)
    staff.assert_no_reply_contains("sebagai CSV")
    await staff.send("x:resident-list")
    staff.assert_no_reply_contains("sebagai CSV")
    assert await _requests(db) == []


async def _tamper(db: AsyncEngine, account: str, data: dict[str, object]) -> None:
    async with db.begin() as conn:
        person = (
            await conn.execute(select(Resident.id).where(Resident.external_id == account))
        ).scalar_one()
        await conn.execute(
            update(Conversation)
            .where(Conversation.resident_id == person)
            .values(flow="officeexport", node="confirm", data=data,
                    offered=[["yes", "✅ Ekspor"], ["cancel", "❌ Batal"]])
        )  # fmt: skip


@pytest.mark.parametrize(
    ("account", "data"),
    [
        ("102", {"village": KENANGA, "what": "resident-list", "fmt": "csv"}),  # staff: names
        ("103", {"village": KENANGA, "what": "residents", "fmt": "csv"}),  # facilitator
        ("101", {"village": KURIPAN, "what": "residents", "fmt": "csv"}),  # another village
        ("101", {"village": KENANGA, "what": "names; DROP TABLE", "fmt": "csv"}),  # forged
        ("101", {"village": KENANGA, "what": "residents", "fmt": "pdf"}),  # forged format
    ],
)
async def test_a_tampered_state_records_no_request(
    db: AsyncEngine, account: str, data: dict[str, object]
) -> None:
    officer = ChatTester(make_runner(db), db, user_id=account)
    await officer.send("/petugas")
    await _tamper(db, account, data)
    await officer.send("✅ Ekspor")
    officer.assert_reply("Anda tidak berhak mengekspor data desa ini")
    officer.assert_no_reply_contains("sedang disiapkan")
    assert await _requests(db) == []


async def test_a_role_removed_before_confirming_records_nothing(db: AsyncEngine) -> None:
    desk = ChatTester(make_runner(db), db, user_id="101")
    await _open_exports(desk)
    await _find(desk, RESIDENT_LIST)
    await desk.tap("Excel (.xlsx)")
    async with db.begin() as conn:
        await conn.execute(update(Officer).where(Officer.external_id == "101").values(active=False))
    await desk.tap("✅ Ekspor")
    desk.assert_no_reply_contains("sedang disiapkan")
    assert await _requests(db) == []


async def test_an_entry_on_the_menus_second_page_may_be_typed_but_only_with_the_right(
    db: AsyncEngine,
) -> None:
    desk = ChatTester(make_runner(db), db, user_id="101")
    await desk.send("/petugas")
    assert ENTRY not in desk.buttons and len(desk.buttons) <= 8  # the desk officer's menu pages
    await desk.send(ENTRY)
    desk.assert_reply("Data desa Desa Kenanga")
    staff = ChatTester(make_runner(db), db, user_id="102")
    await staff.send("/petugas")
    await staff.send("💼 Lowongan dan cek loker")  # staff may not publish job notices
    staff.assert_no_reply_contains("Papan lowongan")
