"""The parenting job: each child's monthly summary to its linked parents.

It runs in the complaint jobs' loop (``bot/complaint_jobs.py``), like the checklist rounds;
what the summary says is written here in each parent's language, and ``storage`` decides who
receives it (only the actively linked parents) and queues it once per child and month.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from flows.engine.i18n import Catalogs
from flows.parenting import monthly_text
from storage.models import utcnow
from storage.parenting_jobs import MonthSummary, ParentingJobStore

__all__ = ["ParentingJobs", "summary_text"]

log = logging.getLogger(__name__)


def summary_text(catalogs: Catalogs, locale: str, summary: MonthSummary) -> str:
    """The summary in ``locale``: the month's updates, one short line each."""
    year, month = summary.month.split("-")
    lines = "\n".join(
        f"• {at:%d/%m}: {text if len(text) <= 80 else text[:79] + '…'}"
        for at, text in summary.updates
    )
    return monthly_text(
        catalogs,
        locale,
        name=summary.child_name,
        month=f"{month}/{year}",  # a number reads the same in every language
        count=str(summary.count),
        lines=lines,
    )


class ParentingJobs:
    """One round of the parenting job; the complaint jobs' loop calls ``run_round``."""

    def __init__(
        self,
        store: ParentingJobStore,
        catalogs: Catalogs,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._catalogs = catalogs
        self._clock = clock

    async def run_round(self) -> int:
        """Queue the summaries of last month that are not queued yet (how many children)."""
        sent = await self._store.monthly_summaries(
            self._clock(), lambda locale, summary: summary_text(self._catalogs, locale, summary)
        )
        if sent:
            log.info("parenting: %d monthly summaries queued", sent)
        return sent
