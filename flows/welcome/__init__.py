"""Welcome: greeting and deep links, the main menu, language, help and village registration.

Exports on purpose: ``CAPABILITY``.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.core import HOME
from flows.welcome import help as help_flow
from flows.welcome import language, main_menu, start, villages
from flows.welcome.commands import COMMANDS

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(
    name="welcome",
    modules=(start, main_menu, help_flow, language, villages),
    commands={
        "start": "start:welcome",
        "menu": HOME,
        "batal": HOME,
        "cancel": HOME,
        "help": "help:show",
        "bantuan": "help:show",
        "bahasa": "language:choose",
        "language": "language:choose",
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
