"""A topic as a cheap phone shows it: the answer first, one short source line, the rest on request.

A page holds the topic's title and text (long topics read page by page). The last page ends
with one short line naming the first source, how many more there are and when the topic was
checked; "📚 Sources" shows them all. Opening a topic is counted for the village office
(``TopicViewed``: village and day, never the person).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Reply
from flows.engine.nodes import Data, Prompt
from flows.engine.pages import paginate
from flows.information.effects import TopicViewed
from flows.information.library import library_of
from flows.information.topics import Topic
from flows.information.village_topics import PREFIX, village_topic

__all__ = [
    "BACK",
    "HOME",
    "NEXT",
    "SOURCES",
    "TOPIC",
    "find_topic",
    "nav",
    "render_sources",
    "render_topic",
    "source_line",
    "viewed",
]

NEXT = N_("Next ▶")
BACK = N_("⬅ Back")
HOME = N_("🏠 Main menu")
SOURCES = N_("📚 Sources")
PAGE = N_("(page {page} of {pages})")
SOURCE = N_("Source: {source}. Checked on {date}.")
SOURCE_AND_MORE = N_("Source: {source} (+{more} more). Checked on {date}.")
ALL_SOURCES = N_("Sources of “{title}” (checked on {date}):")
#: Button ids of related topics carry this prefix.
TOPIC = "t:"
#: How many related topics a page offers at most (with next, sources, back and home: 7).
RELATED = 3


def find_topic(ctx: Context, topic_id: object) -> Topic | None:
    """A national topic in the person's language (Indonesian when missing), if it exists."""
    return library_of(ctx).topics.topic(ctx.locale, str(topic_id)) if topic_id else None


def nav(ctx: Context, *, back: bool = True) -> tuple[Choice, ...]:
    """The way back and home, at the end of every keyboard."""
    home = Choice("home", ctx._(HOME))
    return (Choice("back", ctx._(BACK)), home) if back else (home,)


def viewed(ctx: Context, topic_id: str) -> TopicViewed:
    """The effect counting one opening of a topic, for the reader's village and local day."""
    village = ctx.person.village
    zone = ZoneInfo(village.timezone if village else "Asia/Jakarta")
    code = village.code if village else None
    return TopicViewed(topic_id, code, ctx.now.astimezone(zone).date())


def source_line(ctx: Context, topic: Topic) -> str:
    """One short line: the first source, how many more, and when the topic was checked."""
    # titles only: the addresses stay in the content file, where the office reviews them
    date = topic.checked_on.isoformat()
    if not topic.sources:
        return ""
    first, more = topic.sources[0].title, len(topic.sources) - 1
    if more:
        return ctx._(SOURCE_AND_MORE, source=first, more=more, date=date)
    return ctx._(SOURCE, source=first, date=date)


async def _wanted(ctx: Context, data: Data) -> Topic | None:
    wanted = str(data.get("topic", ""))
    return (
        await village_topic(ctx, wanted) if wanted.startswith(PREFIX) else find_topic(ctx, wanted)
    )


async def render_topic(ctx: Context, data: Data) -> Prompt | None:
    """One page of a topic with its keyboard; None when the topic does not exist."""
    topic = await _wanted(ctx, data)
    if topic is None:
        return None
    pages = paginate(topic.body)
    raw_page = str(data.get("page", 0))
    page = min(int(raw_page), len(pages) - 1) if raw_page.isdecimal() else 0
    last = page == len(pages) - 1
    parts = [f"{topic.title}\n\n{pages[page]}"]
    if len(pages) > 1:
        parts.append(ctx._(PAGE, page=page + 1, pages=len(pages)))
    if last and topic.sources:
        parts.append(source_line(ctx, topic))
    choices: list[Choice] = []
    if not last:
        choices.append(Choice("next", ctx._(NEXT)))
    for related_id in topic.related[:RELATED]:
        related = find_topic(ctx, related_id)
        if related is not None:
            choices.append(Choice(TOPIC + related.id, related.title))
    if last and len(topic.sources) > 1:
        choices.append(Choice("sources", ctx._(SOURCES)))
    # counted once per opening: not again for the next page, the sources, or a page shown again
    opened = page == 0 and data.get("counted") != topic.id
    return Prompt(
        replies=(Reply("\n\n".join(parts)),),
        choices=(*choices, *nav(ctx)),
        data={"topic": topic.id, "page": page, "phase": topic.phase, "counted": topic.id},
        effects=(viewed(ctx, topic.id),) if opened else (),
    )


async def render_sources(ctx: Context, data: Data) -> Prompt | None:
    """Every source of the topic, numbered; None when the topic does not exist."""
    topic = await _wanted(ctx, data)
    if topic is None:
        return None
    heading = ctx._(ALL_SOURCES, title=topic.title, date=topic.checked_on.isoformat())
    lines = [f"{n}. {source.title}" for n, source in enumerate(topic.sources, start=1)]
    return Prompt(replies=(Reply("\n".join((heading, *lines))),), choices=nav(ctx), data=data)
