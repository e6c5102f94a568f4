"""Messages about a checklist that reach people outside their own conversation.

The keeper learns at once when the desk verifies or sends back a document; the jobs remind a
keeper of a checklist untouched for two weeks and warn keeper and desk before a document
expires. They go through the delivery engine, so they are rendered here in the recipient's
own language: by the officer's flow, or by the checklist jobs.
"""

from __future__ import annotations

import gettext

from flows.engine.i18n import N_

__all__ = ["EXPIRY_DESK", "EXPIRY_KEEPER", "REMINDER", "RETURNED", "VERIFIED", "render"]

VERIFIED = N_(
    "The village desk checked {item} on your checklist {reference}: it is in order ✅.\n"
    "See your checklist with /dokumen."
)
RETURNED = N_(
    "The village desk sent back {item} on your checklist {reference}: {reason}.{note}\n"
    "Send a new photo or PDF with /dokumen."
)
REMINDER = N_(
    "Your document checklist {reference} has not changed for two weeks: {ready} of {total} "
    "documents ready. Continue with /dokumen (you can turn this reminder off there)."
)
EXPIRY_KEEPER = N_(
    "{item} on your checklist {reference} is valid until {date}. Please renew it in time; "
    "the village desk can help."
)
EXPIRY_DESK = N_(
    "{item} of a resident of {village} (checklist {reference}) is valid until {date}. "
    "See it in the officer menu (/petugas)."
)


def render(translations: gettext.NullTranslations, message: str, **values: object) -> str:
    """``message`` translated with ``translations`` and filled in."""
    return translations.gettext(message).format(**values)
