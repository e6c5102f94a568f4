"""The parenting corrections' storage contract, on SQLite and PostgreSQL.

A revoked code links nobody; a code is revoked, a restriction lifted and a waiting link
decided only by a parenting officer of the child's village, whatever ids a forged effect
names; lifting keeps the record and restores no link; the team hears of a waiting link only
where the village wants the caregiver's confirmation; a child's photos go again only to a
parent actively linked while the consent holds.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.parenting import (
    ChildLinkCodeCreated,
    ChildLinkCodeRevoked,
    ChildLinked,
    ChildPhotosShown,
    ChildRestrictionLifted,
    ChildRestrictionRecorded,
    ChildUpdatePosted,
    LinkDecidedAtDesk,
    PhotoConsentGiven,
    VillageConfirmationSet,
)
from storage.admin import AdminStore
from storage.delivery_models import Delivery
from storage.models import AuditEntry, Resident
from storage.parenting_models import Child, ChildLink, ChildLinkCode, ChildRestriction, ChildUpdate
from storage.parenting_queries import SqlParentingQueries
from tests.storage.test_parenting import KENANGA, KURIPAN, _apply, _people, _register
from tests.support.chat import FIXED_NOW

EXPIRES = FIXED_NOW + timedelta(hours=72)


async def _child(engine: AsyncEngine) -> tuple[dict[str, int], int]:
    ids = await _people(engine)
    await _apply(engine, ids["fac"], _register("fac", KENANGA))
    async with engine.connect() as conn:
        return ids, (await conn.execute(select(Child.id))).scalar_one()


def _code(child: int, code: str, relation: str = "mother") -> ChildLinkCodeCreated:
    return ChildLinkCodeCreated("telegram", "fac", KENANGA, child, code, relation, EXPIRES)  # type: ignore[arg-type]


async def _all(engine: AsyncEngine, *columns: object) -> list[object]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(*columns))).all())  # type: ignore[call-overload]


async def _actions(engine: AsyncEngine) -> list[str]:
    return [r[0] for r in await _all(engine, AuditEntry.action)]  # type: ignore[index]


async def test_a_revoked_code_links_nobody_and_only_the_village_revokes(
    engine: AsyncEngine,
) -> None:
    ids, child = await _child(engine)
    await _apply(engine, ids["fac"], _code(child, "REVOKE23"), _code(child, "KEEPIT23"))
    forged = [
        ChildLinkCodeRevoked("telegram", "other", KURIPAN, child, "REVOKE23"),  # other village
        ChildLinkCodeRevoked("telegram", "other", KENANGA, child, "REVOKE23"),  # no role there
        ChildLinkCodeRevoked("telegram", "fac", KENANGA, child + 1, "REVOKE23"),  # wrong child
    ]
    await _apply(engine, ids["other"], *forged[:2])
    await _apply(engine, ids["fac"], forged[2])
    async with engine.connect() as conn:
        queries = SqlParentingQueries(conn)
        found = {c.code for c in await queries.open_codes(KENANGA, child, FIXED_NOW)}
        assert found == {"KEEPIT23", "REVOKE23"}  # the forged revocations changed nothing
        assert await queries.open_codes(KURIPAN, child, FIXED_NOW) == []  # another desk
    await _apply(engine, ids["fac"], ChildLinkCodeRevoked("telegram", "fac", KENANGA, child,
                                                          "REVOKE23"))  # fmt: skip
    await _apply(engine, ids["mother"], ChildLinked("REVOKE23", FIXED_NOW))
    async with engine.connect() as conn:
        queries = SqlParentingQueries(conn)
        row = await queries.link_code("REVOKE23")
        assert row is not None and row.revoked
        assert [c.code for c in await queries.open_codes(KENANGA, child, FIXED_NOW)] == ["KEEPIT23"]
        assert await queries.my_children(ids["mother"]) == []
    by = sorted(r[0] for r in await _all(engine, ChildLinkCode.revoked_by))  # type: ignore[index]
    assert by == ["", "fac"]
    assert await _all(engine, ChildLink.id) == []
    assert (await _actions(engine)).count("parenting.code_revoked") == 1
    await _apply(engine, ids["mother"], ChildLinked("KEEPIT23", FIXED_NOW))
    await _apply(
        engine, ids["fac"], ChildLinkCodeRevoked("telegram", "fac", KENANGA, child, "KEEPIT23")
    )  # spent: unchanged
    async with engine.connect() as conn:
        spent = (
            await conn.execute(select(ChildLinkCode).where(ChildLinkCode.code == "KEEPIT23"))
        ).one()
    assert spent.revoked_at is None and spent.used_by == ids["mother"]
    assert (await _actions(engine)).count("parenting.code_revoked") == 1


async def test_lifting_keeps_the_record_restores_no_link_and_unblocks_new_codes(
    engine: AsyncEngine,
) -> None:
    ids, child = await _child(engine)
    await _apply(engine, ids["fac"], _code(child, "MOTHER23"))
    await _apply(engine, ids["mother"], ChildLinked("MOTHER23", FIXED_NOW))
    restrict = ChildRestrictionRecorded("telegram", "fac", KENANGA, child, "mother",
                                        "court_order", "PN 1/2026")  # fmt: skip
    await _apply(engine, ids["fac"], restrict, _code(child, "AGAIN234"))
    async with engine.connect() as conn:
        (rid,) = (await conn.execute(select(ChildRestriction.id))).scalars().all()
        assert await SqlParentingQueries(conn).restrictions_in_force(KURIPAN, child) == []
    await _apply(
        engine, ids["other"],
        ChildRestrictionLifted("telegram", "other", KURIPAN, child, rid, "forged"),
        ChildRestrictionLifted("telegram", "other", KENANGA, child, rid, "forged"),
    )  # fmt: skip
    await _apply(engine, ids["fac"],
                 ChildRestrictionLifted("telegram", "fac", KENANGA, child + 1, rid, "wrong"),
                 ChildRestrictionLifted("telegram", "fac", KENANGA, child, rid, "   "))  # fmt: skip
    await _apply(engine, ids["stranger"], ChildLinked("AGAIN234", FIXED_NOW))
    assert await _all(engine, ChildLink.status) == [("blocked",)]  # still blocked
    assert await _all(engine, ChildRestriction.lifted_at) == [(None,)]
    lift = ChildRestrictionLifted("telegram", "fac", KENANGA, child, rid, "Court lifted it")
    await _apply(engine, ids["fac"], lift, lift)  # the second one finds nothing in force
    (row,) = await _all(engine, ChildRestriction)
    assert row.lifted_by == "fac" and row.lift_reason == "Court lifted it"  # type: ignore[attr-defined]
    assert row.note == "PN 1/2026"  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        queries = SqlParentingQueries(conn)
        assert await queries.restrictions_in_force(KENANGA, child) == []
        found = await queries.village_child(KENANGA, child)
        assert found is not None and found.restricted == ()
        assert await queries.my_children(ids["mother"]) == []  # not restored
    await _apply(engine, ids["mother"], ChildLinked("AGAIN234", FIXED_NOW))  # a new code works
    statuses = sorted(r[0] for r in await _all(engine, ChildLink.status))  # type: ignore[index]
    assert statuses == ["active", "blocked"]
    assert (await _actions(engine)).count("parenting.restriction_lifted") == 1


async def test_a_waiting_link_tells_the_villages_team_and_only_it_decides(
    engine: AsyncEngine,
) -> None:
    ids, child = await _child(engine)
    await AdminStore(engine).add_officer("coord", "coordinator", village_code=KENANGA, actor="t")
    await _apply(engine, ids["fac"], _code(child, "NORULE23"))
    notices = {"en": "a link waits for Dewi", "id": "tautan menunggu untuk Dewi"}
    await _apply(engine, ids["mother"], ChildLinked("NORULE23", FIXED_NOW, notices))
    assert await _all(engine, Delivery.id) == []  # no rule: the link is active, nobody told
    async with engine.begin() as conn:  # the facilitator reads Indonesian
        await conn.execute(update(Resident).where(Resident.external_id == "fac")
                           .values(locale="id"))  # fmt: skip
    await AdminStore(engine).add_officer("fac", "coordinator", village_code=KENANGA, actor="t")
    await _apply(engine, ids["fac"],
                 VillageConfirmationSet("telegram", "fac", KENANGA, True),
                 _code(child, "WAITS234", "father"))  # fmt: skip
    await _apply(engine, ids["stranger"], ChildLinked("WAITS234", FIXED_NOW, notices))
    told = await _all(engine, Delivery.resident_id, Delivery.payload, Delivery.kind)
    assert [(r[0], r[1]["text"]) for r in told] == [  # type: ignore[index]
        (ids["fac"], "tautan menunggu untuk Dewi")
    ]  # once though two roles, in Indonesian; "coord" has no chat; Kuripan's is not told
    async with engine.connect() as conn:
        queries = SqlParentingQueries(conn)
        (waiting,) = await queries.waiting_links(KENANGA)
        assert await queries.waiting_links(KURIPAN) == []
    await _apply(
        engine, ids["other"],
        LinkDecidedAtDesk("telegram", "other", KURIPAN, waiting.link_id, True),
        LinkDecidedAtDesk("telegram", "other", KENANGA, waiting.link_id, True),
    )  # fmt: skip
    async with engine.connect() as conn:
        status = (
            await conn.execute(select(ChildLink.status).where(ChildLink.id == waiting.link_id))
        ).scalar_one()
    assert status == "pending"
    await _apply(engine, ids["fac"],
                 LinkDecidedAtDesk("telegram", "fac", KENANGA, waiting.link_id, False))  # fmt: skip
    async with engine.connect() as conn:
        row = (await conn.execute(select(ChildLink).where(ChildLink.id == waiting.link_id))).one()
    assert row.status == "ended" and row.ended_reason == "refused by caregiver"
    assert (await _actions(engine)).count("parenting.link_decided_at_desk") == 1


async def test_photos_go_again_only_through_an_active_link_with_consent(
    engine: AsyncEngine,
) -> None:
    ids, child = await _child(engine)
    await _apply(engine, ids["fac"], _code(child, "PHOTOS23"))
    await _apply(engine, ids["mother"], ChildLinked("PHOTOS23", FIXED_NOW))
    await _apply(engine, ids["fac"],
                 PhotoConsentGiven(child, True, "telegram", "fac", KENANGA),
                 ChildUpdatePosted("telegram", "fac", KENANGA, child, "school", "Dewi draws",
                                   ("F1", "F2", "F3"), FIXED_NOW, {"id": "Dewi"}))  # fmt: skip
    async with engine.connect() as conn:
        update_id = (await conn.execute(select(ChildUpdate.id))).scalar_one()
    posted = len(await _all(engine, Delivery.id))
    shown = ChildPhotosShown(child, update_id, "📷 Dewi")
    await _apply(engine, ids["stranger"], shown)  # not linked
    await _apply(engine, ids["mother"], ChildPhotosShown(child + 1, update_id, "x"))  # forged
    assert len(await _all(engine, Delivery.id)) == posted
    await _apply(engine, ids["mother"], shown)
    again = await _all(engine, Delivery.resident_id, Delivery.payload, Delivery.urgent)
    mine = again[posted:]
    assert [r[1]["attachment"]["file_id"] for r in mine] == ["F1", "F2", "F3"]  # type: ignore[index]
    assert all(r[0] == ids["mother"] and r[2] for r in mine)  # type: ignore[index]
    assert mine[0][1]["text"] == "📷 Dewi"  # type: ignore[index]
    await _apply(engine, ids["fac"], PhotoConsentGiven(child, False, "telegram", "fac", KENANGA))
    await _apply(engine, ids["mother"], shown)  # consent withdrawn since
    assert len(await _all(engine, Delivery.id)) == posted + 3
