"""Messages about a case that reach people outside their own conversation.

A reporter learns of each public change on their case, officers are reminded of cases past
their deadline, and a person who left a report unfinished gets one reminder. These go through
the delivery engine, so they are rendered here, in the recipient's own language, from the
catalogs: by the officer's flow (for the reporter's notices) or by the complaint jobs (for
reminders).
"""

from __future__ import annotations

import gettext

from flows.engine.i18n import N_

__all__ = [
    "CHANGED",
    "DRAFT_REMINDER",
    "ESCALATED",
    "QUESTION",
    "REPLY",
    "render",
]

REPLY = N_("News on your report {reference}:\n\n{text}\n\nSee your reports with /status.")
QUESTION = N_(
    "The village desk has a question about your report {reference}:\n\n{text}\n\n"
    "Answer it with /status, then choose the report."
)
CHANGED = N_("Your report {reference} is now: {status}.{details}\n\nSee it with /status.")
ESCALATED = N_(
    "Report {reference} ({category}) in {village} has waited past its deadline ({due}). "
    "Please take it up in the officer menu (/petugas)."
)
DRAFT_REMINDER = N_(
    "You started a report but did not send it. It is kept for 7 days: type /lapor to finish "
    "it, or to drop it."
)


def render(translations: gettext.NullTranslations, message: str, **values: str) -> str:
    """``message`` translated with ``translations`` and filled in."""
    return translations.gettext(message).format(**values)
