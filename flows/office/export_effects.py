"""Effects of the office exports: an officer asked for a file of their village's data."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine.effects import Effect

__all__ = ["ExportRequested"]


@dataclass(frozen=True, slots=True)
class ExportRequested(Effect):
    """An officer asked for one export of the village they act for, as csv or xlsx.

    Storage checks the right again, records the request and audits it; the background job
    makes the file later and sends it to the officer's chat (checking the right once more).
    """

    officer: str  # the officer's account id on their channel
    village_code: str
    what: str  # a name of ``catalogue.OFFERED``
    fmt: str  # csv or xlsx
    locale: str  # the language of the messages that come with the file
