"""Telegram's flood control, for the fake Bot API (opt-in, so other tests are unaffected).

Telegram answers 429 with ``retry_after`` when a bot sends more than about 30 messages in a
second overall or more than about one a second to one chat, and while such a wait lasts it
refuses the bot's other sends too. Pacing code can only be trusted against a fake that does
the same, so this keeps a sliding one-second window of accepted sends and each chat's last
one, can add random 429s (Telegram's limits move), and records every refusal and how long
the bot was told to wait.
"""

from __future__ import annotations

import math
import random
from collections import Counter, deque
from dataclasses import dataclass, field

__all__ = ["FloodControl", "FloodRefusal"]


@dataclass(frozen=True)
class FloodRefusal:
    """Why a send was refused and how long the bot must wait."""

    reason: str  # "overall", "chat", "random" or "waiting" (a wait still running)
    retry_after: int


@dataclass
class FloodControl:
    """The limits; ``check`` decides about one send at monotonic time ``now``."""

    per_second: float = 30.0
    per_chat_interval: float = 1.0
    retry_after: int = 1
    random_429: float = 0.0  # probability that an otherwise fine send is refused anyway
    seed: int | None = None
    refusals: Counter[str] = field(default_factory=Counter)
    accepted: int = 0
    _window: deque[float] = field(default_factory=deque)
    _last_to_chat: dict[int, float] = field(default_factory=dict)
    _blocked_until: float = 0.0
    _blocked: list[tuple[float, float]] = field(default_factory=list)
    _random: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.seed is not None:
            self._random.seed(self.seed)

    def check(self, chat_id: int | None, now: float) -> FloodRefusal | None:
        """None when the send may go through (and count it), else the refusal."""
        if now < self._blocked_until:
            return self._refuse("waiting", max(1, math.ceil(self._blocked_until - now)))
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) >= self.per_second:
            return self._block("overall", now)
        if chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.per_chat_interval:
                return self._refuse("chat", self.retry_after)
        if self.random_429 and self._random.random() < self.random_429:
            return self._block("random", now)
        self._window.append(now)
        if chat_id is not None:
            self._last_to_chat[chat_id] = now
        self.accepted += 1
        return None

    def blocked_seconds(self) -> float:
        """Total time the bot was told to send nothing at all (overlaps counted once)."""
        return sum(end - start for start, end in self._blocked)

    def _refuse(self, reason: str, retry_after: int) -> FloodRefusal:
        self.refusals[reason] += 1
        return FloodRefusal(reason, retry_after)

    def _block(self, reason: str, now: float) -> FloodRefusal:
        """A bot-wide wait: every send is refused until it is over."""
        until = now + self.retry_after
        if self._blocked and self._blocked[-1][1] >= now:
            self._blocked[-1] = (self._blocked[-1][0], until)
        else:
            self._blocked.append((now, until))
        self._blocked_until = until
        return self._refuse(reason, self.retry_after)
