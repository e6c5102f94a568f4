"""What the residents' job board steps share: paging and the buttons and questions they reuse.

Used by ``browse.py`` (open notices, "Saya tertarik") and ``subscriptions.py`` (countries and
sectors to hear of new notices), which are steps of the same ``jobs`` flow.
"""

from __future__ import annotations

from flows.engine.i18n import N_
from flows.engine.nodes import Data

__all__ = ["BACK", "MORE", "PICK_PAGE", "WHICH_COUNTRY", "WHICH_SECTOR", "page_of"]

#: Choices per page of a long list (countries): with "more" and "back", eight at most.
PICK_PAGE = 6

MORE = N_("More ›")
BACK = N_("⬅ Back")
WHICH_COUNTRY = N_("Which country?")
WHICH_SECTOR = N_("Which sector?")


def page_of(data: Data) -> int:
    """The page in data, or the first one when it is missing or out of range."""
    page = data.get("page", 0)
    return page if isinstance(page, int) and 0 <= page < 1000 else 0
