"""Effects of the welcome capability: what a person tells the bot about themselves."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flows.engine.effects import Effect
from flows.engine.ports import Person

__all__ = ["AnnouncementsMuted", "SituationChosen", "TimezoneChosen"]


@dataclass(frozen=True, slots=True)
class SituationChosen(Effect):
    """The person said which situation describes them (None: they would rather not say)."""

    situation: str | None

    def applied_to(self, person: Person) -> Person:
        """The person with their new situation."""
        return replace(person, situation=self.situation)


@dataclass(frozen=True, slots=True)
class TimezoneChosen(Effect):
    """The person chose the time zone they live in (None: their village's)."""

    timezone: str | None

    def applied_to(self, person: Person) -> Person:
        """The person with their new time zone."""
        return replace(person, timezone=self.timezone)


@dataclass(frozen=True, slots=True)
class AnnouncementsMuted(Effect):
    """The person stopped (True) or resumed (False) receiving the village's announcements."""

    muted: bool

    def applied_to(self, person: Person) -> Person:
        """The person with announcements off or on."""
        return replace(person, announcements_muted=self.muted)
