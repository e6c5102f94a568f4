"""The commands shown in Telegram's menu button, with translatable descriptions."""

from __future__ import annotations

from flows.engine.i18n import N_

__all__ = ["COMMANDS"]

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start or restart")),
    ("menu", N_("Main menu")),
    ("bahasa", N_("Change language")),
    ("help", N_("How to use this service")),
    ("pengaturan", N_("My settings: about me, my time, announcements")),
    ("berhenti", N_("Stop announcements")),
    ("mulai", N_("Receive announcements again")),
)
