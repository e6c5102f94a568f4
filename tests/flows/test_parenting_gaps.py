"""Community parenting's corrections: revoked codes, lifted restrictions, waiting links, photos.

Runs like a chat on SQLite and PostgreSQL through the real runner and storage. Each refusal
has its test: a revoked code is refused like a guessed one, another village's facilitator
and a forged id change nothing, a lifted restriction restores no link, the waiting notice
never names the parent's phone, and a child's photos reach only a parent who follows the
child while the caregiver's consent holds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import AuditEntry, Resident
from storage.parenting_models import ChildLink, ChildLinkCode, ChildRestriction
from tests.flows.test_parenting import (
    children,
    db,
    forge,
    linked_parent,
    make_code,
    open_child,
    person,
    queued,
    register_child,
    write_update,
)
from tests.support.chat import FIXED_NOW, ChatTester

__all__ = ["db"]  # the fixture, shared with the parenting tests

KURIPAN = "3212020002"


def button(chat: ChatTester, start: str) -> str:
    """The label of the keyboard's button that starts with ``start``."""
    found = [b for b in chat.buttons if b.startswith(start)]
    assert found, f"no button starting {start!r}: {chat.buttons}"
    return found[0]


async def audited(engine: AsyncEngine, action: str) -> list[object]:
    async with engine.connect() as conn:
        return list(
            (await conn.execute(select(AuditEntry).where(AuditEntry.action == action))).all()
        )


async def test_a_revoked_code_is_refused_like_an_invalid_one(db: AsyncEngine) -> None:
    facilitator = person(db, "103")
    await register_child(facilitator)
    code = await make_code(facilitator, "father")
    kept = await make_code(facilitator, "mother")
    await open_child(facilitator)
    await facilitator.tap("🚫 Revoke a link code")
    facilitator.assert_reply("Open link codes of Ayu")
    assert any(code in b for b in facilitator.buttons)
    await facilitator.tap(button(facilitator, f"🚫 {code}"))
    facilitator.assert_reply(f"Code {code} is revoked")
    wrong = person(db, "902")
    await wrong.send(f"/start anak-{code}")
    wrong.assert_reply("This code does not work")
    wrong.assert_no_reply_contains("Ayu")
    await wrong.send("/anak")
    await wrong.send(code)
    wrong.assert_reply("does not work")
    await open_child(facilitator)
    await facilitator.tap("🚫 Revoke a link code")
    assert not any(code in b for b in facilitator.buttons)  # gone from the open list
    assert any(kept in b for b in facilitator.buttons)  # the other one still works
    mother = person(db, "900")
    await mother.send(f"/start anak-{kept}")
    await mother.tap("✅ Yes, link me")
    mother.assert_reply("Linked!")
    assert len(await audited(db, "parenting.code_revoked")) == 1


async def test_a_code_spent_meanwhile_or_of_another_village_is_not_revoked(
    db: AsyncEngine,
) -> None:
    facilitator, _ = await linked_parent(db)  # the code was spent by the mother
    (child,) = await children(db)
    async with db.connect() as conn:
        spent = (await conn.execute(select(ChildLinkCode.code))).scalar_one()
    await open_child(facilitator)
    await facilitator.tap("🚫 Revoke a link code")
    facilitator.assert_reply("Ayu has no open link codes")
    await facilitator.press(f"code:{spent}")  # forged: a spent code
    other = person(db, "203")  # Kuripan's facilitator
    await other.send("/pengasuhan")
    code = await make_code(facilitator, "father")
    await forge(db, "203", "nurture", "codes", {"village": KURIPAN, "child": child.id}, [])
    await other.press(f"code:{code}")
    other.assert_reply("not in this village's list")
    async with db.connect() as conn:
        revoked = (await conn.execute(select(ChildLinkCode.revoked_at))).scalars().all()
    assert revoked == [None, None]
    assert await audited(db, "parenting.code_revoked") == []
    father = person(db, "902")
    await father.send(f"/start anak-{code}")
    father.assert_reply("as their father")


