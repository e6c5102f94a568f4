"""Community parenting: a parent abroad follows their own child, and nobody else can.

Runs on SQLite and PostgreSQL through the real runner and storage. Updates reach parents
through the delivery engine; here we read the queue. Each refusal has its test: another
parent, a guessed id, a forged state, a used, expired, guessed or restricted code, desk
officers, village staff, another village's facilitator and a removed facilitator.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.messages import Attachment
from storage.admin import AdminStore
from storage.delivery_models import Delivery
from storage.models import Conversation, Resident
from storage.parenting_models import Child, ChildLink, ChildLinkCode, ChildUpdate, ChildUpdatePhoto
from tests.support.chat import FIXED_NOW, ChatTester, add_village, make_runner

KENANGA, KURIPAN = "3212010001", "3212020002"
PHOTO = Attachment("photo", file_id="AgAD-anak-1", mime_type="image/jpeg", size=40_000)


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncEngine:
    await add_village(engine, KENANGA, "Desa Kenanga")
    await add_village(engine, KURIPAN, "Desa Kuripan")
    store = AdminStore(engine)
    await store.add_officer("100", "coordinator", village_code=KENANGA, actor="t")
    await store.add_officer("101", "desk_officer", village_code=KENANGA, actor="t")
    await store.add_officer("102", "village_staff", village_code=KENANGA, actor="t")
    await store.add_officer("103", "parenting_facilitator", village_code=KENANGA, actor="t")
    await store.add_officer("203", "parenting_facilitator", village_code=KURIPAN, actor="t")
    return engine


def person(engine: AsyncEngine, user: str, **kw: object) -> ChatTester:
    return ChatTester(make_runner(engine, **kw), engine, user_id=user, name=f"Person {user}",  # type: ignore[arg-type]
                      language_code="en")  # fmt: skip


async def register_child(chat: ChatTester, name: str = "Ayu") -> None:
    await chat.send("/pengasuhan")
    await chat.tap("➕ Register a child")
    await chat.send(name)
    await chat.send("14-02-2016")
    await chat.send("SD Negeri 1 Kenanga")
    await chat.send("Mbah Sarinah")
    await chat.tap("Grandparent")
    await chat.tap("Mother")
    await chat.send("Taiwan")
    chat.assert_reply("Ayu" if name == "Ayu" else name, "14-02-2016", "Taiwan")
    await chat.tap("✅ Save")
    chat.assert_reply("Saved")


async def open_child(chat: ChatTester, name: str = "Ayu") -> None:
    await chat.send("/pengasuhan")
    await chat.tap("👶 Children")
    await chat.tap(name)


async def make_code(chat: ChatTester, relation: str = "mother", name: str = "Ayu") -> str:
    await open_child(chat, name)
    await chat.tap("🔗 Link code")
    await chat.tap(relation)
    found = re.search(r": ([A-Z0-9]{8})\n", chat.text)
    assert found, chat.text
    return found.group(1)


async def write_update(
    chat: ChatTester, text: str, *, photo: bool = False, name: str = "Ayu"
) -> None:
    await open_child(chat, name)
    await chat.tap("✍️ Write an update")
    await chat.tap("School")
    await chat.send(text)
    if "📷" in chat.text or "Send up to" in chat.text:
        if photo:
            await chat.send_media(PHOTO)
        await chat.tap("✅ Done")
    await chat.tap("📤 Send")
    chat.assert_reply("Sent to")


async def children(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(Child).order_by(Child.id))).all())


async def queued(engine: AsyncEngine, user: str) -> list[Any]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery).join(Resident, Resident.id == Delivery.resident_id)
            .where(Resident.external_id == user).order_by(Delivery.id)
        )  # fmt: skip
        return list(rows.all())


async def forge(engine: AsyncEngine, user: str, flow: str, node: str, data: dict[str, object],
                offered: list[list[str]]) -> None:  # fmt: skip
    async with engine.begin() as conn:
        rid = (await conn.execute(select(Resident.id).where(Resident.external_id == user))
               ).scalar_one()  # fmt: skip
        await conn.execute(
            update(Conversation).where(Conversation.resident_id == rid)
            .values(flow=flow, node=node, data=data, offered=offered)
        )  # fmt: skip


async def linked_parent(db: AsyncEngine, user: str = "900") -> tuple[ChatTester, ChatTester]:
    facilitator = person(db, "103")
    await register_child(facilitator)
    code = await make_code(facilitator)
    parent = person(db, user)
    await parent.send(f"/start anak-{code}")
    parent.assert_reply("Ayu", "Desa Kenanga", "mother")
    await parent.tap("✅ Yes, link me")
    parent.assert_reply("Linked!")
    return facilitator, parent


async def test_a_parent_links_with_a_code_and_receives_updates(db: AsyncEngine) -> None:
    facilitator, parent = await linked_parent(db)
    await write_update(facilitator, "Ayu got the best marks in reading this term.")
    (delivery,) = await queued(db, "900")
    assert "Ayu" in delivery.payload["text"] and "best marks" in delivery.payload["text"]
    assert "attachment" not in delivery.payload  # no consent: text only
    await parent.send("/anak")
    await parent.tap("👶 Ayu")
    parent.assert_reply("Ayu, 10 years old", "Mbah Sarinah", "best marks", "not agreed")


async def test_photos_only_with_the_caregivers_consent_and_deleted_with_the_child(
    db: AsyncEngine,
) -> None:
    facilitator, _ = await linked_parent(db)
    await open_child(facilitator)
    await facilitator.tap("📷 Caregiver agreed to photos")
    await write_update(facilitator, "Ayu at the village drawing class.", photo=True)
    (delivery,) = await queued(db, "900")
    assert delivery.payload["attachment"] == {"kind": "photo", "file_id": "AgAD-anak-1"}
    await open_child(facilitator)
    await facilitator.tap("🗑 Remove the child")
    await facilitator.tap("Yes, remove")
    async with db.connect() as conn:
        assert (await conn.execute(select(ChildUpdatePhoto))).all() == []
        assert (await conn.execute(select(ChildUpdate))).all() == []
    assert await children(db) == []


async def test_a_code_works_once(db: AsyncEngine) -> None:
    await linked_parent(db)
    other = person(db, "901")
    async with db.connect() as conn:
        code = (await conn.execute(select(ChildLinkCode.code))).scalar_one()
    await other.send(f"/start anak-{code}")
    other.assert_reply("does not work")
    await other.send("/anak")
    other.assert_no_reply_contains("Ayu")


async def test_an_expired_or_guessed_code_does_not_work(db: AsyncEngine) -> None:
    facilitator = person(db, "103")
    await register_child(facilitator)
    code = await make_code(facilitator)
    late = person(db, "900", clock=lambda: FIXED_NOW + timedelta(hours=73))
    await late.send(f"/start anak-{code}")
    late.assert_reply("does not work")
    guess = person(db, "901")
    await guess.send("/start anak-ABCDEFGH")
    guess.assert_reply("does not work")
    await guess.send("/anak")
    await guess.send("ABCDEFGH")
    guess.assert_reply("does not work")


async def test_another_parent_never_sees_the_child(db: AsyncEngine) -> None:
    facilitator, _ = await linked_parent(db)
    await write_update(facilitator, "Ayu had a fever but is well again now.")
    (child,) = await children(db)
    stranger = person(db, "901")
    await stranger.send("/anak")
    stranger.assert_no_reply_contains("Ayu")
    assert not any("Ayu" in b for b in stranger.buttons)
    await stranger.press(f"child:{child.id}")  # a forged button
    stranger.assert_no_reply_contains("Ayu", "fever")
    await forge(db, "901", "children", "child", {"child": child.id}, [["write", "💬 Message"]])
    await stranger.send("💬 Message")
    stranger.assert_reply("not among the children you follow")
    stranger.assert_no_reply_contains("fever")
    await forge(db, "901", "children", "write", {"child": child.id}, [])
    await stranger.send("forged message")
    await forge(db, "901", "children", "history", {"child": child.id + 1}, [])
    await stranger.send("/anak")
    stranger.assert_no_reply_contains("fever")
    assert await queued(db, "901") == []


@pytest.mark.parametrize("user", ["101", "102", "203"])
async def test_desk_officers_staff_and_other_villages_see_no_child(
    db: AsyncEngine, user: str
) -> None:
    await linked_parent(db)
    (child,) = await children(db)
    officer = person(db, user)
    await officer.send("/pengasuhan")
    if user == "203":
        officer.assert_reply("Desa Kuripan", "0 child")
    else:
        officer.assert_reply("Only the village's parenting facilitators")
    officer.assert_no_reply_contains("Ayu")
    village = KURIPAN if user == "203" else KENANGA
    await forge(db, user, "nurture", "child", {"village": village, "child": child.id},
                [["update", "✍️ Write an update"]])  # fmt: skip
    await officer.send("✍️ Write an update")
    officer.assert_no_reply_contains("Ayu", "Mbah Sarinah")
    await forge(db, user, "nurture", "text", {"village": village, "child": child.id,
                                              "topic": "school"}, [])  # fmt: skip
    await officer.send("A forged update about the child.")
    async with db.connect() as conn:
        assert (await conn.execute(select(ChildUpdate))).all() == []
    assert await queued(db, "900") == []


async def test_a_removed_facilitator_is_stopped_at_the_next_step(db: AsyncEngine) -> None:
    facilitator = person(db, "103")
    await register_child(facilitator)
    await open_child(facilitator)
    await facilitator.tap("✍️ Write an update")
    await facilitator.tap("School")
    await AdminStore(db).remove_officer("103", village_code=KENANGA, actor="t")
    await facilitator.send("Ayu passed the exam with good marks.")
    facilitator.assert_reply("not in this village's list")
    async with db.connect() as conn:
        assert (await conn.execute(select(ChildUpdate))).all() == []


async def test_a_restriction_blocks_a_link(db: AsyncEngine) -> None:
    facilitator = person(db, "103")
    await register_child(facilitator)
    code = await make_code(facilitator, "father")
    await open_child(facilitator)
    await facilitator.tap("⛔ Record a restriction")
    await facilitator.tap("father")
    await facilitator.tap("Court order")
    await facilitator.send("PN Indramayu 12/Pdt/2026")
    facilitator.assert_reply("Nobody can be linked as father")
    father = person(db, "902")
    await father.send(f"/start anak-{code}")
    father.assert_reply("does not work")
    await open_child(facilitator)
    await facilitator.tap("🔗 Link code")
    await facilitator.tap("father")
    facilitator.assert_reply("A restriction blocks links as father")


async def test_a_parent_unlinks_and_gets_no_more_news(db: AsyncEngine) -> None:
    facilitator, parent = await linked_parent(db)
    await parent.send("/anak")
    await parent.tap("👶 Ayu")
    await parent.tap("🔓 Stop following")
    await parent.tap("Yes, stop")
    parent.assert_reply("no longer follow Ayu")
    await write_update(facilitator, "Ayu joined the dance group this week.")
    assert await queued(db, "900") == []


async def test_replies_and_video_calls_reach_the_facilitator_and_back(db: AsyncEngine) -> None:
    facilitator, parent = await linked_parent(db)
    await parent.send("/anak")
    await parent.tap("👶 Ayu")
    await parent.tap("❓ Ask the facilitator")
    await parent.send("Does Ayu still need new school shoes?")
    parent.assert_reply("Sent")
    await parent.tap("📹 Ask for a video call")
    await parent.send("Sunday afternoons")
    await facilitator.send("/pengasuhan")
    await facilitator.tap("📨 Parents' messages (1)")
    await facilitator.tap("Person 900 · Ayu")
    await facilitator.send("Yes, we bought them on Saturday.")
    assert "bought them" in (await queued(db, "900"))[-1].payload["text"]
    await facilitator.send("/pengasuhan")
    await facilitator.tap("📹 Video call requests (1)")
    await facilitator.tap("Person 900 · Ayu")
    await facilitator.send("29-11-2026 16:00")
    facilitator.assert_reply("Confirmed for 29-11-2026 16:00")
    notice, reminder = (await queued(db, "900"))[-2:]
    assert "29-11-2026 16:00" in notice.payload["text"]
    assert reminder.not_before == datetime(2026, 11, 29, 8, 0, tzinfo=UTC)  # 15:00 WIB
    (mine,) = await queued(db, "103")
    assert mine.not_before == reminder.not_before


async def test_the_caregiver_confirms_where_the_village_wants_it(db: AsyncEngine) -> None:
    coordinator = person(db, "100")
    await coordinator.send("/pengasuhan")
    await coordinator.tap("⚙️ Caregiver confirms links: off")
    await coordinator.tap("Yes, caregiver confirms")
    await register_child(coordinator)
    caregiver_code = await make_code(coordinator, "caregiver at home")
    parent_code = await make_code(coordinator, "mother")
    parent = person(db, "900")
    await parent.send(f"/start anak-{parent_code}")
    await parent.tap("✅ Yes, link me")
    parent.assert_reply("confirm first")
    await parent.send("/anak")
    assert not any("Ayu" in b for b in parent.buttons)
    caregiver = person(db, "800")
    await caregiver.send(f"/start anak-{caregiver_code}")
    await caregiver.tap("✅ Yes, link me")
    await caregiver.send("/anak")
    await caregiver.tap("✅ Confirm waiting parents (1)")
    await caregiver.tap("✅ Person 900 (Ayu)")
    await caregiver.send("/anak")
    await caregiver.tap("👶 Ayu")
    await caregiver.tap("📷 Allow photos of the child")
    assert (await children(db))[0].photo_consent
    await parent.send("/anak")
    assert "👶 Ayu" in parent.buttons
    async with db.connect() as conn:
        statuses = (await conn.execute(select(ChildLink.relation, ChildLink.status))).all()
    assert sorted(statuses) == [("caregiver", "active"), ("mother", "active")]


async def test_an_update_written_at_22_wib_reaches_taipei_at_six_in_the_morning(
    db: AsyncEngine,
) -> None:
    late = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 22:00 in Jakarta, 23:00 in Taipei
    facilitator = person(db, "103", clock=lambda: late)
    await register_child(facilitator)
    code = await make_code(facilitator)
    parent = person(db, "900", clock=lambda: late)
    await parent.send(f"/start anak-{code}")
    await parent.tap("✅ Yes, link me")
    async with db.begin() as conn:
        await conn.execute(
            update(Resident).where(Resident.external_id == "900").values(timezone="Asia/Taipei")
        )
    await write_update(facilitator, "Ayu sang at the village festival tonight.")
    (delivery,) = await queued(db, "900")
    assert delivery.timezone == "Asia/Taipei"
    assert delivery.not_before == datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 06:00 in Taipei
