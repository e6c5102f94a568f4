"""What the parenting flows share: names of relations and topics, ages and dates."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.parenting.ports import UpdateRow
from flows.parenting.templates import Templates

__all__ = ["RELATION_NAMES", "age_of", "topic_label", "update_line"]

RELATION_NAMES = {
    "mother": N_("mother"),
    "father": N_("father"),
    "guardian": N_("guardian abroad"),
    "caregiver": N_("caregiver at home"),
}
UPDATE_LINE = N_("{date} · {topic}\n{text}{photos}")
PHOTOS = N_(" (📷 {count})")


def age_of(born: date, today: date) -> int:
    """Full years since ``born``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def topic_label(ctx: Context, topic: str) -> str:
    """An update's topic in the reader's language."""
    found = ctx.content.of(Templates).get(topic)
    return found.label(ctx.locale) if found else topic


def update_line(ctx: Context, update: UpdateRow, timezone: str) -> str:
    """One update as a list shows it."""
    photos = ctx._(PHOTOS, count=str(len(update.photos))) if update.photos else ""
    return ctx._(
        UPDATE_LINE,
        date=update.at.astimezone(ZoneInfo(timezone)).strftime("%d-%m-%Y"),
        topic=topic_label(ctx, update.topic),
        text=update.text,
        photos=photos,
    )
