"""Complaints: residents report problems; the village desk tracks each case to its end.

Exports on purpose: the effects, ``CaseEvidence``, the reads (``ComplaintQueries``,
``CaseRow``, ``CaseMessage``) and the statuses (for this capability's storage module); the
jobs' notices (``Escalation``, ``escalation_text``, ``draft_reminder_text``,
``recipient_locale`` and the jobs' timings) for the background jobs the bot runs.
"""

from __future__ import annotations

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

__all__ = [
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
