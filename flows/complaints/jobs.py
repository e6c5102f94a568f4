"""What the complaint jobs tell people, decided and written here; storage only queues it.

The background jobs (``bot/complaint_jobs.py`` with ``storage/complaint_jobs.py``) escalate
cases past their deadline and remind people of an unfinished report. Who is told at each
escalation level, after how long, and the words of each notice in the recipient's own
language live here, free of SQL, so they can be read and tested on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.complaints.notices import DRAFT_REMINDER, ESCALATED, render
from flows.engine.content import ContentError, content_root, read_toml, require_str
from flows.engine.i18n import Catalogs, resolve_locale

__all__ = [
    "DRAFT_KEPT_FOR",
    "DRAFT_REMIND_AFTER",
    "ESCALATE_AGAIN_AFTER",
    "ESCALATION_ROLES",
    "Escalation",
    "category_labels",
    "draft_reminder_text",
    "escalation_text",
    "format_due",
    "recipient_locale",
]

#: A draft untouched this long gets its one reminder.
DRAFT_REMIND_AFTER = timedelta(hours=24)
#: A draft untouched this long is deleted.
DRAFT_KEPT_FOR = timedelta(days=7)
#: A case still open this long after the coordinators were told goes to the district admins.
ESCALATE_AGAIN_AFTER = timedelta(hours=24)
#: Escalation level → the officer role told at that level (coordinators of the case's
#: village, then the district admins of its kabupaten).
ESCALATION_ROLES: Mapping[int, str] = {1: "coordinator", 2: "district_admin"}


@dataclass(frozen=True, slots=True)
class Escalation:
    """A case past its deadline, as its escalation notice names it."""

    complaint_id: int
    reference: str
    category: str
    village_name: str
    timezone: str  # the village's, to show the deadline in local time
    due_at: datetime
    level: int  # 1 coordinators, 2 district admins


@cache
def category_labels() -> Mapping[str, Mapping[str, str]]:
    """Each category's label by locale (``{"wages": {"id": "Gaji…", "en": "Unpaid wages"}}``)."""
    file = "categories.toml"
    data = read_toml(content_root("flows.complaints") / file, schema=1)
    labels: dict[str, dict[str, str]] = {}
    for index, entry in enumerate(data.get("category", [])):
        where = f"category[{index}]."
        category = require_str(entry, "id", file, where=where)
        labels[category] = {
            key.removesuffix("_label"): require_str(entry, key, file, where=where)
            for key in entry
            if key.endswith("_label")
        }
    if not labels:
        raise ContentError(file, "category", "at least one category is needed")
    return labels


def _label(category: str, locale: str) -> str:
    names = category_labels().get(category, {})
    return names.get(locale) or names.get("id") or category


def format_due(at: datetime, timezone: str) -> str:
    """A deadline as people read it where the village is, e.g. ``2026-12-01 14:00 WIB``."""
    try:
        zone = ZoneInfo(timezone or "Asia/Jakarta")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Asia/Jakarta")
    local = at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".strip()


def recipient_locale(
    catalogs: Catalogs, chosen: str | None, language_code: str | None, default: str = "id"
) -> str:
    """The language a notice is written in: the person's choice, then their app's, then ours."""
    return resolve_locale(chosen, language_code, catalogs.locales, default)


def escalation_text(catalogs: Catalogs, locale: str, case: Escalation) -> str:
    """The reminder an officer gets about a case past its deadline, in their language."""
    return render(
        catalogs.get(locale),
        ESCALATED,
        reference=case.reference,
        category=_label(case.category, locale),
        village=case.village_name,
        due=format_due(case.due_at, case.timezone),
    )


def draft_reminder_text(catalogs: Catalogs, locale: str) -> str:
    """The one reminder about an unfinished report, in the person's language."""
    return render(catalogs.get(locale), DRAFT_REMINDER)
