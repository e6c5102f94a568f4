"""The parenting capability's tables: children, links and codes, updates, requests, opt-ins.

Children's data is the most sensitive in the database: only the minimum is kept, every row
hangs off its child with ON DELETE CASCADE, so removing a child deletes their updates, photos'
file ids, links, messages and calls at once. The office reads only the views without personal
data (``office_parenting_*``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from flows.parenting import LINK_STATUSES, RELATIONS
from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = [
    "CALL_STATUSES",
    "Child",
    "ChildLink",
    "ChildLinkCode",
    "ChildMessage",
    "ChildRestriction",
    "ChildSummary",
    "ChildUpdate",
    "ChildUpdatePhoto",
    "ParentingAnnouncement",
    "ParentingOptIn",
    "ParentingSetting",
    "VideoCall",
]

CALL_STATUSES = ("requested", "confirmed", "declined")
_CHILD_FK = "children.id"


class Child(Base):
    """A child of the village followed by community parenting."""

    __tablename__ = "children"
    __table_args__ = (
        Index("ix_children_village", "village_id", "name"),
        {"comment": "Children followed by the village's community parenting (minimum data)"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), comment="The child's village"
    )
    name: Mapped[str] = mapped_column(String(120), comment="Name as the family calls the child")
    birth_date: Mapped[date] = mapped_column(Date, comment="Birth date")
    school: Mapped[str] = mapped_column(String(120), default="", comment="School (empty: none)")
    caregiver_name: Mapped[str] = mapped_column(String(120), comment="Who cares for them at home")
    caregiver_relation: Mapped[str] = mapped_column(
        String(60), comment="How the caregiver is related (grandparent, aunt or uncle…)"
    )
    parents_abroad: Mapped[list[Any]] = mapped_column(
        JSON, comment="Parents working abroad: [[relation, country], …]"
    )
    photo_consent: Mapped[bool] = mapped_column(
        default=False, comment="True: the caregiver agreed that updates may include photos"
    )
    photo_consent_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the consent was last given or withdrawn (UTC)"
    )
    photo_consent_via: Mapped[str] = mapped_column(
        String(20), default="", comment="caregiver (in the bot) or desk (recorded by an officer)"
    )
    registered_by: Mapped[str] = mapped_column(String(64), comment="Account of the facilitator")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When registered (UTC)"
    )


class ChildLinkCode(Base):
    """A one-time code that links one person to a child."""

    __tablename__ = "child_link_codes"
    __table_args__ = (
        CheckConstraint(check_in("relation", RELATIONS), name="relation"),
        {"comment": "One-time, expiring codes linking a parent or the caregiver to a child"},
    )

    code: Mapped[str] = mapped_column(String(16), primary_key=True, comment="The code given")
    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), index=True, comment="The child"
    )
    relation: Mapped[str] = mapped_column(
        String(20), comment="Whom it is for: mother, father, guardian or caregiver"
    )
    created_by: Mapped[str] = mapped_column(String(64), comment="Account of the facilitator")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, comment="Works until (UTC)")
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When spent (UTC)")
    used_by: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), comment="Who spent it"
    )
    revoked_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When a facilitator revoked it unused (UTC); empty: not revoked"
    )
    revoked_by: Mapped[str] = mapped_column(
        String(64), default="", server_default="", comment="Account of the officer who revoked it"
    )


class ChildLink(Base):
    """A person who follows a child (a parent abroad, or the caregiver at home)."""

    __tablename__ = "child_links"
    __table_args__ = (
        CheckConstraint(check_in("relation", RELATIONS), name="relation"),
        CheckConstraint(check_in("status", LINK_STATUSES), name="status"),
        Index("ix_child_links_resident", "resident_id", "status"),
        Index("ix_child_links_child", "child_id", "status"),
        {"comment": "Who may see a child's news: only active links, checked on every read"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), comment="The child"
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), comment="The person linked"
    )
    relation: Mapped[str] = mapped_column(
        String(20), comment="mother, father, guardian (abroad) or caregiver (at home)"
    )
    status: Mapped[str] = mapped_column(
        String(20), comment="pending (caregiver to confirm), active, ended or blocked"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")
    confirmed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When it became active (UTC)"
    )
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When it ended (UTC)")
    ended_reason: Mapped[str] = mapped_column(
        String(40), default="", comment="unlinked, refused by caregiver or restriction"
    )


class ChildRestriction(Base):
    """A court order or family agreement: nobody may be linked as this relation."""

    __tablename__ = "child_restrictions"
    __table_args__ = (
        CheckConstraint(check_in("relation", RELATIONS), name="relation"),
        CheckConstraint(check_in("kind", ("court_order", "family_agreement")), name="kind"),
        {"comment": "Restrictions recorded by officers that block links to a child"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), index=True, comment="The child"
    )
    relation: Mapped[str] = mapped_column(String(20), comment="The relation that is blocked")
    kind: Mapped[str] = mapped_column(String(20), comment="court_order or family_agreement")
    note: Mapped[str] = mapped_column(Text, default="", comment="Document number or who agreed")
    recorded_by: Mapped[str] = mapped_column(String(64), comment="Account of the officer")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")
    lifted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When it was lifted (UTC); empty: in force"
    )
    lifted_by: Mapped[str] = mapped_column(
        String(64), default="", server_default="", comment="Account of the officer who lifted it"
    )
    lift_reason: Mapped[str] = mapped_column(
        Text, default="", server_default="", comment="Why it was lifted (recorded in error, court)"
    )


class ChildUpdate(Base):
    """News about a child written by a facilitator for the linked parents."""

    __tablename__ = "child_updates"
    __table_args__ = (
        Index("ix_child_updates_child", "child_id", "created_at"),
        {"comment": "Updates about a child for its linked parents"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), comment="The child"
    )
    topic: Mapped[str] = mapped_column(
        String(30), comment="Template id (flows/parenting/content/templates.toml)"
    )
    text: Mapped[str] = mapped_column(Text, comment="The update as written")
    written_by: Mapped[str] = mapped_column(String(64), comment="Account of the facilitator")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")


class ChildUpdatePhoto(Base):
    """A photo of an update (only with the caregiver's consent; only to linked parents)."""

    __tablename__ = "child_update_photos"
    __table_args__ = ({"comment": "Photos of updates: Telegram file ids, deleted with the child"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    update_id: Mapped[int] = mapped_column(
        ForeignKey("child_updates.id", ondelete="CASCADE"), index=True, comment="The update"
    )
    telegram_file_id: Mapped[str] = mapped_column(String(200), comment="Telegram's file id")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")


class ChildMessage(Base):
    """A parent's message or question for the facilitators, and its answer."""

    __tablename__ = "child_messages"
    __table_args__ = (
        CheckConstraint(check_in("kind", ("message", "question")), name="kind"),
        {"comment": "Parents' messages and questions to the facilitators, with the answers"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), index=True, comment="About which child"
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), comment="The parent who wrote"
    )
    kind: Mapped[str] = mapped_column(String(20), comment="message or question")
    text: Mapped[str] = mapped_column(Text, comment="What the parent wrote")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")
    answer: Mapped[str] = mapped_column(Text, default="", comment="The facilitator's answer")
    answered_by: Mapped[str] = mapped_column(String(64), default="", comment="Who answered")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When (UTC)")


class VideoCall(Base):
    """A parent's request for a video call with the child at the village desk."""

    __tablename__ = "video_calls"
    __table_args__ = (
        CheckConstraint(check_in("status", CALL_STATUSES), name="status"),
        {"comment": "Video calls with a child at the village desk, requested by a parent"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), index=True, comment="The child"
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), comment="The parent who asked"
    )
    wish: Mapped[str] = mapped_column(String(200), comment="Days and times the parent suggested")
    status: Mapped[str] = mapped_column(String(20), comment="requested, confirmed or declined")
    scheduled_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="The confirmed time (UTC)"
    )
    decided_by: Mapped[str] = mapped_column(String(64), default="", comment="Who decided")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")


