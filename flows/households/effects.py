"""Effects of the households capability: the writes its flows ask storage for.

Every officer effect names the officer (channel and account) and the village acted for, so
storage checks that the officer still holds a registry role there and that the household is
of that village, audits the action, and ignores (logs) a forged effect. Values travel as the
canonical strings of ``flows/households/records.py`` and storage parses them again. A
resident's effects name only a code or their request: storage finds their own household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flows.engine.effects import Effect

__all__ = [
    "HouseholdCorrectionAnswered",
    "HouseholdCorrectionRequested",
    "HouseholdLinkCodeCreated",
    "HouseholdLinked",
    "HouseholdRecordRemoved",
    "HouseholdRecordSaved",
    "HouseholdRemoved",
    "HouseholdSaved",
]


@dataclass(frozen=True, slots=True)
class _ByOfficer(Effect):
    """The officer acting, and the village they act for."""

    officer_channel: str
    officer_account: str
    village_code: str


@dataclass(frozen=True, slots=True)
class HouseholdSaved(_ByOfficer):
    """An officer added a household (``household_id`` None) or corrected its details."""

    household_id: int | None
    fields: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class HouseholdRemoved(_ByOfficer):
    """An officer removed a household and all its records."""

    household_id: int


@dataclass(frozen=True, slots=True)
class HouseholdRecordSaved(_ByOfficer):
    """An officer added (``record_id`` None) or corrected one record of a household."""

    household_id: int
    kind: str  # abroad, returned, business or training
    record_id: int | None
    fields: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class HouseholdRecordRemoved(_ByOfficer):
    """An officer removed one record of a household."""

    household_id: int
    kind: str
    record_id: int


@dataclass(frozen=True, slots=True)
class HouseholdLinkCodeCreated(_ByOfficer):
    """A one-time code a member of the household uses to see it in the bot."""

    household_id: int
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class HouseholdCorrectionAnswered(_ByOfficer):
    """An officer handled a correction request (done or declined); the resident is told."""

    correction_id: int
    status: str  # done or declined
    answer: str
    notices: Mapping[str, str] = field(default_factory=dict)  # locale → the resident's message


@dataclass(frozen=True, slots=True)
class HouseholdLinked(Effect):
    """The person used a household link code (storage refuses a spent or expired one)."""

    code: str
    at: datetime


@dataclass(frozen=True, slots=True)
class HouseholdCorrectionRequested(Effect):
    """The person asked the desk to correct what it holds about their own household."""

    text: str
