"""A PostgreSQL restart between two messages: the next message is still answered.

The pool does not ping before every use (a round trip per message); a connection found dead
invalidates the pool, and the runner handles that message once more on a fresh connection.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from tests.support.chat import ChatTester, make_runner


@pytest.mark.postgres
async def test_a_message_after_the_database_dropped_its_connections_is_answered(
    pg_database: str,
) -> None:
    from storage.schema import METADATA

    engine: AsyncEngine = create_engine(pg_database)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
            await conn.run_sync(METADATA.create_all)
        chat = ChatTester(make_runner(engine), engine)
        await chat.send("/start")
        chat.assert_reply("Menu utama")
        admin = create_engine(pg_database)
        try:
            async with admin.begin() as conn:  # what a server restart does to our connections
                await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
        finally:
            await admin.dispose()
        await chat.send("menu")
        chat.assert_reply("Menu utama")
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_two_processes_handling_one_person_take_turns(pg_database: str) -> None:
    """The second unit of work for a person waits for the first and sees what it saved."""
    import asyncio

    from flows.engine.messages import Inbound
    from flows.engine.ports import ConversationState
    from storage.schema import METADATA
    from storage.unit_of_work import SqlUnitOfWork

    first_process, second_process = create_engine(pg_database), create_engine(pg_database)
    try:
        async with first_process.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
            await conn.run_sync(METADATA.create_all)
        message = Inbound("telegram", "77", "77", display_name="Siti")
        async with SqlUnitOfWork(first_process) as setup:
            person = await setup.identify(message)
            await setup.save_state(person.id, ConversationState("main", "menu"))
            await setup.commit()

        async def second() -> ConversationState | None:
            async with SqlUnitOfWork(second_process) as uow:
                found = await uow.identify(message)
                return await uow.load_state(found.id)

        async with SqlUnitOfWork(first_process) as uow:
            await uow.identify(message)
            await uow.save_state(person.id, ConversationState("info", "show", {"topic": "x"}))
            waiting = asyncio.create_task(second())
            await asyncio.sleep(0.3)  # the second process reaches the person's row meanwhile
            await uow.commit()
        assert await waiting == ConversationState("info", "show", {"topic": "x"})
    finally:
        await first_process.dispose()
        await second_process.dispose()
