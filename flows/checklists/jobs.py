"""What the checklist jobs tell people, decided and written here; storage only queues it.

The background jobs remind a keeper of a checklist untouched for two weeks (once per quiet
spell, in their daytime, never when they turned it off) and warn the keeper and the village
desk 30 and 7 days before an entered expiry date. The timings and the words of each notice
in the recipient's own language live here, free of SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flows.checklists.catalog import load_checklists
from flows.checklists.notices import EXPIRY_DESK, EXPIRY_KEEPER, REMINDER, render
from flows.engine.i18n import Catalogs

__all__ = [
    "EXPIRY_WARNINGS",
    "REMIND_AFTER",
    "WARNED_ROLES",
    "ExpiryWarning",
    "expiry_text",
    "reminder_text",
]

#: A checklist untouched this long gets a gentle reminder (one per untouched spell).
REMIND_AFTER = timedelta(days=14)
#: Warning level → days before the expiry date it is sent.
EXPIRY_WARNINGS: Mapping[int, int] = {1: 30, 2: 7}
#: The officers of the keeper's village warned before a document expires.
WARNED_ROLES = ("coordinator", "desk_officer")


@dataclass(frozen=True, slots=True)
class ExpiryWarning:
    """A document about to expire, as its warning names it."""

    item_id: int
    item: str
    reference: str
    village_name: str
    expires_on: date
    level: int


def _title(item: str, locale: str) -> str:
    found = load_checklists().item(item)
    return found.title(locale) if found else item


def reminder_text(catalogs: Catalogs, locale: str, reference: str, ready: int, total: int) -> str:
    """The two-weekly reminder about an untouched checklist, in the keeper's language."""
    return render(catalogs.get(locale), REMINDER, reference=reference, ready=ready, total=total)


def expiry_text(catalogs: Catalogs, locale: str, warning: ExpiryWarning, *, desk: bool) -> str:
    """The warning before a document expires, for its keeper or for the desk."""
    return render(
        catalogs.get(locale),
        EXPIRY_DESK if desk else EXPIRY_KEEPER,
        item=_title(warning.item, locale),
        reference=warning.reference,
        village=warning.village_name,
        date=warning.expires_on.strftime("%d-%m-%Y"),
    )
