"""The runner: one inbound message, one unit of work, replies only after commit.

For each message it takes the chat's lock (so one chat's messages are handled in order while
different chats run concurrently), then in one transaction: identifies the person, loads their
conversation state, runs the engine, applies the effects, saves the new state and puts the
replies in the outbox. Only after the commit are the replies handed to the channel, so a crash
never leaves a person told something the database does not know. A message seen before
(Telegram re-delivers after a crash) is not handled twice.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from flows.engine.context import Contents, Context
from flows.engine.core import Engine
from flows.engine.i18n import Catalogs, resolve_locale
from flows.engine.messages import Inbound, Reply
from flows.engine.ports import ConversationState, StorageInterrupted, UnitOfWorkFactory

__all__ = ["ChatLocks", "Deliver", "Handled", "Runner"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Sends replies to a chat; gets the outbox ids so it can mark them delivered.
Deliver = Callable[[str, Sequence[Reply], Sequence[int]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Handled:
    """What the runner did with one message (for logs and tests)."""

    person_id: int
    replies: tuple[Reply, ...]
    outbox_ids: tuple[int, ...]
    duplicate: bool = False


class ChatLocks:
    """One asyncio lock per chat, dropped when nobody waits on it, so memory stays flat."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:
        return len(self._locks)

    @contextmanager
    def _claim(self, key: str) -> Iterator[asyncio.Lock]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            yield lock
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def run(self, key: str, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` holding ``key``'s lock; waiters are served first come, first served."""
        with self._claim(key) as lock:
            async with lock:
                return await work()


class Runner:
    """Handles inbound messages for any channel."""

    def __init__(
        self,
        *,
        engine: Engine,
        units: UnitOfWorkFactory,
        catalogs: Catalogs,
        content: Contents,
        clock: Callable[[], datetime],
        new_reference: Callable[[str], str],
        default_locale: str,
        link_for: Callable[[str], str | None] | None = None,
        new_token: Callable[[], str] | None = None,
    ) -> None:
        self._engine = engine
        self._units = units
        self._catalogs = catalogs
        self._content = content
        self._clock = clock
        self._new_reference = new_reference
        self._default_locale = default_locale
        self.locks = ChatLocks()
        #: Set by the channel adapter once it knows its own address (the bot's username).
        self.link_for: Callable[[str], str | None] = link_for or (lambda payload: None)
        #: Set by the composition root when the office web page is on (its public address).
        self.web_link: Callable[[str], str | None] = lambda path: None
        self._new_token = new_token or (lambda: secrets.token_urlsafe(32))

    async def handle(
        self,
        inbound: Inbound,
        deliver: Deliver | None = None,
        on_commit: Callable[[], None] | None = None,
    ) -> Handled:
        """Handle one message in its chat's turn and deliver the replies after commit.

        ``on_commit`` runs as soon as the transaction is durable, before delivery, so a
        poller can confirm the update to the channel without waiting for slow sends.
        """
        key = f"{inbound.channel}:{inbound.chat_id}"

        async def work() -> Handled:
            try:
                handled = await self._transact(inbound)
            except StorageInterrupted:  # a dead connection was thrown away: once more, afresh
                log.warning("database connection lost; retrying update %s", inbound.update_id)
                handled = await self._transact(inbound)
            if on_commit is not None:
                on_commit()
            if deliver is not None and handled.replies:
                await deliver(inbound.chat_id, handled.replies, handled.outbox_ids)
            return handled

        return await self.locks.run(key, work)

    async def _transact(self, inbound: Inbound) -> Handled:
        async with self._units() as uow:
            person = await uow.identify(inbound)
            state = await uow.load_state(person.id)
            now = self._clock()
            if _already_seen(state, inbound, now):
                log.info("update %s for person %s already handled", inbound.update_id, person.id)
                return Handled(person.id, (), (), duplicate=True)
            locale = resolve_locale(
                person.locale, person.language_code, self._catalogs.locales, self._default_locale
            )
            ctx = Context(
                locale=locale,
                translations=self._catalogs.get(locale),
                now=now,
                new_reference=self._new_reference,
                person=person,
                queries=uow.queries,
                content=self._content,
                catalogs=self._catalogs,
                link_for=self.link_for,
                new_token=self._new_token,
                web_link=self.web_link,
            )
            outcome = await self._engine.run(ctx, state, inbound)
            for effect in outcome.effects:
                await uow.apply(person.id, effect)
            new_state: ConversationState = replace(
                outcome.state,
                last_update_id=inbound.update_id
                if inbound.update_id is not None
                else outcome.state.last_update_id,
                updated_at=ctx.now,
            )
            ids = await uow.finish(
                person.id, new_state, inbound.channel, inbound.chat_id, outcome.replies
            )
            await uow.commit()
        return Handled(person.id, outcome.replies, tuple(ids))


#: Telegram keeps undelivered updates for 24 hours, so a re-delivery is never older than that;
#: after a week without updates it may restart update ids at a random, possibly lower, number.
REDELIVERY_WINDOW = timedelta(hours=24)


def _already_seen(state: ConversationState | None, inbound: Inbound, now: datetime) -> bool:
    """A re-delivered update: not newer than the last one handled, within Telegram's window."""
    return (
        state is not None
        and inbound.update_id is not None
        and state.last_update_id is not None
        and inbound.update_id <= state.last_update_id
        and state.updated_at is not None
        and now - state.updated_at < REDELIVERY_WINDOW
    )
