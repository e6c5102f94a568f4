"""Reading the time an officer types ("19:30", "besok 07:00", "2026-12-01 08:00").

Times are the village's local time; a bare "HH:MM" already past today means tomorrow. The
result is UTC, as everything is stored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["parse_local_time"]

_TIME = re.compile(r"(?:(?P<tomorrow>besok|tomorrow)\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})")
_DATE_TIME = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\s+(?P<h>\d{1,2})[:.](?P<m>\d{2})"
)
_DAY_TIME = re.compile(r"(?P<d>\d{1,2})[-/](?P<mo>\d{1,2})\s+(?P<h>\d{1,2})[:.](?P<m>\d{2})")
#: An announcement scheduled further ahead is more likely a typo than a plan.
HORIZON = timedelta(days=60)


def parse_local_time(text: str, now: datetime, timezone: str) -> datetime | None:
    """The UTC moment meant by ``text`` in ``timezone``; None if unreadable, past or too far."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    typed = " ".join(text.casefold().split())
    try:
        if match := _DATE_TIME.fullmatch(typed):
            year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
            moment = datetime(year, month, day, int(match["h"]), int(match["m"]), tzinfo=zone)
        elif match := _DAY_TIME.fullmatch(typed):
            moment = datetime(
                local_now.year, int(match["mo"]), int(match["d"]),
                int(match["h"]), int(match["m"]), tzinfo=zone,
            )  # fmt: skip
            if moment < local_now:
                moment = moment.replace(year=moment.year + 1)
        elif match := _TIME.fullmatch(typed):
            moment = local_now.replace(
                hour=int(match["h"]), minute=int(match["m"]), second=0, microsecond=0
            )
            if match["tomorrow"] or moment <= local_now:
                moment += timedelta(days=1)
        else:
            return None
    except ValueError:  # 25:00, 31-02
        return None
    if moment <= local_now or moment - local_now > HORIZON:
        return None
    return moment.astimezone(UTC)