class ParentingOptIn(Base):
    """A caregiver or parent who wants the parenting group's announcements."""

    __tablename__ = "parenting_opt_ins"
    __table_args__ = ({"comment": "Who receives the parenting group's announcements"},)

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True, comment="Who"
    )
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), index=True, comment="Which village's group"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")


class ParentingAnnouncement(Base):
    """An announcement of the parenting group (sessions, events)."""

    __tablename__ = "parenting_announcements"
    __table_args__ = ({"comment": "Parenting-group announcements to those who opted in"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), index=True, comment="The village"
    )
    text: Mapped[str] = mapped_column(Text, comment="The announcement")
    written_by: Mapped[str] = mapped_column(String(64), comment="Account of the officer")
    recipients: Mapped[int] = mapped_column(Integer, default=0, comment="How many were queued")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")


class ParentingSetting(Base):
    """A village's rules for community parenting."""

    __tablename__ = "parenting_settings"
    __table_args__ = ({"comment": "Each village's community parenting rules"},)

    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), primary_key=True, comment="The village"
    )
    caregiver_confirms: Mapped[bool] = mapped_column(
        default=False, comment="True: parents' links wait for the caregiver's confirmation"
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")


class ChildSummary(Base):
    """A monthly summary already queued, so each child's month is summarised once."""

    __tablename__ = "child_summaries"
    __table_args__ = ({"comment": "Monthly summaries queued to parents, one per child and month"},)

    child_id: Mapped[int] = mapped_column(
        ForeignKey(_CHILD_FK, ondelete="CASCADE"), primary_key=True, comment="The child"
    )
    month: Mapped[str] = mapped_column(String(7), primary_key=True, comment="YYYY-MM")
    updates: Mapped[int] = mapped_column(Integer, comment="Updates written that month")
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")
