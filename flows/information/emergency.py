"""The emergency help, for other capabilities that must show it first (a report of violence).

Only the official contacts from the emergency topic, so the report can go on right after.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.information.library import EMERGENCY_TOPIC, library_of

__all__ = ["emergency_help", "sounds_like_danger"]

FIRST = N_(
    "Your safety comes first. If you are in danger, contact these official services now. "
    "You are not alone."
)


def emergency_help(ctx: Context) -> tuple[Reply, ...]:
    """The safety line and the emergency contacts page."""
    replies = [Reply(ctx._(FIRST))]
    topic = library_of(ctx).topics.topic(ctx.locale, EMERGENCY_TOPIC)
    if topic is not None:
        replies.append(Reply(f"{topic.title}\n\n{topic.body.strip()}"))
    return tuple(replies)


def sounds_like_danger(ctx: Context, text: str) -> bool:
    """Whether ``text`` reads like someone in danger now (the same check as everywhere)."""
    return library_of(ctx).answerer.danger(text, ctx.locale) is not None
