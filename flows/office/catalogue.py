"""What an officer may export from the chat, and the right each export needs.

One list, read by the flow (which buttons an officer sees) and by storage and the export job
(the right is checked again when the request is recorded and when the file is made), so the
three can never disagree. The rights themselves live in ``flows/officers/access.py``:
summaries (counts, no personal data) for every desk role; complaint figures with the
complaint rights; parenting figures with ``parenting.manage``; the resident list (names)
only with ``exports.personal`` (coordinators and desk officers).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flows.engine.i18n import N_
from flows.officers import OfficerRole, access

__all__ = ["FORMATS", "OFFERED", "ExportKind", "export_kind", "offered_to"]

#: Format → its button label (csv, or an Excel workbook).
FORMATS = {"csv": N_("CSV (any spreadsheet)"), "xlsx": N_("Excel (.xlsx)")}


@dataclass(frozen=True, slots=True)
class ExportKind:
    """One export: its name (as in ``storage.exports.EXPORTS``), its label, the right it needs."""

    name: str
    label: str
    permission: str


OFFERED: tuple[ExportKind, ...] = (
    ExportKind("residents", N_("Registered residents (count)"), "exports.summary"),
    ExportKind("residents-by-situation", N_("Residents by situation (count)"), "exports.summary"),
    ExportKind("registry-summary", N_("Migrant families: summary"), "exports.summary"),
    ExportKind("workers-abroad", N_("Migrant families: workers abroad"), "exports.summary"),
    ExportKind("businesses", N_("Migrant families: businesses"), "exports.summary"),
    ExportKind("checklist-progress", N_("Document checklists: progress"), "exports.summary"),
    ExportKind("checklist-documents", N_("Document checklists: per document"), "exports.summary"),
    ExportKind("job-interests", N_("Job notices: interest per notice"), "exports.summary"),
    ExportKind("job-notices-per-month", N_("Job notices per month"), "exports.summary"),
    ExportKind("announcement-reach", N_("Announcements: reach"), "exports.summary"),
    ExportKind("topic-views", N_("Topics read per day"), "exports.summary"),
    ExportKind("unanswered-questions", N_("Unanswered questions"), "exports.summary"),
    ExportKind("complaints-per-month", N_("Reports per month"), "complaints.count"),
    ExportKind("complaint-response-times", N_("Reports: response times"), "complaints.count"),
    ExportKind("open-complaints", N_("Open reports"), "complaints.handle"),
    ExportKind("parenting-children", N_("Parenting: children (count)"), "parenting.manage"),
    ExportKind(
        "parenting-updates-per-month", N_("Parenting: updates per month"), "parenting.manage"
    ),
    ExportKind(
        "parenting-messages-per-month", N_("Parenting: messages to parents"), "parenting.manage"
    ),
    ExportKind("resident-list", N_("👤 Resident list (names: personal data)"), "exports.personal"),
)
_BY_NAME = {kind.name: kind for kind in OFFERED}


def export_kind(name: str) -> ExportKind | None:
    """The export of that name, or None for a name nobody offers (a forged one)."""
    return _BY_NAME.get(name)


def offered_to(roles: Iterable[OfficerRole], village_code: str) -> tuple[ExportKind, ...]:
    """The exports these roles allow in that village, in the list's order."""
    allowed = access.permissions_in(roles, village_code)
    return tuple(kind for kind in OFFERED if kind.permission in allowed)
