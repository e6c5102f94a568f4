"""Complaints: residents report problems; the village desk tracks each case to its end.

Exports on purpose: ``CAPABILITY``; the effects and rows its storage module needs
(``flows.complaints.effects``, ``flows.complaints.ports``); ``load_categories`` and
``Categories`` (the deadlines the complaint jobs escalate by); ``notices`` (texts the jobs
render in each recipient's language).
"""

from __future__ import annotations

from flows.complaints import cases, desk, notices, report
from flows.complaints.categories import Categories, Category, load_categories
from flows.complaints.effects import (
    CaseEvidence,
    ComplaintAdded,
    ComplaintDraftDiscarded,
    ComplaintDraftSaved,
    ComplaintSubmitted,
    ComplaintWithdrawn,
    EvidenceRequested,
    OfficerAnswered,
    OfficerChangedStatus,
    OfficerTookCase,
)
from flows.complaints.ports import (
    OPEN_STATUSES,
    STATUSES,
    CaseMessage,
    CaseRow,
    ComplaintQueries,
)
from flows.engine.capability import Capability
from flows.engine.i18n import N_

__all__ = [
    "CAPABILITY",
    "OPEN_STATUSES",
    "STATUSES",
    "CaseEvidence",
    "CaseMessage",
    "CaseRow",
    "Categories",
    "Category",
    "ComplaintAdded",
    "ComplaintDraftDiscarded",
    "ComplaintDraftSaved",
    "ComplaintQueries",
    "ComplaintSubmitted",
    "ComplaintWithdrawn",
    "EvidenceRequested",
    "OfficerAnswered",
    "OfficerChangedStatus",
    "OfficerTookCase",
    "load_categories",
    "notices",
]

CAPABILITY = Capability(
    name="complaints",
    modules=(report, cases, desk),
    commands={
        "lapor": "report:start",
        "report": "report:start",
        "status": "cases:list",
        "laporan": "desk:queue",
    },
    menu_commands=(
        ("lapor", N_("Report a problem to the village desk")),
        ("status", N_("My reports and their answers")),
    ),
    load_content=load_categories,
)
