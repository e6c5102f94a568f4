"""What the officer reads when the export job has made (or could not make) their file.

The job runs outside any conversation, so the texts are written here with the officer's
language from the request; the job in ``bot/export_jobs.py`` calls these.
"""

from __future__ import annotations

from flows.engine.i18n import N_, Catalogs
from flows.office.catalogue import export_kind

__all__ = ["export_failed_text", "export_ready_text", "export_refused_text"]

READY = N_("📊 {what}, {village}: {rows} row(s). Keep this file safe; delete it when done.")
READY_PERSONAL = N_(
    "📊 {what}, {village}: {rows} row(s). This file holds residents' personal data: keep it "
    "on the office computer only, never share it in groups, and delete it when done."
)
REFUSED = N_(
    "Your export of {village} was not made: you no longer have the right to this data. "
    "Nothing was sent."
)
FAILED = N_("Sorry, your export of {village} could not be made. Please try again later.")


def _label(catalogs: Catalogs, locale: str, what: str) -> str:
    kind = export_kind(what)
    return catalogs.get(locale).gettext(kind.label) if kind is not None else what


def export_ready_text(
    catalogs: Catalogs, locale: str, *, what: str, village: str, rows: int, personal: bool
) -> str:
    """The caption of the file (a stronger warning when it holds personal data)."""
    message = catalogs.get(locale).gettext(READY_PERSONAL if personal else READY)
    return message.format(what=_label(catalogs, locale, what), village=village, rows=rows)


def export_refused_text(catalogs: Catalogs, locale: str, *, village: str) -> str:
    """The officer's right was withdrawn between asking and the job: nothing is sent."""
    return catalogs.get(locale).gettext(REFUSED).format(village=village)


def export_failed_text(catalogs: Catalogs, locale: str, *, village: str) -> str:
    """The file could not be made (an error on our side)."""
    return catalogs.get(locale).gettext(FAILED).format(village=village)