async def test_lifting_a_restriction_keeps_its_record_and_restores_no_link(
    db: AsyncEngine,
) -> None:
    facilitator, mother = await linked_parent(db)
    await open_child(facilitator)
    assert "✅ Lift a restriction" not in facilitator.buttons  # nothing to lift yet
    await facilitator.tap("⛔ Record a restriction")
    await facilitator.tap("mother")
    await facilitator.tap("Family agreement")
    await facilitator.send("Agreed with the grandmother on 20-11")
    await mother.send("/anak")
    assert "👶 Ayu" not in mother.buttons  # the restriction ended her link
    await open_child(facilitator)
    await facilitator.tap("✅ Lift a restriction")
    facilitator.assert_reply("Restrictions in force for Ayu")
    await facilitator.tap(button(facilitator, "mother · Family agreement"))
    facilitator.assert_reply("Why?", "Agreed with the grandmother")
    await facilitator.send("ok")
    facilitator.assert_reply("write a little more")
    await facilitator.send("Recorded in error: it was about another child")
    facilitator.assert_reply("Links it ended stay ended", "needs a new link code")
    await mother.send("/anak")
    assert "👶 Ayu" not in mother.buttons  # not restored
    async with db.connect() as conn:
        (row,) = (await conn.execute(select(ChildRestriction))).all()
        statuses = (await conn.execute(select(ChildLink.status))).scalars().all()
    assert row.lifted_at is not None and row.lifted_by == "103"
    assert row.lift_reason.startswith("Recorded in error") and row.note.startswith("Agreed")
    assert statuses == ["blocked"]
    await open_child(facilitator)
    facilitator.assert_reply("Restrictions: none")
    assert "✅ Lift a restriction" not in facilitator.buttons
    code = await make_code(facilitator, "mother")  # a new code works again
    await mother.send(f"/start anak-{code}")
    await mother.tap("✅ Yes, link me")
    mother.assert_reply("Linked!")
    (entry,) = await audited(db, "parenting.restriction_lifted")
    assert entry.detail["reason"].startswith("Recorded in error")  # type: ignore[attr-defined]


async def test_another_village_cannot_lift_a_restriction(db: AsyncEngine) -> None:
    facilitator = person(db, "103")
    await register_child(facilitator)
    await open_child(facilitator)
    await facilitator.tap("⛔ Record a restriction")
    await facilitator.tap("father")
    await facilitator.tap("Court order")
    await facilitator.send("PN Indramayu 12/Pdt/2026")
    (child,) = await children(db)
    async with db.connect() as conn:
        restriction = (await conn.execute(select(ChildRestriction.id))).scalar_one()
    other = person(db, "203")
    await other.send("/pengasuhan")
    data = {"village": KURIPAN, "child": child.id, "restriction": restriction}
    await forge(db, "203", "nurture", "lift_reason", data, [])
    await other.send("Forged: lifted by another village")
    other.assert_reply("not in this village's list")
    staff = person(db, "102")  # village staff of Kenanga: no parenting role
    await staff.send("/start")
    await forge(db, "102", "nurture", "lift_reason", {**data, "village": "3212010001"}, [])
    await staff.send("Forged: lifted by village staff")
    staff.assert_no_reply_contains("Lifted")
    async with db.connect() as conn:
        assert (await conn.execute(select(ChildRestriction.lifted_at))).scalar_one() is None
    father = person(db, "902")
    await open_child(facilitator)
    await facilitator.tap("🔗 Link code")
    await facilitator.tap("father")
    facilitator.assert_reply("A restriction blocks links as father")
    await father.send("/anak")
    assert await audited(db, "parenting.restriction_lifted") == []


async def _confirming_village(db: AsyncEngine) -> ChatTester:
    coordinator = person(db, "100")
    await coordinator.send("/pengasuhan")
    await coordinator.tap("⚙️ Caregiver confirms links: off")
    await coordinator.tap("Yes, caregiver confirms")
    await register_child(coordinator)
    return coordinator


async def test_the_team_is_told_when_a_parent_waits_and_can_record_the_answer(
    db: AsyncEngine,
) -> None:
    coordinator = await _confirming_village(db)
    facilitator = person(db, "103")
    await facilitator.send("/pengasuhan")
    other_village = person(db, "203")
    await other_village.send("/pengasuhan")
    async with db.begin() as conn:  # the facilitator reads Indonesian
        await conn.execute(
            update(Resident).where(Resident.external_id == "103").values(locale="id")
        )
    code = await make_code(coordinator, "mother")
    parent = person(db, "900")
    await parent.send(f"/start anak-{code}")
    await parent.tap("✅ Yes, link me")
    parent.assert_reply("confirm first")
    (told_coordinator,) = await queued(db, "100")
    (told_facilitator,) = await queued(db, "103")
    assert await queued(db, "203") == []  # another village's team is not told
    text = told_coordinator.payload["text"]
    assert "Ayu" in text and "mother" in text and "⏳ Links waiting" in text
    assert "Person 900" not in text
    assert "ibu" in told_facilitator.payload["text"]  # in the facilitator's language
    assert told_coordinator.not_before == FIXED_NOW  # 10:00 WIB: at once
    await coordinator.send("/pengasuhan")
    await coordinator.tap("⏳ Links waiting (1)")
    await coordinator.tap(button(coordinator, "⏳ Person 900"))
    coordinator.assert_reply("Person 900 asked to follow Ayu as mother")
    await coordinator.tap("✅ Caregiver confirmed")
    coordinator.assert_reply("Person 900 now follows Ayu")
    await parent.send("/anak")
    assert "👶 Ayu" in parent.buttons
    assert len(await audited(db, "parenting.link_decided_at_desk")) == 1


