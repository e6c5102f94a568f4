"""Office: the village office's tools in the chat; here, village data as a file (exports).

Exports on purpose: ``CAPABILITY``; ``ExportRequested`` (the effect storage records) and the
export catalogue (``OFFERED``, ``export_kind``: which export needs which right, read again by
storage and the export job); the texts the export job sends with the file.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.office import exports
from flows.office.catalogue import FORMATS, OFFERED, ExportKind, export_kind, offered_to
from flows.office.export_effects import ExportRequested
from flows.office.export_notices import export_failed_text, export_ready_text, export_refused_text

__all__ = [
    "CAPABILITY",
    "FORMATS",
    "OFFERED",
    "ExportKind",
    "ExportRequested",
    "export_failed_text",
    "export_kind",
    "export_ready_text",
    "export_refused_text",
    "offered_to",
]

CAPABILITY = Capability(name="office", modules=(exports,))
