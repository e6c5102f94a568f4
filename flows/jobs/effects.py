"""Effects of the job board: the writes its flows ask storage for.

Officer effects name the officer (channel and account) and the village acted for, so storage
can check the notice or offer belongs to that village and the officer may act there, audit
it, and queue what residents are told through the delivery engine (never a send from here).
Texts for residents are rendered by the flow in each recipient's language: ``texts`` maps a
locale to the message, and storage picks each recipient's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from flows.engine.effects import Effect

__all__ = [
    "InterestRegistered",
    "InterestWithdrawn",
    "InterestedMessaged",
    "NoticeClosed",
    "NoticeEdited",
    "NoticePublished",
    "OfferAnswered",
    "OfferSubmitted",
    "SubscriptionAdded",
    "SubscriptionRemoved",
]

SubscriptionKind = Literal["country", "sector"]
Verdict = Literal["legitimate", "suspicious", "illegal"]
#: The notice fields an officer may change after publishing.
EDITABLE = ("requirements", "salary", "openings", "cost", "deadline", "apply_details")


@dataclass(frozen=True, slots=True)
class NoticePublished(Effect):
    """An officer published a notice; subscribers are told in their language (``texts``)."""

    officer_channel: str
    officer_account: str
    village_code: str
    reference: str
    country: str
    sector: str
    job_title: str
    employer_type: str
    openings: int
    requirements: str
    salary_amount: int
    salary_currency: str
    agency_name: str
    agency_licence: str
    cost_to_worker: str
    deadline: datetime
    apply_via: str
    apply_details: str = ""
    poster_file_id: str = ""
    texts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NoticeEdited(Effect):
    """An officer changed one field of an open notice (``value`` as typed, already checked)."""

    officer_channel: str
    officer_account: str
    village_code: str
    notice_id: int
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class NoticeClosed(Effect):
    """An officer closed (filled) or withdrew a notice, with the reason; interested people
    are told in their language when ``texts`` is given."""

    officer_channel: str
    officer_account: str
    village_code: str
    notice_id: int
    status: Literal["closed", "withdrawn"]
    reason: str
    texts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InterestedMessaged(Effect):
    """An officer wrote to everyone still interested in a notice (through the bot)."""

    officer_channel: str
    officer_account: str
    village_code: str
    notice_id: int
    text: str


@dataclass(frozen=True, slots=True)
class InterestRegistered(Effect):
    """A resident said "Saya tertarik" for a notice."""

    notice_id: int


@dataclass(frozen=True, slots=True)
class InterestWithdrawn(Effect):
    """A resident withdrew their interest in a notice."""

    notice_id: int


@dataclass(frozen=True, slots=True)
class SubscriptionAdded(Effect):
    """A resident asked to be told of new notices for a country or a sector."""

    kind: SubscriptionKind
    value: str


@dataclass(frozen=True, slots=True)
class SubscriptionRemoved(Effect):
    """A resident stopped a subscription."""

    kind: SubscriptionKind
    value: str


@dataclass(frozen=True, slots=True)
class OfferSubmitted(Effect):
    """A resident sent an offer to check: what it said, the flags found, for the desk."""

    reference: str
    village_code: str
    text: str
    photo_file_id: str
    forwarded: bool
    flags: tuple[str, ...]
    agencies: tuple[str, ...]
    countries: tuple[str, ...]
    contacts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OfferAnswered(Effect):
    """An officer gave a verdict on a checked offer; ``notice`` is in the resident's language."""

    officer_channel: str
    officer_account: str
    village_code: str
    offer_id: int
    verdict: Verdict
    note: str
    notice: str
