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
from flows.parenting.common import RELATION_NAMES

__all__ = [
    "ANSWER",
    "CALL_CONFIRMED",
    "CALL_DECLINED",
    "CALL_REMINDER",
    "LINK_WAITS",
    "MONTHLY",
    "OFFICER_CALL_REMINDER",
    "UPDATE",
    "link_waits_in_every_locale",
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
LINK_WAITS = N_(
    "⏳ Someone is waiting to follow {name} as their {relation}: your village asks the "
    "caregiver at home to confirm first. The caregiver confirms with /anak; if they tell you "
    "their answer, record it in 👶 Community parenting (/pengasuhan) → ⏳ Links waiting."
)
MONTHLY = N_(
    "📅 {name} in {month}: the village parenting group wrote {count} update(s).\n\n{lines}"
    "\n\nSee them all with /anak."
)


def link_waits_in_every_locale(ctx: Context, name: str, relation: str) -> Mapping[str, str]:
    """The team's notice of a waiting link in every language, the relation named in each."""
    first = name.split()[0] if name.split() else name
    if ctx.catalogs is None:
        named = ctx._(RELATION_NAMES.get(relation, relation))
        return {ctx.locale: ctx._(LINK_WAITS, name=first, relation=named)}
    notices = {}
    for locale in ctx.catalogs.locales:
        catalog = ctx.catalogs.get(locale)
        named = catalog.gettext(RELATION_NAMES.get(relation, relation))
        notices[locale] = catalog.gettext(LINK_WAITS).format(name=first, relation=named)
    return notices


def monthly_text(catalogs: Catalogs, locale: str, **values: str) -> str:
    """The monthly summary of one child, in ``locale``."""
    return catalogs.get(locale).gettext(MONTHLY).format(**values)
