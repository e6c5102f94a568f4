"""Welcome: greeting and deep links, the main menu, language, help and village registration.

Also a resident's settings: their situation, their own time zone, announcements on or off.

Exports on purpose: ``CAPABILITY``; ``SITUATIONS`` (announcements are addressed by them);
its effects, reads (``WelcomeQueries``, ``Place``, ``Region``) and the village-name matcher,
for its storage module.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.core import HOME
from flows.welcome import help as help_flow
from flows.welcome import language, main_menu, profile, start, village_list, villages
from flows.welcome.commands import COMMANDS
from flows.welcome.effects import AnnouncementsMuted, SituationChosen, TimezoneChosen
from flows.welcome.ports import Place, Region, WelcomeQueries
from flows.welcome.situations import SITUATIONS
from flows.welcome.village_names import rank_places

__all__ = [
    "CAPABILITY",
    "SITUATIONS",
    "AnnouncementsMuted",
    "Place",
    "Region",
    "SituationChosen",
    "TimezoneChosen",
    "WelcomeQueries",
    "rank_places",
]

CAPABILITY = Capability(
    name="welcome",
    modules=(start, main_menu, help_flow, language, villages, village_list, profile),
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
