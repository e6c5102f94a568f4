"""Effects of the parenting capability: the writes its flows ask storage for.

Every facilitator effect names the officer (channel and account) and the village acted for,
so storage checks the child belongs to that village and the officer still holds a parenting
role there, audits the action, and ignores (logs) a forged effect. A parent's effects name
only the child: storage checks the parent's own active link in SQL. Messages for parents are
rendered by the flow in every language (``notices``: locale → text); storage picks each
recipient's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from flows.engine.effects import Effect

__all__ = [
    "ChildLinkCodeCreated",
    "ChildLinkCodeRevoked",
    "ChildLinked",
    "ChildPhotosShown",
    "ChildRegistered",
    "ChildRemoved",
    "ChildRestrictionLifted",
    "ChildRestrictionRecorded",
    "ChildUnlinked",
    "ChildUpdatePosted",
    "FacilitatorAnswered",
    "LinkConfirmed",
    "LinkDecidedAtDesk",
    "ParentWrote",
    "ParentingAnnounced",
    "ParentingOptedIn",
    "PhotoConsentGiven",
    "VideoCallDecided",
    "VideoCallRequested",
    "VillageConfirmationSet",
]

#: Who a link code is for: a parent abroad (mother, father, another guardian) or the
#: caregiver at home (who consents to photos and confirms parents' links).
Relation = Literal["mother", "father", "guardian", "caregiver"]


@dataclass(frozen=True, slots=True)
class _ByOfficer(Effect):
    """The officer acting, and the village they act for."""

    officer_channel: str
    officer_account: str
    village_code: str


@dataclass(frozen=True, slots=True)
class ChildRegistered(_ByOfficer):
    """A facilitator registered a child of the village (only the minimum needed)."""

    name: str
    birth_date: date
    school: str
    caregiver_name: str
    caregiver_relation: str
    parents_abroad: tuple[tuple[str, str], ...]  # (relation, country)


@dataclass(frozen=True, slots=True)
class ChildLinkCodeCreated(_ByOfficer):
    """A one-time code that links one person to the child, valid until ``expires_at``."""

    child_id: int
    code: str
    relation: Relation
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ChildRestrictionRecorded(_ByOfficer):
    """A court or family restriction: nobody may be linked as ``relation`` (links end)."""

    child_id: int
    relation: Relation
    kind: Literal["court_order", "family_agreement"]
    note: str


@dataclass(frozen=True, slots=True)
class ChildLinkCodeRevoked(_ByOfficer):
    """An open code given to the wrong person is revoked: it is refused like an unknown one."""

    child_id: int
    code: str


@dataclass(frozen=True, slots=True)
class ChildRestrictionLifted(_ByOfficer):
    """A restriction recorded in error or ended by a court is lifted (kept, with the reason).

    Links it ended stay ended: the person needs a new code.
    """

    child_id: int
    restriction_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class LinkDecidedAtDesk(_ByOfficer):
    """The caregiver confirmed (or refused) a waiting link in person, recorded at the desk."""

    link_id: int
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ChildRemoved(_ByOfficer):
    """The child leaves the programme: their record, updates and photos are deleted."""

    child_id: int


@dataclass(frozen=True, slots=True)
class PhotoConsentGiven(Effect):
    """The caregiver (linked in the bot, or in person at the desk) consented, or withdrew it.

    ``officer_account`` is empty when the caregiver did it themselves in the bot.
    """

    child_id: int
    consent: bool
    officer_channel: str = ""
    officer_account: str = ""
    village_code: str = ""


@dataclass(frozen=True, slots=True)
class ChildUpdatePosted(_ByOfficer):
    """An update about the child for its linked parents (photos only with consent)."""

    child_id: int
    topic: str
    text: str
    photos: tuple[str, ...]  # Telegram file ids
    written_at: datetime  # when written: each parent gets it then, or after their quiet hours
    notices: Mapping[str, str] = field(default_factory=dict)  # locale → the parents' message


@dataclass(frozen=True, slots=True)
class FacilitatorAnswered(_ByOfficer):
    """A facilitator's answer to a parent's message (sent to that parent)."""

    message_id: int
    text: str
    notices: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VideoCallDecided(_ByOfficer):
    """A facilitator confirmed a time for a requested video call, or declined it."""

    call_id: int
    confirmed: bool
    at: datetime | None
    notices: Mapping[str, str] = field(default_factory=dict)  # to the parent now
    reminders: Mapping[str, str] = field(default_factory=dict)  # to the parent, before the call
    officer_reminder: str = ""  # to the facilitator, before the call


@dataclass(frozen=True, slots=True)
class ParentingAnnounced(_ByOfficer):
    """A parenting-group announcement to the village's caregivers and parents who opted in."""

    text: str


@dataclass(frozen=True, slots=True)
class VillageConfirmationSet(_ByOfficer):
    """Whether parents' links wait for the caregiver's confirmation in this village."""

    required: bool


@dataclass(frozen=True, slots=True)
class ChildLinked(Effect):
    """The person spent a link code (storage checks it again, once, and the restrictions).

    ``waiting_notices`` (locale → text) tell the village's parenting team when the link has
    to wait for the caregiver's confirmation; storage sends them only then.
    """

    code: str
    at: datetime
    waiting_notices: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChildPhotosShown(Effect):
    """A parent opened the child's news: the latest update's photos are sent to them again.

    Storage sends them only through the person's own active link, and only while the
    caregiver's consent still holds.
    """

    child_id: int
    update_id: int
    caption: str = ""  # on the first photo, in the parent's language


@dataclass(frozen=True, slots=True)
class LinkConfirmed(Effect):
    """The caregiver confirmed (or refused) a parent's waiting link."""

    link_id: int
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ChildUnlinked(Effect):
    """The person ended their own link to the child."""

    child_id: int


@dataclass(frozen=True, slots=True)
class ParentWrote(Effect):
    """A linked parent's message or question for the child's facilitators."""

    child_id: int
    kind: Literal["message", "question"]
    text: str


@dataclass(frozen=True, slots=True)
class VideoCallRequested(Effect):
    """A linked parent asked for a video call with the child at the village desk."""

    child_id: int
    wish: str


@dataclass(frozen=True, slots=True)
class ParentingOptedIn(Effect):
    """The person wants (or no longer wants) the parenting group's announcements."""

    village_code: str
    wanted: bool
