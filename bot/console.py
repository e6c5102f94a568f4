"""The console channel: chat with the bot in a terminal, no Telegram needed.

Buttons are shown numbered; typing the number, the label or free text works as on a phone.
Used by ``make demo`` and handy to try a content change before deploying it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TextIO

from flows.engine.messages import Inbound, Reply
from flows.engine.runner import Runner

__all__ = ["CHANNEL", "chat", "render"]

CHANNEL = "console"
_QUIT = {"/quit", "/exit", "/keluar"}


def render(replies: Sequence[Reply]) -> str:
    """Replies as terminal text, with the buttons numbered under the last one."""
    lines: list[str] = []
    for reply in replies:
        lines.append(f"🤖 {reply.text}")
        for number, choice in enumerate(reply.choices or reply.actions, start=1):
            lines.append(f"   [{number}] {choice.label}")
    return "\n".join(lines)


def _inbound(text: str, user: str, update_id: int) -> Inbound:
    command = None
    payload = ""
    if text.startswith("/"):
        word, _, payload = text[1:].partition(" ")
        command = word.lower()
    return Inbound(
        channel=CHANNEL,
        user_id=user,
        chat_id=user,
        text="" if command else text,
        command=command,
        payload=payload.strip(),
        display_name=user,
        update_id=None,
    )


async def chat(
    runner: Runner,
    *,
    user: str,
    read: Callable[[], str] = input,
    out: TextIO | None = None,
    first: str = "/start",
    delivered: Callable[[Sequence[int]], Awaitable[None]] | None = None,
) -> None:
    """Run a conversation on stdin/stdout until /quit or end of input."""
    import sys

    stream = out or sys.stdout

    async def deliver(_chat: str, replies: Sequence[Reply], ids: Sequence[int]) -> None:
        stream.write(render(replies) + "\n")
        stream.flush()
        if delivered is not None:  # printed is delivered: nothing is left pending in the outbox
            await delivered(ids)

    text = first
    count = 0
    while True:
        count += 1
        await runner.handle(_inbound(text, user, count), deliver)
        try:
            text = (await asyncio.to_thread(read)).strip()
        except EOFError:
            return
        if text in _QUIT:
            return
        if not text:
            text = " "
