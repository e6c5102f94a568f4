"""The export job: makes the files officers asked for in the chat and sends them there.

It runs in the background jobs' loop (``bot/complaint_jobs.py``, through its ``also`` hooks,
wired in ``bot/worker.py``), like the checklist and parenting rounds. Each round claims a few
requests (``storage/office_export_jobs.py``: once each, even with two processes), checks the
officer's right once more, writes the file with the same writers as ``desmigratif export``
into ``FILES_DIR/exports/`` (a temporary name first, renamed when complete), and queues it to
the officer's chat as a document through the delivery engine, which uploads it. Files are
deleted ``KEEP`` (one day) after they were made: long enough for the delivery (urgent, so it
is not held for quiet hours) and its retries, short enough that personal data does not
linger on the server. The office can always export again.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from bot.export_files import write_export
from flows.engine.i18n import Catalogs
from flows.office import export_failed_text, export_ready_text, export_refused_text
from storage.exports import PERSONAL_EXPORTS, stream_export
from storage.models import utcnow
from storage.office_export_jobs import ClaimedExport, ExportJobStore

__all__ = ["EXPORTS_DIR", "KEEP", "ExportJobs"]

log = logging.getLogger(__name__)

#: Where the files are written, under FILES_DIR.
EXPORTS_DIR = "exports"
#: How long a file is kept after it was made.
KEEP = timedelta(days=1)


class ExportJobs:
    """One round of the export job; the background jobs' loop calls ``run_round``."""

    def __init__(
        self,
        store: ExportJobStore,
        catalogs: Catalogs,
        files_dir: Path,
        *,
        clock: Callable[[], datetime] = utcnow,
        keep: timedelta = KEEP,
        batch: int = 3,
    ) -> None:
        self._store = store
        self._catalogs = catalogs
        self._files_dir = files_dir
        self._clock = clock
        self._keep = keep
        self._batch = batch

    async def run_round(self) -> int:
        """Make and send the waiting exports, then delete old files; returns files made."""
        made = 0
        for claim in await self._store.claim(self._clock(), limit=self._batch):
            made += await self._export(claim)
        await self.delete_old_files()
        return made

    async def _export(self, claim: ClaimedExport) -> int:
        if not await self._store.still_allowed(claim):
            log.info("export %d refused: the officer no longer has the right", claim.id)
            text = export_refused_text(self._catalogs, claim.locale, village=claim.village_name)
            await self._store.fail(
                claim, error="no right any more", text=text, refused=True, now=self._clock()
            )
            return 0
        relative = f"{EXPORTS_DIR}/{claim.id}-{claim.what}-{claim.village_code}.{claim.fmt}"
        target = self._files_dir / relative
        partial = target.with_name(f".{target.name}.part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            batches = stream_export(self._store.engine, claim.what, claim.village_code)
            rows = await write_export(batches, partial, claim.fmt)
            os.replace(partial, target)
        except Exception as exc:
            log.exception("export %d could not be made", claim.id)
            with contextlib.suppress(OSError):
                partial.unlink()
            text = export_failed_text(self._catalogs, claim.locale, village=claim.village_name)
            await self._store.fail(
                claim, error=type(exc).__name__, text=text, refused=False, now=self._clock()
            )
            return 0
        caption = export_ready_text(
            self._catalogs,
            claim.locale,
            what=claim.what,
            village=claim.village_name,
            rows=rows,
            personal=claim.what in PERSONAL_EXPORTS,
        )
        now = self._clock()
        filename = f"{claim.what}-{claim.village_code}-{now:%Y%m%d}.{claim.fmt}"
        done = await self._store.finish(
            claim, rows=rows, file_path=relative, filename=filename, caption=caption, now=now
        )
        if not done:  # the lease ran out and another job took it: its file is the one sent
            target.unlink(missing_ok=True)
            return 0
        log.info("export %d made: %d rows", claim.id, rows)
        return 1

    async def delete_old_files(self) -> int:
        """Delete the files made more than ``keep`` ago; returns how many were deleted."""
        deleted = 0
        root = self._files_dir.resolve()
        for request_id, relative in await self._store.files_done_before(self._clock() - self._keep):
            path = (root / relative).resolve()
            if path.is_relative_to(root / EXPORTS_DIR):  # never anything outside exports/
                path.unlink(missing_ok=True)
                deleted += 1
            await self._store.file_deleted(request_id)
        return deleted
