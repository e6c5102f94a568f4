"""The job board's tables: notices, interests, subscriptions and the offers residents checked.

The office reads these tables directly (and its views, made by migration 0012), so every
column says what it holds; statuses are readable strings held by CHECK constraints.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from flows.jobs import APPLY_VIA, EMPLOYER_TYPES, NOTICE_STATUSES, OFFER_STATUSES, VERDICTS
from storage.models import Base, UTCDateTime, check_in, utcnow

__all__ = ["JobInterest", "JobNotice", "JobOffer", "JobSubscription"]


class JobNotice(Base):
    """A vacancy a village desk checked and published."""

    __tablename__ = "job_notices"
    __table_args__ = (
        CheckConstraint(check_in("status", NOTICE_STATUSES), name="status"),
        CheckConstraint(check_in("employer_type", EMPLOYER_TYPES), name="employer_type"),
        CheckConstraint(check_in("apply_via", APPLY_VIA), name="apply_via"),
        CheckConstraint("openings > 0", name="openings"),
        Index("ix_job_notices_browse", "status", "country", "sector", "published_at"),
        {"comment": "Job notices (lowongan) village desks published, with the agency as checked"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    reference: Mapped[str] = mapped_column(
        String(32), unique=True, comment="Reference shown to people, e.g. LOK-000012"
    )
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"),
        index=True,
        comment="Village whose desk published it (residents of its kabupaten see it)",
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role that published it"
    )
    country: Mapped[str] = mapped_column(
        String(4), comment="Destination country (ids of flows/jobs/content/destinations.toml)"
    )
    sector: Mapped[str] = mapped_column(
        String(20), comment="Job sector (sector ids of flows/jobs/content/destinations.toml)"
    )
    job_title: Mapped[str] = mapped_column(String(120), comment="The job, as advertised")
    employer_type: Mapped[str] = mapped_column(
        String(20), comment="household (individual employer), company, or government (G to G)"
    )
    openings: Mapped[int] = mapped_column(Integer, comment="How many people are wanted")
    requirements: Mapped[str] = mapped_column(
        Text, comment="Age, sex (only where the job requires it), skills, language"
    )
    salary_amount: Mapped[int] = mapped_column(
        Integer, comment="Monthly pay as offered, in salary_currency"
    )
    salary_currency: Mapped[str] = mapped_column(
        String(10), comment="Currency of the pay as offered (NT$, HK$, RM, Rp…)"
    )
    agency_name: Mapped[str] = mapped_column(
        String(200), comment="Placement agency (P3MI) or official body, as the officer checked"
    )
    agency_licence: Mapped[str] = mapped_column(
        String(100), comment="The agency's SIP3MI/SIP2MI licence number, as the officer checked"
    )
    cost_to_worker: Mapped[str] = mapped_column(
        Text, comment="What the worker pays and what it covers, as the officer wrote"
    )
    deadline: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Applications close (UTC); after it the notice counts as closed"
    )
    apply_via: Mapped[str] = mapped_column(
        String(20), comment="Where to apply: desk (the village desk), disnaker, or ltsa"
    )
    apply_details: Mapped[str] = mapped_column(
        Text, default="", comment="Where and when exactly, as the officer wrote"
    )
    poster_file_id: Mapped[str] = mapped_column(
        String(255), default="", comment="Telegram file id of the poster photo (empty: none)"
    )
    status: Mapped[str] = mapped_column(
        String(20), default="open", comment="open, closed (filled or past deadline), withdrawn"
    )
    status_reason: Mapped[str] = mapped_column(
        Text, default="", comment="Why it was closed or withdrawn ('deadline passed' if by itself)"
    )
    notified: Mapped[int] = mapped_column(
        Integer, default=0, comment="Subscribers queued a message when it was published"
    )
    published_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When published (UTC)"
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change (UTC)"
    )
    closed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When closed or withdrawn (UTC)"
    )


class JobInterest(Base):
    """A resident's "Saya tertarik" for a notice."""

    __tablename__ = "job_interests"
    __table_args__ = (
        UniqueConstraint("notice_id", "resident_id", name="uq_job_interests_notice_resident"),
        CheckConstraint(check_in("status", ("interested", "withdrawn")), name="status"),
        {"comment": "Who said they are interested in which notice (one row per person)"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("job_notices.id", ondelete="CASCADE"), index=True, comment="The notice"
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True, comment="Who is interested"
    )
    status: Mapped[str] = mapped_column(
        String(20), default="interested", comment="interested, or withdrawn by the person"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When they first said so (UTC)"
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change (UTC)"
    )


class JobSubscription(Base):
    """A resident wants to hear of new notices for a country or a sector."""

    __tablename__ = "job_subscriptions"
    __table_args__ = (
        UniqueConstraint("resident_id", "kind", "value", name="uq_job_subscriptions_identity"),
        CheckConstraint(check_in("kind", ("country", "sector")), name="kind"),
        Index("ix_job_subscriptions_match", "kind", "value"),
        {"comment": "Subscriptions to new job notices, by destination country or sector"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), comment="Who subscribed"
    )
    kind: Mapped[str] = mapped_column(String(10), comment="country or sector")
    value: Mapped[str] = mapped_column(
        String(20), comment="Country id or sector id (flows/jobs/content/destinations.toml)"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When subscribed (UTC)"
    )


class JobOffer(Base):
    """A job offer a resident received elsewhere and sent to be checked ("cek loker")."""

    __tablename__ = "job_offers"
    __table_args__ = (
        CheckConstraint(check_in("status", OFFER_STATUSES), name="status"),
        CheckConstraint(f"verdict IS NULL OR {check_in('verdict', VERDICTS)}", name="verdict"),
        Index("ix_job_offers_queue", "village_id", "status", "created_at"),
        {"comment": "Offers residents asked the desk to check, the red flags seen, the verdict"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    reference: Mapped[str] = mapped_column(
        String(32), unique=True, comment="Reference the resident is given, e.g. CEK-000004"
    )
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"),
        index=True,
        comment="Village whose desk checks it (the resident's village)",
    )
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True, comment="Who sent it"
    )
    text: Mapped[str] = mapped_column(
        Text, comment="The offer as sent (the recruiter's words, or the photo's caption)"
    )
    photo_file_id: Mapped[str] = mapped_column(
        String(255), default="", comment="Telegram file id of a flyer photo (empty: none)"
    )
    forwarded: Mapped[bool] = mapped_column(
        default=False, comment="True when forwarded from another chat, not pasted"
    )
    flags: Mapped[list[Any]] = mapped_column(
        JSON, comment="Red flags the bot saw (ids of flows/jobs/content/redflags.toml)"
    )
    agencies: Mapped[list[Any]] = mapped_column(
        JSON, comment="Agency names (PT …) the offer mentions, as found"
    )
    countries: Mapped[list[Any]] = mapped_column(
        JSON, comment="Destination country ids the offer mentions"
    )
    recruiter_contacts: Mapped[list[Any]] = mapped_column(
        JSON, comment="Phone numbers or chat links of the recruiter found in the offer"
    )
    status: Mapped[str] = mapped_column(
        String(20), default="new", comment="new (waiting for the desk) or answered"
    )
    verdict: Mapped[str | None] = mapped_column(
        String(20),
        comment="legitimate (per the agency check), suspicious, or illegal; empty until answered",
    )
    verdict_note: Mapped[str] = mapped_column(
        Text, default="", comment="The officer's note, sent to the resident with the verdict"
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"), comment="Officer role that answered"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When sent (UTC)"
    )
    answered_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the desk answered (UTC)"
    )
