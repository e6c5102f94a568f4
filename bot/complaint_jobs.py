"""The complaint jobs: copies of evidence files, deadlines and draft reminders, in the background.

Why here and shaped like this: downloading a file is a Bot API call (``getFile``, then the
file URL), so it belongs to the Telegram adapter; deadlines and reminders only queue
deliveries, but run in the same loop so one switch (RUN_DELIVERY_WORKER) decides where all
background work happens. Every round is bounded (a batch of files, a batch of cases), a
failure is logged and the loop carries on, and on shutdown the file being written is finished
or left as a temporary file that is never mistaken for a copy (it is renamed into place only
when complete). Several processes may run this loop at once: the rows are claimed in the
database (``storage/complaint_jobs.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
import os
import re
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Protocol

from telegram import Bot
from telegram.error import BadRequest

from bot.request import BotApi
from flows.complaints import Escalation, draft_reminder_text, escalation_text, recipient_locale
from flows.engine.i18n import Catalogs
from storage.complaint_jobs import ComplaintJobStore, EvidenceToFetch
from storage.models import utcnow

__all__ = ["MAX_DOWNLOAD", "ComplaintJobs", "FileStore", "evidence_path"]

log = logging.getLogger(__name__)

#: Telegram lets bots download files up to 20 MB through getFile; bigger ones keep their id.
MAX_DOWNLOAD = 20 * 1024 * 1024
TOO_BIG = "too big to download"
#: When the file's name and type say nothing, the usual format of each kind in Telegram.
_DEFAULT_EXT = {"photo": "jpg", "voice": "ogg", "audio": "mp3", "video": "mp4",
                "video_note": "mp4", "document": "bin"}  # fmt: skip
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


class FileStore(Protocol):
    """Where files to copy are claimed and their copies recorded (complaint evidence, and any
    capability that keeps files the same way, such as checklist documents)."""

    async def claim_evidence(self, now: datetime, *, limit: int = 10) -> list[EvidenceToFetch]:
        """Take files still to copy."""
        ...

    async def evidence_fetched(self, evidence_id: int, local_path: str, now: datetime) -> None:
        """Record a copy."""
        ...

    async def evidence_failed(
        self, evidence_id: int, error: str, now: datetime, *, final: bool = False
    ) -> None:
        """Record a failed download."""
        ...


def _extension(kind: str, file_path: str, mime_type: str | None) -> str:
    suffix = PurePosixPath(file_path).suffix.lstrip(".")
    if not suffix and mime_type:
        suffix = (mimetypes.guess_extension(mime_type) or "").lstrip(".")
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix)[:8].lower()
    return suffix or _DEFAULT_EXT.get(kind, "bin")


def evidence_path(item: EvidenceToFetch, file_path: str) -> PurePosixPath:
    """Where one file's copy goes under FILES_DIR: ``<village>/<reference>/<id>-<kind>.<ext>``."""
    village = _SAFE.sub("", item.village_code) or "village"
    reference = _SAFE.sub("", item.reference) or f"case-{item.id}"
    extension = _extension(item.kind, file_path, item.mime_type)
    return PurePosixPath(village, reference, f"{item.id}-{_SAFE.sub('', item.kind)}.{extension}")


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class ComplaintJobs:
    """Runs the complaint jobs until stopped: files often, deadlines and drafts every minute."""

    def __init__(
        self,
        bot: Bot,
        store: ComplaintJobStore,
        catalogs: Catalogs,
        files_dir: Path,
        *,
        default_locale: str = "id",
        files_every: float = 10.0,
        deadlines_every: float = 60.0,
        batch: int = 10,
        clock: Callable[[], datetime] = utcnow,
        file_stores: Sequence[FileStore] = (),
        also: Sequence[Callable[[], Awaitable[object]]] = (),
        often: Sequence[Callable[[], Awaitable[object]]] = (),
    ) -> None:
        self._bot = bot
        self._api = BotApi(bot.request, bot.base_url)
        self._store = store
        self._catalogs = catalogs
        self._files_dir = files_dir
        self._default_locale = default_locale
        self._files_every = files_every
        self._deadlines_every = deadlines_every
        self._batch = batch
        self._clock = clock
        #: Complaint evidence first, then other capabilities' files, through one downloader.
        self._file_stores: tuple[FileStore, ...] = (store, *file_stores)
        #: Other capabilities' rounds, run with the deadlines (checklist reminders, expiry).
        self._also = tuple(also)
        #: Rounds someone waits for (an officer's export), run with the files, every few seconds.
        self._often = tuple(often)

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set; a failing round is logged and tried again next time."""
        log.info("complaint jobs started (files in %s)", self._files_dir)
        next_deadlines = 0.0
        while not stop.is_set():
            if time.monotonic() >= next_deadlines:
                next_deadlines = time.monotonic() + self._deadlines_every
                await self._guarded("deadlines", self.deadlines())
                for work in self._also:
                    await self._guarded("other jobs", work())
            await self._guarded("evidence files", self.fetch_evidence(stop))
            for work in self._often:
                await self._guarded("waited-for jobs", work())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self._files_every)
        log.info("complaint jobs stopped")

    @staticmethod
    async def _guarded(what: str, work: Awaitable[object]) -> None:
        try:
            await work
        except Exception:
            log.exception("complaint jobs: %s failed; trying again next round", what)

    # --- deadlines and drafts ---------------------------------------------------------------

    async def deadlines(self) -> tuple[int, int, int]:
        """Escalate overdue cases, remind unfinished reports, drop old drafts (counts of each)."""
        now = self._clock()
        escalated = await self._store.escalate(now, self._escalation_text)
        reminded = await self._store.remind_drafts(now, self._reminder_text)
        deleted = await self._store.delete_old_drafts(now)
        if escalated or reminded or deleted:
            log.info(
                "complaints: %d escalated, %d drafts reminded, %d old drafts deleted",
                escalated, reminded, deleted,
            )  # fmt: skip
        return escalated, reminded, deleted

    def _locale(self, chosen: str | None, language_code: str | None) -> str:
        return recipient_locale(self._catalogs, chosen, language_code, self._default_locale)

    def _escalation_text(self, case: Escalation) -> Callable[[str | None, str | None], str]:
        def text(chosen: str | None, language_code: str | None) -> str:
            return escalation_text(self._catalogs, self._locale(chosen, language_code), case)

        return text

    def _reminder_text(self, chosen: str | None, language_code: str | None) -> str:
        return draft_reminder_text(self._catalogs, self._locale(chosen, language_code))

    # --- evidence files ---------------------------------------------------------------------

    async def fetch_evidence(self, stop: asyncio.Event | None = None) -> int:
        """Copy one batch of files of each store under FILES_DIR; returns how many were copied."""
        copied = 0
        for store in self._file_stores:
            for item in await store.claim_evidence(self._clock(), limit=self._batch):
                if stop is not None and stop.is_set():  # unclaimed by time: a later round
                    return copied
                if await self._fetch(item, store):
                    copied += 1
        return copied

    async def _fetch(self, item: EvidenceToFetch, store: FileStore | None = None) -> bool:
        store = store or self._store
        if item.size is not None and item.size > MAX_DOWNLOAD:
            await store.evidence_failed(item.id, TOO_BIG, self._clock(), final=True)
            return False
        try:
            found = await self._api.call("getFile", {"file_id": item.file_id})
            file_path = str(found.get("file_path") or "")
            if not file_path:
                raise ValueError("telegram gave no file path")
            data = await self._bot.request.retrieve(
                f"{self._bot.base_file_url}/{file_path}",
                read_timeout=120.0, write_timeout=10.0, connect_timeout=10.0, pool_timeout=10.0,
            )  # fmt: skip
            relative = evidence_path(item, file_path)
            await asyncio.to_thread(_write_atomically, self._files_dir / relative, data)
        except BadRequest as exc:
            too_big = "too big" in exc.message.lower()
            reason = TOO_BIG if too_big else f"telegram refused it: {exc.message}"
            log.warning("evidence %d not downloaded: %s", item.id, reason)
            await store.evidence_failed(item.id, reason, self._clock(), final=too_big)
            return False
        except Exception as exc:
            log.warning("evidence %d not downloaded (try %d): %r", item.id, item.attempts + 1, exc)
            await store.evidence_failed(item.id, f"{type(exc).__name__}: {exc}", self._clock())
            return False
        await store.evidence_fetched(item.id, str(relative), self._clock())
        return True
