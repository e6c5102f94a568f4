"""Effects of the complaints capability: the writes its flows ask storage for.

Every officer effect names the officer (channel and account) and the village acted for, so
storage can check the case belongs to that village, audit the action, and tell the reporter
of a public change through the delivery engine (never a send from a handler): the flow
renders that ``notice`` in the reporter's language, storage only queues it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from flows.engine.effects import Effect

__all__ = [
    "CaseEvidence",
    "ComplaintAdded",
    "ComplaintDraftDiscarded",
    "ComplaintDraftSaved",
    "ComplaintSubmitted",
    "ComplaintWithdrawn",
    "EvidenceRequested",
    "OfficerAnswered",
    "OfficerChangedStatus",
    "OfficerTookCase",
]

#: What a reporter chose about their name: officers may pass it on, or only anonymised.
Disclosure = Literal["named", "anonymous"]
#: The kinds of officer writing on a case: sent to the reporter, kept inside, or a question
#: that puts the case in "waiting_reporter".
AnswerKind = Literal["public", "note", "question"]


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    """A file the reporter sent (Telegram's file id; storage keeps a copy under FILES_DIR)."""

    kind: str  # photo, document, voice, audio, video, video_note
    file_id: str
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class ComplaintDraftSaved(Effect):
    """The report so far (kept 7 days, one reminder if left unfinished)."""

    draft: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ComplaintDraftDiscarded(Effect):
    """The person sent or dropped their report: the draft goes."""


@dataclass(frozen=True, slots=True)
class ComplaintSubmitted(Effect):
    """A confirmed report: a case with its reference, deadline, first message and evidence."""

    reference: str
    village_code: str
    category: str
    urgent: bool
    due_at: datetime
    affected: Mapping[str, str]  # who: "self" or "family"; name, relation, country, city, employer
    description: str
    contact: str  # "" = this chat
    disclosure: Disclosure
    evidence: tuple[CaseEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ComplaintAdded(Effect):
    """The reporter added information or evidence to their open case, or answered a question."""

    complaint_id: int
    text: str
    evidence: tuple[CaseEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ComplaintWithdrawn(Effect):
    """The reporter withdrew their case."""

    complaint_id: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class OfficerTookCase(Effect):
    """An officer became the case's owner (a new case moves to ``in_progress``)."""

    officer_channel: str
    officer_account: str
    village_code: str
    complaint_id: int
    notice: str = ""  # for the reporter, in their language ("" = nothing to tell)


@dataclass(frozen=True, slots=True)
class OfficerAnswered(Effect):
    """A public reply (sent to the reporter), an internal note, or a question to the reporter."""

    officer_channel: str
    officer_account: str
    village_code: str
    complaint_id: int
    kind: AnswerKind
    text: str
    notice: str = ""  # for the reporter, in their language (empty for an internal note)


@dataclass(frozen=True, slots=True)
class OfficerChangedStatus(Effect):
    """Referred (to whom, with their reference), resolved (with the outcome) or closed."""

    officer_channel: str
    officer_account: str
    village_code: str
    complaint_id: int
    status: Literal["referred", "resolved", "closed"]
    referred_to: str = ""
    their_reference: str = ""
    outcome: str = ""
    notice: str = ""  # for the reporter, in their language


@dataclass(frozen=True, slots=True)
class EvidenceRequested(Effect):
    """An officer opened a case's evidence: storage queues the files to the officer's chat."""

    officer_channel: str
    officer_account: str
    village_code: str
    complaint_id: int
