"""The village office in the chat: village data as a file (exports) and the ``/web`` link.

Exports on purpose: ``CAPABILITY``; ``ExportRequested`` (the effect storage records) and the
export catalogue (``OFFERED``, ``export_kind``: which export needs which right, read again by
storage and the export job); the texts the export job sends with the file;
``WebSignInIssued`` (for the web sign-in storage); ``LINK_VALID`` and ``token_hash`` (the web
server hashes tokens the same way); ``VIEW_PERMISSIONS`` and ``view_permission`` (which
permission each office view needs on the web page).
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.office import exports, signin
from flows.office.catalogue import FORMATS, OFFERED, ExportKind, export_kind, offered_to
from flows.office.effects import WebSignInIssued
from flows.office.export_effects import ExportRequested
from flows.office.export_notices import export_failed_text, export_ready_text, export_refused_text
from flows.office.signin import LINK_VALID, token_hash
from flows.office.views import VIEW_PERMISSIONS, view_permission

__all__ = [
    "CAPABILITY",
    "FORMATS",
    "LINK_VALID",
    "OFFERED",
    "VIEW_PERMISSIONS",
    "ExportKind",
    "ExportRequested",
    "WebSignInIssued",
    "export_failed_text",
    "export_kind",
    "export_ready_text",
    "export_refused_text",
    "offered_to",
    "token_hash",
    "view_permission",
]

CAPABILITY = Capability(
    name="office",
    modules=(exports, signin),
    commands={"web": "web:signin"},
)
