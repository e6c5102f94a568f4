"""Answers written by a village's own officers, searched before the national content.

Officers add topics for questions only their village can answer (when the desk is open, what
the village cooperative offers). Only residents of that village see them; each shows which
village office wrote it and when. The small search index per village is cached until the
village's list of topics changes.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.information.library import library_of
from flows.information.ports import information_queries
from flows.information.qa import Answer
from flows.information.topics import Source, Topic

__all__ = ["PREFIX", "village_answer", "village_topic"]

#: Topic ids of officer-written topics start with this, e.g. ``desa-12``.
PREFIX = "desa-"
WRITTEN_BY = N_("the officers of {village}")


async def _topics(ctx: Context) -> tuple[tuple[Topic, ...], tuple[int, ...]]:
    village = ctx.person.village
    if village is None:
        return (), ()
    rows = await information_queries(ctx).village_topics(village.code)
    topics = tuple(
        Topic(
            id=f"{PREFIX}{row.id}",
            locale=row.locale,
            phase="village",
            title=row.title,
            keywords=row.keywords,
            body=row.body,
            related=(),
            sources=(Source(ctx._(WRITTEN_BY, village=row.village_name), url="", grade="village"),),
            checked_on=row.created_on,
        )
        for row in rows
    )
    return topics, tuple(row.id for row in rows)


async def village_topic(ctx: Context, topic_id: str) -> Topic | None:
    """An officer-written topic of the person's own village (never another village's)."""
    topics, _ = await _topics(ctx)
    return next((t for t in topics if t.id == topic_id), None)


async def village_answer(ctx: Context, text: str) -> Answer | None:
    """A confident answer from the person's village topics, if there is one."""
    topics, ids = await _topics(ctx)
    if not topics or ctx.person.village is None:
        return None
    answerer = library_of(ctx).village_topics.answerer(ctx.person.village.code, topics, ids)
    answer = answerer.ask(text, ctx.locale)
    return answer if answer.kind == "confident" else None