async def test_the_waiting_notice_respects_quiet_hours_and_no_notice_without_the_rule(
    db: AsyncEngine,
) -> None:
    facilitator = person(db, "103")
    await register_child(facilitator)
    code = await make_code(facilitator, "mother")
    parent = person(db, "900")
    await parent.send(f"/start anak-{code}")
    await parent.tap("✅ Yes, link me")
    parent.assert_reply("Linked!")
    assert await queued(db, "103") == []  # no rule: nothing waits, nobody is told
    coordinator = await _confirming_village(db)
    late = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 22:00 WIB
    code = await make_code(coordinator, "father", "Ayu")
    father = person(db, "902", clock=lambda: late)
    await father.send(f"/start anak-{code}")
    await father.tap("✅ Yes, link me")
    (told,) = await queued(db, "103")
    assert told.not_before == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)  # 06:00 WIB


async def test_only_the_villages_team_records_a_caregivers_answer(db: AsyncEngine) -> None:
    coordinator = await _confirming_village(db)
    code = await make_code(coordinator, "mother")
    parent = person(db, "900")
    await parent.send(f"/start anak-{code}")
    await parent.tap("✅ Yes, link me")
    async with db.connect() as conn:
        link = (await conn.execute(select(ChildLink.id))).scalar_one()
    for user, village in (("203", KURIPAN), ("101", "3212010001")):
        officer = person(db, user)
        await officer.send("/pengasuhan")
        await forge(db, user, "nurture", "waiting_one", {"village": village, "link": link},
                    [["yes", "✅ Caregiver confirmed"]])  # fmt: skip
        await officer.send("✅ Caregiver confirmed")
        officer.assert_no_reply_contains("now follows")
    await parent.send("/anak")
    assert "👶 Ayu" not in parent.buttons
    async with db.connect() as conn:
        assert (await conn.execute(select(ChildLink.status))).scalar_one() == "pending"


async def _photo_update(db: AsyncEngine) -> tuple[ChatTester, ChatTester]:
    facilitator, parent = await linked_parent(db)
    await open_child(facilitator)
    await facilitator.tap("📷 Caregiver agreed to photos")
    await write_update(facilitator, "Ayu at the village drawing class.", photo=True)
    return facilitator, parent


async def test_a_linked_parent_gets_the_latest_photos_again_in_my_children(
    db: AsyncEngine,
) -> None:
    _, parent = await _photo_update(db)
    before = len(await queued(db, "900"))
    await parent.send("/anak")
    await parent.tap("👶 Ayu")
    parent.assert_reply("drawing class", "📷 1")
    again = (await queued(db, "900"))[before:]
    assert [d.payload["attachment"] for d in again] == [{"kind": "photo", "file_id": "AgAD-anak-1"}]
    assert "Ayu" in again[0].payload["text"] and again[0].urgent
    await parent.tap("📜 All news")  # coming back to the child does not send them again
    assert len(await queued(db, "900")) == before + 1


async def test_no_photos_without_consent_or_for_someone_not_following(db: AsyncEngine) -> None:
    facilitator, parent = await _photo_update(db)
    (child,) = await children(db)
    before = len(await queued(db, "900"))
    await open_child(facilitator)
    await facilitator.tap("📷 Caregiver withdrew photo consent")
    await parent.send("/anak")
    await parent.tap("👶 Ayu")
    parent.assert_reply("drawing class")
    assert len(await queued(db, "900")) == before  # consent withdrawn since: no photos
    stranger = person(db, "901")
    await stranger.send("/anak")
    await stranger.press(f"child:{child.id}")  # a forged button
    stranger.assert_no_reply_contains("drawing")
    assert await queued(db, "901") == []
    await open_child(facilitator)
    await facilitator.tap("📷 Caregiver agreed to photos")
    await open_child(facilitator)
    await facilitator.tap("⛔ Record a restriction")
    await facilitator.tap("mother")
    await facilitator.tap("Court order")
    await facilitator.send("PN Indramayu 3/Pdt/2026")
    await parent.send("/anak")
    await parent.press(f"child:{child.id}")  # restricted: her link has ended
    parent.assert_no_reply_contains("drawing")
    assert len(await queued(db, "900")) == before
