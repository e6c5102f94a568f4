"""Messages about a child that reach people outside their own conversation.

Updates, answers, video-call times, reminders and monthly summaries go through the delivery
engine, so they are rendered here in every language the bot speaks (``locale → text``);
storage gives each recipient their own. Dates and times are written by storage in the
recipient's own time zone where it matters (the video call), so here they arrive as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.context import Context
from flows.engine.i18n import N_, Catalogs

__all__ = [
    "ANSWER",
    "CALL_CONFIRMED",
    "CALL_DECLINED",
    "CALL_REMINDER",
    "MONTHLY",
    "OFFICER_CALL_REMINDER",
    "UPDATE",
    "in_every_locale",
    "monthly_text",
]

UPDATE = N_("👶 News about {name} from the village parenting group:\n\n{text}\n\nMore: /anak")
ANSWER = N_("The facilitator of {name} answered you:\n\n{text}\n\nSee {name}'s news with /anak.")
CALL_CONFIRMED = N_(
    "Your video call with {name} is set for {when} (your time), at the village desk of "
    "{village}. You will get a reminder an hour before."
)
CALL_DECLINED = N_(
    "The village could not arrange the video call with {name} at that time. Please ask again "
    "with /anak and suggest another time."
)
CALL_REMINDER = N_("Reminder: your video call with {name} starts in an hour ({when}, your time).")
OFFICER_CALL_REMINDER = N_("Reminder: video call for {name} at the desk in an hour ({when}).")
MONTHLY = N_(
    "📅 {name} in {month}: the village parenting group wrote {count} update(s).\n\n{lines}"
    "\n\nSee them all with /anak."
)


def in_every_locale(ctx: Context, message: str, **values: str) -> Mapping[str, str]:
    """``message`` translated into each language the bot speaks, filled in."""
    if ctx.catalogs is None:
        return {ctx.locale: ctx._(message, **values)}
    return {
        locale: ctx.catalogs.get(locale).gettext(message).format(**values)
        for locale in ctx.catalogs.locales
    }


def monthly_text(catalogs: Catalogs, locale: str, **values: str) -> str:
    """The monthly summary of one child, in ``locale``."""
    return catalogs.get(locale).gettext(MONTHLY).format(**values)
