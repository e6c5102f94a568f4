"""Messages about a household that reach a resident outside their own conversation.

The answer to a correction request goes through the delivery engine, so it is rendered here
in every language the bot speaks (``locale → text``); storage gives the resident their own.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.context import Context
from flows.engine.i18n import N_

__all__ = ["CORRECTED", "DECLINED", "in_every_locale"]

CORRECTED = N_(
    "The village desk of {village} corrected your household's record as you asked.\n\n{answer}"
    "\n\nSee it with /keluarga."
)
DECLINED = N_(
    "The village desk of {village} could not make the correction you asked for:\n\n{answer}"
    "\n\nSee your household's record with /keluarga."
)


def in_every_locale(ctx: Context, message: str, **values: str) -> Mapping[str, str]:
    """``message`` translated into each language the bot speaks, filled in."""
    if ctx.catalogs is None:
        return {ctx.locale: ctx._(message, **values)}
    return {
        locale: ctx.catalogs.get(locale).gettext(message).format(**values)
        for locale in ctx.catalogs.locales
    }
