"""Complaints: residents report problems; the village desk tracks each case to its end.

Exports on purpose: ``CAPABILITY``; the effects, ``CaseEvidence``, the reads
(``ComplaintQueries``, ``CaseRow``, ``CaseMessage``) and the statuses (for this capability's
storage module); the jobs' notices (``Escalation``, ``escalation_text``,
``draft_reminder_text``, ``recipient_locale`` and the jobs' timings) for the background jobs
the bot runs.
"""

from __future__ import annotations

from flows.complaints import cases, desk, report
from flows.complaints.categories import load_categories
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
from flows.complaints.jobs import (
    DRAFT_KEPT_FOR,
    DRAFT_REMIND_AFTER,
    ESCALATE_AGAIN_AFTER,
    ESCALATION_ROLES,
    Escalation,
    draft_reminder_text,
    escalation_text,
    recipient_locale,
)
from flows.complaints.ports import (
    OPEN_STATUSES,
    STATUSES,
    CaseMessage,
    CaseRow,
    ComplaintQueries,
    complaint_queries,
)
from flows.engine.capability import Capability
from flows.engine.i18n import N_

__all__ = [
    "CAPABILITY",
    "DRAFT_KEPT_FOR",
    "DRAFT_REMIND_AFTER",
    "ESCALATE_AGAIN_AFTER",
    "ESCALATION_ROLES",
    "OPEN_STATUSES",
    "STATUSES",
    "CaseEvidence",
    "CaseMessage",
    "CaseRow",
    "ComplaintAdded",
    "ComplaintDraftDiscarded",
    "ComplaintDraftSaved",
    "ComplaintQueries",
    "ComplaintSubmitted",
    "ComplaintWithdrawn",
    "Escalation",
    "EvidenceRequested",
    "OfficerAnswered",
    "OfficerChangedStatus",
    "OfficerTookCase",
    "complaint_queries",
    "draft_reminder_text",
    "escalation_text",
    "recipient_locale",
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
