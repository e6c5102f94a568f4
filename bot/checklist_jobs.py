"""The checklist jobs: reminders, expiry warnings, and deleting copies of withdrawn files.

They run in the complaint jobs' loop (``bot/complaint_jobs.py``), which also copies checklist
files through its one downloader; this module writes each notice in the recipient's own
language and removes from FILES_DIR the copy of a file its keeper withdrew (the bot owns that
folder, so the deletion happens here, not in storage).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flows.checklists import ExpiryWarning, expiry_text, reminder_text
from flows.complaints import recipient_locale
from flows.engine.i18n import Catalogs
from storage.checklist_jobs import ChecklistJobStore
from storage.models import utcnow

__all__ = ["ChecklistJobs"]

log = logging.getLogger(__name__)

Text = Callable[[str | None, str | None], str]


class ChecklistJobs:
    """One round of the checklist jobs; the complaint jobs' loop calls ``run_round``."""

    def __init__(
        self,
        store: ChecklistJobStore,
        catalogs: Catalogs,
        files_dir: Path,
        *,
        default_locale: str = "id",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._catalogs = catalogs
        self._files_dir = files_dir
        self._default_locale = default_locale
        self._clock = clock

    async def run_round(self) -> tuple[int, int, int]:
        """Remind, warn, and purge withdrawn copies (counts of each)."""
        now = self._clock()
        reminded = await self._store.remind(now, self._reminder)
        warned = await self._store.warn_expiry(now, self._expiry)
        purged = await self.purge(now)
        if reminded or warned or purged:
            log.info("checklists: %d reminded, %d expiry warnings, %d copies deleted",
                     reminded, warned, purged)  # fmt: skip
        return reminded, warned, purged

    def _locale(self, chosen: str | None, language_code: str | None) -> str:
        return recipient_locale(self._catalogs, chosen, language_code, self._default_locale)

    def _reminder(self, reference: str, ready: int, total: int) -> Text:
        def text(chosen: str | None, language_code: str | None) -> str:
            locale = self._locale(chosen, language_code)
            return reminder_text(self._catalogs, locale, reference, ready, total)

        return text

    def _expiry(self, warning: ExpiryWarning, desk: bool) -> Text:
        def text(chosen: str | None, language_code: str | None) -> str:
            locale = self._locale(chosen, language_code)
            return expiry_text(self._catalogs, locale, warning, desk=desk)

        return text

    async def purge(self, now: datetime) -> int:
        """Delete our copies of files their keepers withdrew; returns how many."""
        purged = 0
        root = self._files_dir.resolve()
        for file_id, relative in await self._store.withdrawn_copies():
            target = (root / relative).resolve()
            if root in target.parents:  # never outside FILES_DIR, whatever the row says
                with contextlib.suppress(FileNotFoundError):
                    await asyncio.to_thread(target.unlink)
            await self._store.copy_purged(file_id, now)
            purged += 1
        return purged
