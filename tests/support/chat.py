"""A chat tester: drive the real runner and a real SQLite file the way a person would.

Tests read like a conversation: ``await chat.send("2")``, ``chat.assert_reply("terdaftar")``,
``await chat.assert_state("village", "ask")``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.engine.context import Contents
from flows.engine.i18n import load_catalogs
from flows.engine.messages import Attachment, Inbound, Reply
from flows.engine.nodes import Flow
from flows.engine.runner import Runner
from flows.information.library import ContentLibrary
from flows.registry import build_engine, load_contents
from storage.models import Resident, Village
from storage.unit_of_work import SqlUnitOfWork

FIXED_NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)

__all__ = ["FIXED_NOW", "ChatTester", "add_village", "make_runner"]


def make_runner(
    engine: AsyncEngine,
    *,
    flows: dict[str, Flow] | None = None,
    content: ContentLibrary | None = None,
    default_locale: str = "id",
    clock: Callable[[], datetime] = lambda: FIXED_NOW,
) -> Runner:
    """The production runner on ``engine`` with a fixed clock and predictable references."""
    numbers = count(1)
    tokens = count(1)
    return Runner(
        engine=build_engine(flows),
        units=lambda: SqlUnitOfWork(engine),
        catalogs=load_catalogs(),
        content=Contents(content) if content is not None else load_contents(),
        clock=clock,
        new_reference=lambda prefix: f"{prefix}-{next(numbers):06d}",
        default_locale=default_locale,
        new_token=lambda: f"token-{next(tokens)}",
    )


async def add_village(
    engine: AsyncEngine,
    code: str = "3301012001",
    name: str = "Desa Contoh",
    *,
    district: str | None = None,
    regency: str | None = None,
    province: str | None = None,
) -> None:
    """Register a village directly in the database (with its regions' names, when given)."""
    async with engine.begin() as conn:
        await conn.execute(
            Village.__table__.insert().values(
                code=code,
                name=name,
                timezone="Asia/Jakarta",
                created_at=FIXED_NOW,
                district=district,
                regency=regency,
                province=province,
            )
        )


class ChatTester:
    """One person chatting with the bot."""

    def __init__(
        self,
        runner: Runner,
        engine: AsyncEngine,
        *,
        user_id: str = "1001",
        name: str = "Siti",
        language_code: str | None = "id",
        channel: str = "telegram",
    ) -> None:
        self.runner = runner
        self.engine = engine
        self.user_id = user_id
        self.name = name
        self.language_code = language_code
        self.channel = channel
        self.replies: tuple[Reply, ...] = ()
        self.transcript: list[str] = []
        self._updates = count(1)

    async def _handle(self, inbound: Inbound) -> tuple[Reply, ...]:
        handled = await self.runner.handle(inbound)
        self.replies = handled.replies
        for reply in self.replies:
            self.transcript.append(f"bot: {reply.text}")
        return self.replies

    def _inbound(self, **fields: object) -> Inbound:
        return Inbound(
            channel=self.channel,
            user_id=self.user_id,
            chat_id=self.user_id,
            language_code=self.language_code,
            display_name=self.name,
            update_id=next(self._updates),
            **fields,  # type: ignore[arg-type]
        )

    async def send(self, text: str) -> tuple[Reply, ...]:
        """Type a message (a leading slash makes it a command)."""
        self.transcript.append(f"me: {text}")
        if text.startswith("/"):
            word, _, payload = text[1:].partition(" ")
            return await self._handle(self._inbound(command=word, payload=payload.strip()))
        return await self._handle(self._inbound(text=text))

    async def tap(self, label: str) -> tuple[Reply, ...]:
        """Tap a button of the keyboard shown last (its label is what Telegram sends)."""
        assert label in self.buttons, f"no button {label!r}; buttons: {self.buttons}"
        return await self.send(label)

    async def press(self, choice_id: str) -> tuple[Reply, ...]:
        """Press an inline button (callback data), possibly forged."""
        self.transcript.append(f"me: [press {choice_id}]")
        return await self._handle(self._inbound(choice_id=choice_id))

    async def send_media(self, attachment: Attachment, caption: str = "") -> tuple[Reply, ...]:
        """Send a photo, document, location, ..."""
        self.transcript.append(f"me: [{attachment.kind}] {caption}")
        return await self._handle(self._inbound(text=caption, attachments=(attachment,)))

    async def forward(self, text: str, *, has_link: bool = False) -> tuple[Reply, ...]:
        """Pass on a message someone else wrote (a job advert, a chain message)."""
        self.transcript.append(f"me: [forwarded] {text}")
        return await self._handle(self._inbound(text=text, forwarded=True, has_link=has_link))

    @property
    def buttons(self) -> list[str]:
        """Labels of the keyboard on the last replies."""
        for reply in reversed(self.replies):
            if reply.choices:
                return [c.label for c in reply.choices]
        return []

    @property
    def text(self) -> str:
        """All text of the last replies."""
        return "\n".join(r.text for r in self.replies)

    def assert_reply(self, *fragments: str) -> None:
        """Each fragment appears in the last replies (case-insensitive)."""
        lowered = self.text.casefold()
        for fragment in fragments:
            assert fragment.casefold() in lowered, f"{fragment!r} not in replies:\n{self.text}"

    def assert_no_reply_contains(self, *fragments: str) -> None:
        """None of the fragments appears in the last replies."""
        lowered = self.text.casefold()
        for fragment in fragments:
            assert fragment.casefold() not in lowered, f"{fragment!r} unexpectedly in:\n{self.text}"

    async def state(self) -> tuple[str, str]:
        """The saved (flow, node) of this person."""
        from storage.models import Conversation

        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(Conversation.flow, Conversation.node)
                    .join(Resident, Resident.id == Conversation.resident_id)
                    .where(Resident.external_id == self.user_id, Resident.channel == self.channel)
                )
            ).one()
        return row.flow, row.node

    async def assert_state(self, flow: str, node: str) -> None:
        """The person is saved at this flow and node."""
        assert await self.state() == (flow, node)

    async def resident(self) -> dict[str, object]:
        """This person's residents row."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(Resident.__table__).where(
                        Resident.external_id == self.user_id, Resident.channel == self.channel
                    )
                )
            ).one()
        return dict(row._mapping)
