"""The storage contract, on every backend (SQLite file and PostgreSQL) through the real engine.

Each test works on a fresh schema (the ``engine`` fixture) and checks the rows the village
office would see, not just what the Python objects say.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.effects import LanguageChosen, VillageJoined
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.ports import ConversationState
from flows.engine.ports import Village as VillageView
from storage.admin import AdminError, AdminStore
from storage.models import (
    AuditEntry,
    Conversation,
    Officer,
    OutboxMessage,
    Resident,
    Village,
    table_of,
    utcnow,
)
from storage.outbox import MAX_ATTEMPTS, OutboxStore, payload_reply
from storage.unit_of_work import SqlUnitOfWork
from tests.support.queries import officer_queries_of

residents = table_of(Resident)
villages = table_of(Village)
officers = table_of(Officer)
conversations = table_of(Conversation)
outbox = table_of(OutboxMessage)
audit = table_of(AuditEntry)

VILLAGE_CODE = "3201010001"


def message(
    user: str = "1001",
    *,
    chat: str | None = None,
    name: str = "Siti",
    language: str | None = "id",
    channel: str = "telegram",
) -> Inbound:
    return Inbound(
        channel=channel,
        user_id=user,
        chat_id=chat or user,
        text="halo",
        display_name=name,
        language_code=language,
    )


async def fetch_all(engine: AsyncEngine, table: Any, *where: Any) -> list[Any]:
    query = select(table).where(*where)
    if "id" in table.c:
        query = query.order_by(table.c.id)
    async with engine.connect() as conn:
        return list((await conn.execute(query)).all())


async def fetch_one(engine: AsyncEngine, table: Any, *where: Any) -> Any:
    rows = await fetch_all(engine, table, *where)
    assert len(rows) == 1, rows
    return rows[0]


async def count(engine: AsyncEngine, table: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def register(engine: AsyncEngine, inbound: Inbound) -> int:
    """Identify (register) a person and commit; return their id."""
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(inbound)
        await uow.commit()
    return person.id


async def queue(engine: AsyncEngine, replies: list[Reply], user: str = "1001") -> list[int]:
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message(user))
        ids = await uow.enqueue_replies(person.id, "telegram", user, replies)
        await uow.commit()
    return list(ids)


# --- identify ---------------------------------------------------------------------------------


async def test_identify_registers_a_new_person_then_finds_them(engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(engine) as uow:
        first = await uow.identify(message(name="Siti", language="id"))
        await uow.commit()
    assert first.is_new
    assert (first.channel, first.external_id, first.display_name) == ("telegram", "1001", "Siti")
    assert first.locale is None and first.village is None

    async with SqlUnitOfWork(engine) as uow:
        again = await uow.identify(message(name="Siti", language="id"))
        await uow.commit()
    assert not again.is_new
    assert again.id == first.id

    row = await fetch_one(engine, residents)
    assert (row.id, row.channel, row.external_id, row.chat_id) == (
        first.id,
        "telegram",
        "1001",
        "1001",
    )
    assert row.status == "active"
    assert row.created_at.tzinfo is not None


async def test_identify_refreshes_name_language_and_chat(engine: AsyncEngine) -> None:
    person_id = await register(engine, message(chat="1001", name="Siti", language="id"))

    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message(chat="5005", name="Siti Aminah", language="en"))
        await uow.commit()
    assert person.id == person_id
    assert (person.display_name, person.language_code) == ("Siti Aminah", "en")
    row = await fetch_one(engine, residents)
    assert (row.display_name, row.language_code, row.chat_id) == ("Siti Aminah", "en", "5005")

    # A later message without a name or language keeps what is known.
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message(chat="5005", name="", language=None))
        await uow.commit()
    assert (person.display_name, person.language_code) == ("Siti Aminah", "en")
    row = await fetch_one(engine, residents)
    assert (row.display_name, row.language_code) == ("Siti Aminah", "en")


async def test_same_account_id_on_another_channel_is_another_person(engine: AsyncEngine) -> None:
    telegram = await register(engine, message("77", channel="telegram"))
    async with SqlUnitOfWork(engine) as uow:
        console = await uow.identify(message("77", channel="console"))
        await uow.commit()
    assert console.is_new and console.id != telegram
    assert await count(engine, residents) == 2


async def test_unreachable_resident_is_active_again_when_they_write(engine: AsyncEngine) -> None:
    person_id = await register(engine, message("1001", chat="1001"))
    other_id = await register(engine, message("2002", chat="2002"))

    await OutboxStore(engine).mark_unreachable("telegram", "1001")
    row = await fetch_one(engine, residents, residents.c.id == person_id)
    assert row.status == "unreachable"
    assert row.unreachable_since is not None
    assert abs(row.unreachable_since - utcnow()) < timedelta(minutes=1)
    other = await fetch_one(engine, residents, residents.c.id == other_id)
    assert (other.status, other.unreachable_since) == ("active", None)

    await register(engine, message("1001", chat="1001"))
    row = await fetch_one(engine, residents, residents.c.id == person_id)
    assert (row.status, row.unreachable_since) == ("active", None)


async def test_mark_unreachable_only_matches_the_channel_too(engine: AsyncEngine) -> None:
    person_id = await register(engine, message("1001", chat="1001", channel="console"))
    await OutboxStore(engine).mark_unreachable("telegram", "1001")
    row = await fetch_one(engine, residents, residents.c.id == person_id)
    assert row.status == "active"


# --- conversation state -----------------------------------------------------------------------

STATE = ConversationState(
    flow="villages",
    node="ask_code",
    data={"tries": 2, "code": "3201010001", "nested": {"list": [1, "dua", None], "ok": True}},
    offered=(("1", "Ya"), ("2", "Tidak — nanti saja")),
    last_update_id=2**40 + 7,  # Telegram update ids do not fit in 32 bits
)


async def test_state_round_trip_and_update(engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message())
        assert await uow.load_state(person.id) is None
        await uow.save_state(person.id, STATE)
        await uow.commit()

    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message())
        loaded = await uow.load_state(person.id)
        assert loaded == STATE
        assert loaded is not None and isinstance(loaded.offered[0], tuple)
        changed = ConversationState("main_menu", "menu", {}, (), 2**40 + 8)
        await uow.save_state(person.id, changed)
        await uow.commit()

    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message())
        assert await uow.load_state(person.id) == changed
    assert await count(engine, conversations) == 1
    row = await fetch_one(engine, conversations)
    assert (row.flow, row.node, row.data, row.offered) == ("main_menu", "menu", {}, [])


async def test_finish_saves_state_and_queues_replies_in_order(engine: AsyncEngine) -> None:
    """A message's end (new state plus its replies), first and returning, on every backend.

    On PostgreSQL a returning person's state and replies go in one statement: the replies must
    still be queued in order, for this person only, and the state saved with them.
    """
    replies = [Reply("satu", (Choice("a", "A"),)), Reply("dua"), Reply("tiga")]
    other = await register(engine, message("2002"))
    for round_, state in enumerate((STATE, ConversationState("main_menu", "menu", {"n": 2}))):
        async with SqlUnitOfWork(engine) as uow:
            person = await uow.identify(message())
            await uow.load_state(person.id)
            ids = await uow.finish(person.id, state, "telegram", "1001", replies[round_:])
            await uow.commit()
        rows = await fetch_all(engine, outbox, outbox.c.id.in_(ids))
        assert [r.id for r in rows] == list(ids)
        assert [payload_reply(r.payload) for r in rows] == replies[round_:]
        assert {(r.resident_id, r.chat_id, r.status) for r in rows} == {
            (person.id, "1001", "pending")
        }
        async with SqlUnitOfWork(engine) as uow:
            await uow.identify(message())
            assert await uow.load_state(person.id) == state
    assert person.id != other
    assert await fetch_all(engine, outbox, outbox.c.resident_id == other) == []


async def test_load_state_sees_a_save_made_earlier_in_the_same_unit(engine: AsyncEngine) -> None:
    """Reading after writing in one transaction returns the write, on every backend."""
    person_id = await register(engine, message())
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message())
        assert person.id == person_id
        assert await uow.load_state(person.id) is None
        await uow.save_state(person.id, STATE)
        assert await uow.load_state(person.id) == STATE
        await uow.commit()


async def test_two_people_never_see_each_others_state(engine: AsyncEngine) -> None:
    a_state = ConversationState("start", "ask_name", {"name": "Ani"}, (("1", "Ani"),), 10)
    b_state = ConversationState("office", "hours", {"secret": "B's"}, (("9", "B"),), 20)
    ids = {}
    for user, state in (("111", a_state), ("222", b_state)):
        async with SqlUnitOfWork(engine) as uow:
            person = await uow.identify(message(user))
            await uow.save_state(person.id, state)
            await uow.commit()
        ids[user] = person.id
    assert ids["111"] != ids["222"]

    for user, mine, theirs in (("111", a_state, b_state), ("222", b_state, a_state)):
        async with SqlUnitOfWork(engine) as uow:
            person = await uow.identify(message(user))
            assert person.id == ids[user]
            own = await uow.load_state(person.id)
            assert own == mine
            assert own != theirs

    # A newcomer starts with no state, not with somebody else's.
    async with SqlUnitOfWork(engine) as uow:
        newcomer = await uow.identify(message("333"))
        assert newcomer.is_new
        assert await uow.load_state(newcomer.id) is None
        # Asking by id gives exactly that person's row, whoever was identified first.
        assert await uow.load_state(ids["222"]) == b_state


# --- rollback ---------------------------------------------------------------------------------


async def test_nothing_is_saved_without_commit(engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message())
        await uow.save_state(person.id, STATE)
        await uow.apply(person.id, LanguageChosen("en"))
        ids = await uow.enqueue_replies(person.id, "telegram", "1001", [Reply("Halo")])
        assert len(ids) == 1
        # no commit

    for table in (residents, conversations, outbox):
        assert await count(engine, table) == 0, table.name


async def test_an_error_rolls_back_and_propagates(engine: AsyncEngine) -> None:
    person_id = await register(engine, message())
    with pytest.raises(RuntimeError, match="flow crashed"):
        async with SqlUnitOfWork(engine) as uow:
            await uow.identify(message())
            await uow.save_state(person_id, STATE)
            await uow.apply(person_id, LanguageChosen("jv"))
            raise RuntimeError("flow crashed")

    assert await count(engine, conversations) == 0
    assert (await fetch_one(engine, residents)).locale is None
    # The engine is still usable afterwards (the connection went back to the pool).
    async with SqlUnitOfWork(engine) as uow:
        assert await uow.load_state(person_id) is None


async def test_unit_of_work_outside_async_with_is_refused(engine: AsyncEngine) -> None:
    uow = SqlUnitOfWork(engine)
    with pytest.raises(RuntimeError, match="async with"):
        await uow.identify(message())


# --- effects ----------------------------------------------------------------------------------


async def test_apply_language_chosen(engine: AsyncEngine) -> None:
    person_id = await register(engine, message())
    other_id = await register(engine, message("2002"))
    async with SqlUnitOfWork(engine) as uow:
        await uow.apply(person_id, LanguageChosen("jv"))
        await uow.commit()

    assert (await fetch_one(engine, residents, residents.c.id == person_id)).locale == "jv"
    assert (await fetch_one(engine, residents, residents.c.id == other_id)).locale is None
    async with SqlUnitOfWork(engine) as uow:
        assert (await uow.identify(message())).locale == "jv"


async def test_apply_village_joined(engine: AsyncEngine) -> None:
    await AdminStore(engine).add_village(VILLAGE_CODE, "Sukamaju", "Asia/Jakarta", actor="t")
    await AdminStore(engine).add_village("5201010002", "Lombok Desa", "Asia/Makassar", actor="t")
    person_id = await register(engine, message())
    async with SqlUnitOfWork(engine) as uow:
        await uow.apply(person_id, VillageJoined("5201010002", via="typed"))
        await uow.commit()

    village = await fetch_one(engine, villages, villages.c.code == "5201010002")
    row = await fetch_one(engine, residents, residents.c.id == person_id)
    assert row.village_id == village.id
    async with SqlUnitOfWork(engine) as uow:
        person = await uow.identify(message())
        assert person.village == VillageView("5201010002", "Lombok Desa", "Asia/Makassar")
        assert await uow.queries.village_by_code(VILLAGE_CODE) == VillageView(
            VILLAGE_CODE, "Sukamaju", "Asia/Jakarta"
        )
        assert await uow.queries.village_by_code("0000000000") is None


# --- outbox -----------------------------------------------------------------------------------

REPLIES = [
    Reply("Selamat datang!"),
    Reply(
        "Pilih bahasa:",
        choices=(Choice("id", "Bahasa Indonesia"), Choice("jv", "Basa Jawa")),
    ),
    Reply("Hapus?", actions=(Choice("del:7", "Hapus ✖"),), remove_keyboard=True),
]


async def test_enqueue_replies_returns_increasing_ids_and_stores_the_payload(
    engine: AsyncEngine,
) -> None:
    first = await queue(engine, REPLIES)
    second = await queue(engine, [Reply("lagi")])
    ids = first + second
    assert len(ids) == 4
    assert ids == sorted(ids) and len(set(ids)) == 4

    rows = await fetch_all(engine, outbox)
    assert [r.id for r in rows] == ids
    person = await fetch_one(engine, residents)
    for row, reply in zip(rows, [*REPLIES, Reply("lagi")], strict=True):
        assert payload_reply(row.payload) == reply
        assert (row.resident_id, row.channel, row.chat_id) == (person.id, "telegram", "1001")
        assert (row.status, row.attempts, row.sent_at, row.last_error) == ("pending", 0, None, None)

    assert await queue(engine, []) == []


async def test_mark_sent(engine: AsyncEngine) -> None:
    ids = await queue(engine, REPLIES)
    store = OutboxStore(engine)
    await store.mark_sent([ids[0], ids[2]])
    await store.mark_sent([])

    rows = {r.id: r for r in await fetch_all(engine, outbox)}
    for sent in (ids[0], ids[2]):
        assert (rows[sent].status, rows[sent].attempts) == ("sent", 1)
        assert rows[sent].sent_at is not None
        assert abs(rows[sent].sent_at - utcnow()) < timedelta(minutes=1)
    assert (rows[ids[1]].status, rows[ids[1]].sent_at) == ("pending", None)
    assert await store.is_pending(ids[1])
    assert not await store.is_pending(ids[0])


async def test_mark_failed_final(engine: AsyncEngine) -> None:
    ids = await queue(engine, REPLIES[:2])
    await OutboxStore(engine).mark_failed([ids[0]], "Forbidden: bot was blocked", final=True)

    rows = await fetch_all(engine, outbox)
    assert (rows[0].status, rows[0].attempts) == ("failed", 1)
    assert rows[0].last_error == "Forbidden: bot was blocked"
    assert (rows[1].status, rows[1].attempts, rows[1].last_error) == ("pending", 0, None)


async def test_mark_failed_retries_until_max_attempts(engine: AsyncEngine) -> None:
    (message_id,) = await queue(engine, REPLIES[:1])
    store = OutboxStore(engine)
    for attempt in range(1, MAX_ATTEMPTS):
        await store.mark_failed([message_id], f"timeout {attempt}", final=False)
        row = await fetch_one(engine, outbox)
        assert (row.status, row.attempts, row.last_error) == (
            "pending",
            attempt,
            f"timeout {attempt}",
        )
        assert await store.is_pending(message_id)

    await store.mark_failed([message_id], "x" * 2000, final=False)
    row = await fetch_one(engine, outbox)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert row.last_error == "x" * 500  # long errors are cut
    assert not await store.is_pending(message_id)

    # Once given up on, later failures change nothing.
    await store.mark_failed([message_id], "again", final=False)
    assert (await fetch_one(engine, outbox)).attempts == MAX_ATTEMPTS


async def test_mark_failed_does_not_touch_a_sent_message(engine: AsyncEngine) -> None:
    (message_id,) = await queue(engine, REPLIES[:1])
    store = OutboxStore(engine)
    await store.mark_sent([message_id])
    await store.mark_failed([message_id], "late error", final=True)
    row = await fetch_one(engine, outbox)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)


async def test_pending_returns_only_old_pending_messages_in_order(engine: AsyncEngine) -> None:
    ids = await queue(engine, [Reply(f"pesan {n}") for n in range(6)])
    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    ages = {  # how long before `now` each message was queued
        ids[0]: timedelta(hours=2),
        ids[1]: timedelta(seconds=10),  # too recent
        ids[2]: timedelta(minutes=5),
        ids[3]: timedelta(minutes=1),  # exactly at the cut-off: counts as old
        ids[4]: timedelta(hours=3),  # old, but already sent
        ids[5]: timedelta(hours=4),  # old, but given up on
    }
    async with engine.begin() as conn:
        for message_id, age in ages.items():
            await conn.execute(
                update(outbox).where(outbox.c.id == message_id).values(created_at=now - age)
            )
    store = OutboxStore(engine)
    await store.mark_sent([ids[4]])
    await store.mark_failed([ids[5]], "blocked", final=True)

    pending = await store.pending(older_than=timedelta(minutes=1), now=now)
    assert [p.id for p in pending] == [ids[0], ids[2], ids[3]]
    assert [p.reply for p in pending] == [Reply("pesan 0"), Reply("pesan 2"), Reply("pesan 3")]
    assert all((p.channel, p.chat_id, p.attempts) == ("telegram", "1001", 0) for p in pending)

    limited = await store.pending(older_than=timedelta(minutes=1), now=now, limit=2)
    assert [p.id for p in limited] == [ids[0], ids[2]]
    assert await store.pending(older_than=timedelta(days=1), now=now) == []


async def test_pending_defaults_to_the_current_time(engine: AsyncEngine) -> None:
    ids = await queue(engine, REPLIES[:2])
    store = OutboxStore(engine)
    assert await store.pending(older_than=timedelta(minutes=5)) == []
    found = await store.pending(older_than=timedelta(minutes=-5))
    assert [p.id for p in found] == ids
    assert found[1].reply == REPLIES[1]


# --- administration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "123",
        "32010100011",
        "32010100a1",
        "",
        # str.isdigit() accepts these, but nobody can type or match such a code later
        pytest.param("３２０１０１０００１", id="fullwidth-digits"),
        pytest.param("320101000²", id="superscript-digit"),
    ],
)
async def test_add_village_refuses_bad_code(engine: AsyncEngine, code: str) -> None:
    with pytest.raises(AdminError, match="10 digits"):
        await AdminStore(engine).add_village(code, "Sukamaju", "Asia/Jakarta", actor="ops")
    assert await count(engine, villages) == 0
    assert await count(engine, audit) == 0


async def test_add_village_refuses_empty_name(engine: AsyncEngine) -> None:
    with pytest.raises(AdminError, match="name"):
        await AdminStore(engine).add_village(VILLAGE_CODE, "   ", "Asia/Jakarta", actor="ops")
    assert await count(engine, villages) == 0


async def test_add_village_writes_village_and_audit(engine: AsyncEngine) -> None:
    store = AdminStore(engine)
    await store.add_village(VILLAGE_CODE, "  Sukamaju ", "Asia/Jakarta", actor="budi")

    village = await fetch_one(engine, villages)
    assert (village.code, village.name, village.timezone) == (
        VILLAGE_CODE,
        "Sukamaju",
        "Asia/Jakarta",
    )
    entry = await fetch_one(engine, audit)
    assert (entry.actor_type, entry.actor_id, entry.action) == ("admin", "budi", "village.added")
    assert entry.village_id == village.id
    assert (entry.subject_type, entry.subject_id) == ("village", VILLAGE_CODE)
    assert entry.detail["timezone"] == "Asia/Jakarta"
    assert entry.at.tzinfo is not None and abs(entry.at - utcnow()) < timedelta(minutes=1)
    assert [(v.code, v.name) for v in await store.villages()] == [(VILLAGE_CODE, "Sukamaju")]


async def test_add_village_refuses_duplicate(engine: AsyncEngine) -> None:
    store = AdminStore(engine)
    await store.add_village(VILLAGE_CODE, "Sukamaju", "Asia/Jakarta", actor="budi")
    with pytest.raises(AdminError, match="already exists"):
        await store.add_village(VILLAGE_CODE, "Other", "Asia/Jayapura", actor="eve")

    assert (await fetch_one(engine, villages)).name == "Sukamaju"
    assert [e.actor_id for e in await fetch_all(engine, audit)] == ["budi"]


async def test_add_officer_writes_officer_and_audit(engine: AsyncEngine) -> None:
    store = AdminStore(engine)
    await store.add_village(VILLAGE_CODE, "Sukamaju", "Asia/Jakarta", actor="budi")
    await store.add_officer("555000111", "desk_officer", village_code=VILLAGE_CODE, actor="ani")

    village = await fetch_one(engine, villages)
    officer = await fetch_one(engine, officers)
    assert (officer.external_id, officer.village_id, officer.role, officer.active) == (
        "555000111",
        village.id,
        "desk_officer",
        True,
    )
    entry = await fetch_one(engine, audit, audit.c.action == "officer.added")
    assert (entry.actor_type, entry.actor_id, entry.village_id) == ("admin", "ani", village.id)
    assert (entry.subject_type, entry.subject_id) == ("officer", str(officer.id))
    assert entry.detail == {
        "channel": "telegram",
        "account": "555000111",
        "role": "desk_officer",
        "scope": VILLAGE_CODE,
    }

    async with SqlUnitOfWork(engine) as uow:
        roles = await officer_queries_of(uow).officer_roles("telegram", "555000111")
        assert [(r.village_code, r.role) for r in roles] == [(VILLAGE_CODE, "desk_officer")]
        assert await officer_queries_of(uow).officer_roles("console", "555000111") == ()
        assert await officer_queries_of(uow).officer_roles("telegram", "999") == ()


async def test_add_officer_refusals(engine: AsyncEngine) -> None:
    store = AdminStore(engine)
    await store.add_village(VILLAGE_CODE, "Sukamaju", "Asia/Jakarta", actor="budi")
    await store.add_officer("555000111", "desk_officer", village_code=VILLAGE_CODE, actor="ani")
    audited = await count(engine, audit)

    with pytest.raises(AdminError, match="role must be one of"):
        await store.add_officer("555000222", "king", village_code=VILLAGE_CODE, actor="ani")
    with pytest.raises(AdminError, match="no village with code 9999999999"):
        await store.add_officer("555000222", "desk_officer", village_code="9999999999", actor="ani")
    with pytest.raises(AdminError, match="already desk_officer"):
        await store.add_officer("555000111", "desk_officer", village_code=VILLAGE_CODE, actor="ani")

    assert await count(engine, officers) == 1
    assert await count(engine, audit) == audited  # refusals leave no audit trail of a change

    # The same person may hold another role in the same village.
    await store.add_officer("555000111", "village_staff", village_code=VILLAGE_CODE, actor="ani")
    assert await count(engine, officers) == 2


# --- constraints at the database level --------------------------------------------------------


def _resident(**overrides: Any) -> dict[str, Any]:
    values = {
        "channel": "telegram",
        "external_id": "1",
        "chat_id": "1",
        "display_name": "",
        "status": "active",
        "created_at": utcnow(),
        "last_seen_at": utcnow(),
    }
    return {**values, **overrides}


async def _village_id(engine: AsyncEngine) -> int:
    await AdminStore(engine).add_village(VILLAGE_CODE, "Sukamaju", "Asia/Jakarta", actor="t")
    return int((await fetch_one(engine, villages)).id)


async def test_check_constraint_on_resident_status(engine: AsyncEngine) -> None:
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        async with engine.begin() as conn:
            await conn.execute(insert(residents).values(**_resident(status="weird")))
    assert await count(engine, residents) == 0


async def test_check_constraint_on_officer_role(engine: AsyncEngine) -> None:
    village_id = await _village_id(engine)
    row = {"external_id": "1", "village_id": village_id, "active": True, "created_at": utcnow()}
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        async with engine.begin() as conn:
            await conn.execute(insert(officers).values(**row, role="king"))
    assert await count(engine, officers) == 0


async def test_check_constraint_on_outbox_status(engine: AsyncEngine) -> None:
    (message_id,) = await queue(engine, REPLIES[:1])
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        async with engine.begin() as conn:
            await conn.execute(
                update(outbox).where(outbox.c.id == message_id).values(status="lost")
            )
    assert (await fetch_one(engine, outbox)).status == "pending"


async def test_unique_resident_per_channel_account(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(residents).values(**_resident()))
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(insert(residents).values(**_resident(chat_id="other")))


async def test_foreign_keys_are_enforced(engine: AsyncEngine) -> None:
    row = {"external_id": "1", "role": "desk_officer", "active": True, "created_at": utcnow()}
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        async with engine.begin() as conn:
            await conn.execute(insert(officers).values(**row, village_id=424242))
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        async with engine.begin() as conn:
            await conn.execute(insert(residents).values(**_resident(village_id=424242)))
    assert await count(engine, officers) == 0
    assert await count(engine, residents) == 0


async def test_deleting_a_village_cascades_and_detaches(engine: AsyncEngine) -> None:
    """ON DELETE rules work on SQLite too (they need foreign keys switched on)."""
    village_id = await _village_id(engine)
    await AdminStore(engine).add_officer("1", "desk_officer", village_code=VILLAGE_CODE, actor="t")
    person_id = await register(engine, message())
    async with SqlUnitOfWork(engine) as uow:
        await uow.apply(person_id, VillageJoined(VILLAGE_CODE, via="deep_link"))
        await uow.commit()

    async with engine.begin() as conn:
        await conn.execute(delete(villages).where(villages.c.id == village_id))

    assert await count(engine, officers) == 0  # CASCADE
    assert (await fetch_one(engine, residents)).village_id is None  # SET NULL
    assert all(e.village_id is None for e in await fetch_all(engine, audit))  # SET NULL
