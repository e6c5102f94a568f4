"""Effects of the welcome capability: what a person tells the bot about themselves."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine.effects import Effect

__all__ = ["AnnouncementsMuted", "SituationChosen", "TimezoneChosen"]


@dataclass(frozen=True, slots=True)
class SituationChosen(Effect):
    """The person said which situation describes them (None: they would rather not say)."""

    situation: str | None


@dataclass(frozen=True, slots=True)
class TimezoneChosen(Effect):
    """The person chose the time zone they live in (None: their village's)."""

    timezone: str | None


@dataclass(frozen=True, slots=True)
class AnnouncementsMuted(Effect):
    """The person stopped (True) or resumed (False) receiving the village's announcements."""

    muted: bool
