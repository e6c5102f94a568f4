"""Welcome: greeting and deep links, the main menu, language, help and village registration.

Also a resident's settings: their situation, their own time zone, announcements on or off.

Exports on purpose: ``CAPABILITY``; ``SITUATIONS`` (announcements are addressed by them);
its effects, for its storage module.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.core import HOME
from flows.welcome import help as help_flow
from flows.welcome import language, main_menu, profile, start, villages
from flows.welcome.commands import COMMANDS
from flows.welcome.effects import AnnouncementsMuted, SituationChosen, TimezoneChosen
from flows.welcome.situations import SITUATIONS

__all__ = [
    "CAPABILITY",
    "SITUATIONS",
    "AnnouncementsMuted",
    "SituationChosen",
    "TimezoneChosen",
]

CAPABILITY = Capability(
    name="welcome",
    modules=(start, main_menu, help_flow, language, villages, profile),
    commands={
        "start": "start:welcome",
        "menu": HOME,
        "batal": HOME,
        "cancel": HOME,
        "help": "help:show",
        "bantuan": "help:show",
        "bahasa": "language:choose",
        "language": "language:choose",
        "berhenti": "profile:mute",
        "stop": "profile:mute",
        "mulai": "profile:resume",
        "pengaturan": "profile:menu",
        "settings": "profile:menu",
    },
    words={
        "menu": HOME,
        "menu utama": HOME,
        "main menu": HOME,
        "batal": HOME,
        "cancel": HOME,
        "help": "help:show",
        "bantuan": "help:show",
        "bahasa": "language:choose",
        "language": "language:choose",
    },
    menu_commands=COMMANDS,
)
