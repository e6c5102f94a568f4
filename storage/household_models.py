"""The migrant-family registry's tables: households and what the desk records about them.

Each village desk keeps its migrant-worker families: the household (head and address), its
members working abroad, workers who came back, its productive businesses and who took part in
training; residents linked to a household may ask for corrections. Every record hangs off its
household with ON DELETE CASCADE. The office reads counts through the ``office_*`` views;
names stay in the tables and in ``office_households`` (personal data, not exported freely).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from flows.households import (
    ABROAD_SECTORS,
    BUSINESS_SECTORS,
    BUSINESS_STATUSES,
    CORRECTION_STATUSES,
    DOCUMENTED,
    RELATIONS,
)
from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = [
    "Household",
    "HouseholdBusiness",
    "HouseholdCorrection",
    "HouseholdLinkCode",
    "HouseholdMemberAbroad",
    "HouseholdReturnee",
    "HouseholdTraining",
]

_HOUSEHOLD_FK = "households.id"
_HOUSEHOLD = "The household"


class Household(Base):
    """A migrant-worker family of the village, as the desk records it."""

    __tablename__ = "households"
    __table_args__ = (
        Index("ix_households_village", "village_id", "head_name"),
        Index("uq_households_village_key", "village_id", "household_key", unique=True),
        {"comment": "Migrant-worker households registered by the village desk"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), comment="The household's village"
    )
    household_key: Mapped[str | None] = mapped_column(
        String(40),
        comment="The desk's own key for the household (from imports; unique in the village)",
    )
    head_name: Mapped[str] = mapped_column(String(120), comment="Name of the household head")
    dusun: Mapped[str] = mapped_column(String(80), default="", comment="Dusun (hamlet)")
    rt: Mapped[int | None] = mapped_column(Integer, comment="RT number (neighbourhood unit)")
    rw: Mapped[int | None] = mapped_column(Integer, comment="RW number (community unit)")
    address: Mapped[str] = mapped_column(
        String(200), default="", comment="Address line (street, house) as the desk writes it"
    )
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"),
        index=True,
        comment="The bot user of this household who may see it (linked with a one-time code)",
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When registered (UTC)"
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change to it or its records (UTC)"
    )
    updated_by: Mapped[str] = mapped_column(
        String(64), comment="Account of the officer (or admin:<user> for an import) who changed it"
    )


class HouseholdMemberAbroad(Base):
    """A member of the household working abroad (a migrant worker, PMI)."""

    __tablename__ = "household_members_abroad"
    __table_args__ = (
        CheckConstraint(check_in("sector", ABROAD_SECTORS), name="sector"),
        CheckConstraint(check_in("documented", DOCUMENTED), name="documented"),
        CheckConstraint(check_in("relation", RELATIONS), name="relation"),
        {"comment": "Members of registered households working abroad"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    household_id: Mapped[int] = mapped_column(
        ForeignKey(_HOUSEHOLD_FK, ondelete="CASCADE"), index=True, comment=_HOUSEHOLD
    )
    name: Mapped[str] = mapped_column(String(120), comment="The worker's name")
    relation: Mapped[str] = mapped_column(
        String(20),
        comment="Relation to the head: spouse, child, parent, sibling, in_law, grandchild, "
        "head, other",
    )
    country: Mapped[str] = mapped_column(String(60), comment="Country of work")
    sector: Mapped[str] = mapped_column(
        String(30),
        comment="domestic_care, manufacturing, plantation_agriculture, construction, "
        "fishing_crew, services_hospitality, health_care, other",
    )
    since: Mapped[date | None] = mapped_column(
        Date, comment="Abroad since (the first day of the month)"
    )
    agency: Mapped[str] = mapped_column(
        String(120), default="", comment="Placement agency (P3MI) name, if known"
    )
    documented: Mapped[str] = mapped_column(
        String(10), comment="Left through the official procedure: yes, no or unknown"
    )


class HouseholdReturnee(Base):
    """A member of the household who worked abroad and came back."""

    __tablename__ = "household_returnees"
    __table_args__ = ({"comment": "Returned migrant workers of registered households"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    household_id: Mapped[int] = mapped_column(
        ForeignKey(_HOUSEHOLD_FK, ondelete="CASCADE"), index=True, comment=_HOUSEHOLD
    )
    name: Mapped[str] = mapped_column(String(120), comment="The returned worker's name")
    returned_on: Mapped[date] = mapped_column(Date, comment="When they came back")
    country: Mapped[str] = mapped_column(String(60), comment="Country they returned from")
    skills: Mapped[str] = mapped_column(
        Text, default="", comment="Skills gained abroad, as the desk wrote them"
    )


class HouseholdBusiness(Base):
    """A productive business of the household (the programme's usaha produktif)."""

    __tablename__ = "household_businesses"
    __table_args__ = (
        CheckConstraint(check_in("sector", BUSINESS_SECTORS), name="sector"),
        CheckConstraint(check_in("status", BUSINESS_STATUSES), name="status"),
        {"comment": "Productive businesses of registered households"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    household_id: Mapped[int] = mapped_column(
        ForeignKey(_HOUSEHOLD_FK, ondelete="CASCADE"), index=True, comment=_HOUSEHOLD
    )
    name: Mapped[str] = mapped_column(String(120), comment="Name or kind of business")
    sector: Mapped[str] = mapped_column(
        String(30),
        comment="food_drink, retail, agriculture, livestock, fishery, crafts, services, other",
    )
    started_on: Mapped[date | None] = mapped_column(Date, comment="When it started")
    status: Mapped[str] = mapped_column(String(10), comment="planned, running, paused or closed")
    cooperative_member: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="True: member of the village's cooperative"
    )


class HouseholdTraining(Base):
    """Someone of the household who took part in a training."""

    __tablename__ = "household_trainings"
    __table_args__ = ({"comment": "Training participation of registered households' members"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    household_id: Mapped[int] = mapped_column(
        ForeignKey(_HOUSEHOLD_FK, ondelete="CASCADE"), index=True, comment=_HOUSEHOLD
    )
    training_name: Mapped[str] = mapped_column(String(160), comment="The training")
    held_on: Mapped[date] = mapped_column(Date, comment="When it was held")
    participant_name: Mapped[str] = mapped_column(String(120), comment="Who took part")


class HouseholdCorrection(Base):
    """A resident's request to correct what the desk holds about their household."""

    __tablename__ = "household_corrections"
    __table_args__ = (
        CheckConstraint(check_in("status", CORRECTION_STATUSES), name="status"),
        Index("ix_household_corrections_status", "household_id", "status"),
        {"comment": "Correction requests from residents about their household's record"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    household_id: Mapped[int] = mapped_column(
        ForeignKey(_HOUSEHOLD_FK, ondelete="CASCADE"), comment=_HOUSEHOLD
    )
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), comment="Who asked"
    )
    text: Mapped[str] = mapped_column(Text, comment="What they asked to correct")
    status: Mapped[str] = mapped_column(String(10), comment="open, done or declined")
    answer: Mapped[str] = mapped_column(Text, default="", comment="The officer's answer")
    answered_by: Mapped[str] = mapped_column(
        String(64), default="", comment="Account of the officer who answered"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When asked (UTC)"
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When answered (UTC)")


class HouseholdLinkCode(Base):
    """A one-time code linking a resident's account to a household."""

    __tablename__ = "household_link_codes"
    __table_args__ = (
        {"comment": "One-time, expiring codes that let a resident see their household"},
    )

    code: Mapped[str] = mapped_column(String(16), primary_key=True, comment="The code given")
    household_id: Mapped[int] = mapped_column(
        ForeignKey(_HOUSEHOLD_FK, ondelete="CASCADE"), index=True, comment=_HOUSEHOLD
    )
    created_by: Mapped[str] = mapped_column(String(64), comment="Account of the officer")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="(UTC)")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, comment="Works until (UTC)")
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When spent (UTC)")
    used_by: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), comment="Who spent it"
    )
