"""Messages about a household that reach a resident outside their own conversation.

The answer to a correction request goes through the delivery engine, so it is rendered here
in every language the bot speaks (``locale → text``); storage gives the resident their own.
"""

from __future__ import annotations

from flows.engine.i18n import N_

__all__ = ["CORRECTED", "DECLINED"]

CORRECTED = N_(
    "The village desk of {village} corrected your household's record as you asked.\n\n{answer}"
    "\n\nSee it with /keluarga."
)
DECLINED = N_(
    "The village desk of {village} could not make the correction you asked for:\n\n{answer}"
    "\n\nSee your household's record with /keluarga."
)
