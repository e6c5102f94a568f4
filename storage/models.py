"""The database schema: plain English tables the village office can read directly.

Every table and column carries a comment (PostgreSQL stores them, so ``\\d+`` in psql explains
the data); statuses are readable strings held by CHECK constraints; times are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "OFFICER_ROLES",
    "RESIDENT_SITUATIONS",
    "VILLAGE_ROLES",
    "AuditEntry",
    "Base",
    "Conversation",
    "Officer",
    "OutboxMessage",
    "Resident",
    "UTCDateTime",
    "UnansweredQuestion",
    "Village",
    "VillageTopic",
    "check_in",
    "table_of",
    "utcnow",
    "village_id_of",
]

#: Constraint names the same on every backend, so migrations can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Roles held in one village; ``district_admin`` is held in a kabupaten (4-digit code).
VILLAGE_ROLES = ("coordinator", "desk_officer", "parenting_facilitator", "village_staff")
OFFICER_ROLES = (*VILLAGE_ROLES, "district_admin")
#: What a resident told the bot about themselves (asked once, kindly; they can change it).
RESIDENT_SITUATIONS = ("prospective", "family", "abroad", "returned")


def check_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint's text: ``column`` holds one of ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def utcnow() -> datetime:
    """The current time in UTC (the default for created/updated columns)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC with tzinfo")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def table_of(model: type[Base]) -> Table:
    """A model's Core table, typed as such (SQLAlchemy types ``__table__`` loosely)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def village_id_of(code: str) -> Any:
    """The id of the village with this code, as a scalar subquery (statements scope by it)."""
    villages = table_of(Village)
    return select(villages.c.id).where(villages.c.code == code).scalar_subquery()


class Base(DeclarativeBase):
    """Declarative base with the shared naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class Village(Base):
    """A Desmigratif village served by this bot."""

    __tablename__ = "villages"
    __table_args__ = {"comment": "Villages (desa) whose migration desk uses the bot"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    code: Mapped[str] = mapped_column(
        String(10), unique=True, comment="10-digit village code (kode wilayah desa)"
    )
    name: Mapped[str] = mapped_column(String(120), comment="Village name as people know it")
    timezone: Mapped[str] = mapped_column(
        String(40),
        default="Asia/Jakarta",
        comment="IANA time zone for showing times (WIB/WITA/WIT)",
    )
    province: Mapped[str | None] = mapped_column(
        String(80), comment="Province (provinsi) name; its code is the first 2 digits of code"
    )
    regency: Mapped[str | None] = mapped_column(
        String(80),
        comment="Regency or city (kabupaten/kota) name; its code is the first 4 digits of code",
    )
    district: Mapped[str | None] = mapped_column(
        String(80), comment="District (kecamatan) name; its code is the first 6 digits of code"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When added (UTC)"
    )


class Resident(Base):
    """A person who wrote to the bot: a prospective worker, a worker abroad or family."""

    __tablename__ = "residents"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_residents_channel_external_id"),
        CheckConstraint("status IN ('active', 'unreachable')", name="status"),
        CheckConstraint(check_in("situation", RESIDENT_SITUATIONS), name="situation"),
        # the office's counts per village and situation (reports, views) read this index
        # alone instead of every resident's row
        Index(
            "ix_residents_village_situation", "village_id", "situation", "timezone", "created_at"
        ),
        {"comment": "People who chat with the bot, one row per channel account"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    channel: Mapped[str] = mapped_column(String(20), comment="telegram or console")
    external_id: Mapped[str] = mapped_column(String(64), comment="The account id on that channel")
    chat_id: Mapped[str] = mapped_column(String(64), comment="Where replies go on that channel")
    display_name: Mapped[str] = mapped_column(
        String(200), default="", comment="Name the person shows"
    )
    locale: Mapped[str | None] = mapped_column(String(10), comment="Language chosen in the bot")
    language_code: Mapped[str | None] = mapped_column(
        String(16), comment="Language reported by the app, used until they choose"
    )
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("villages.id", ondelete="SET NULL"),
        index=True,
        comment="Village registered with",
    )
    status: Mapped[str] = mapped_column(
        String(20), default="active", comment="active, or unreachable (blocked the bot)"
    )
    unreachable_since: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When a message last failed because the person blocked the bot"
    )
    situation: Mapped[str | None] = mapped_column(
        String(20),
        comment="prospective (wants to work abroad), family (of a worker abroad), abroad, "
        "returned; empty until they say",
    )
    timezone: Mapped[str | None] = mapped_column(
        String(40), comment="Their own IANA time zone when abroad (empty: the village's)"
    )
    announcements_muted: Mapped[bool] = mapped_column(
        default=False, comment="True when they asked to receive no announcements (/berhenti)"
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="First contact (UTC)"
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last message (UTC)"
    )


class Officer(Base):
    """An officer allowed to act in one village (or, as district admin, one kabupaten)."""

    __tablename__ = "officers"
    __table_args__ = (
        UniqueConstraint(
            "channel", "external_id", "village_id", "role", name="uq_officers_identity"
        ),
        CheckConstraint(check_in("role", OFFICER_ROLES), name="role"),
        CheckConstraint(
            "(role = 'district_admin' AND district_code IS NOT NULL AND village_id IS NULL) OR "
            "(role <> 'district_admin' AND village_id IS NOT NULL AND district_code IS NULL)",
            name="scope",
        ),
        Index("ix_officers_account", "channel", "external_id"),
        {"comment": "Village officers and district admins, their role and where it applies"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    channel: Mapped[str] = mapped_column(
        String(20), default="telegram", comment="telegram or console"
    )
    external_id: Mapped[str] = mapped_column(
        String(64), comment="The officer's account id on that channel (Telegram user id)"
    )
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"),
        comment="Village the role applies to (empty for a district admin)",
    )
    district_code: Mapped[str | None] = mapped_column(
        String(4), comment="Kabupaten code (first 4 digits of village codes), district admins"
    )
    role: Mapped[str] = mapped_column(
        String(30),
        comment="coordinator, desk_officer, parenting_facilitator, village_staff, district_admin",
    )
    active: Mapped[bool] = mapped_column(default=True, comment="False once the role is withdrawn")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When added (UTC)"
    )
    removed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the role was withdrawn (UTC)"
    )


class Conversation(Base):
    """Where each person is in the conversation, so a restart loses nothing."""

    __tablename__ = "conversations"
    __table_args__ = {"comment": "Conversation state per resident (current flow and step)"}

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"),
        primary_key=True,
        comment="Whose conversation",
    )
    flow: Mapped[str] = mapped_column(String(40), comment="Current journey")
    node: Mapped[str] = mapped_column(String(40), comment="Current step in the journey")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, comment="Answers given so far")
    offered: Mapped[list[Any]] = mapped_column(
        JSON, default=list, comment="Buttons last shown [id, label]"
    )
    last_update_id: Mapped[int | None] = mapped_column(
        BigInteger, comment="Last channel update handled (to ignore re-deliveries)"
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Last change (UTC)"
    )


class OutboxMessage(Base):
    """A reply or notice waiting to be sent, sent, or given up on."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_status_id", "status", "id"),
        {
            "comment": "Messages to send; written in the same transaction as the change "
            "that caused them"
        },
    )

    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Internal id, also the send order"
    )
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True, comment="Recipient"
    )
    channel: Mapped[str] = mapped_column(String(20), comment="telegram or console")
    chat_id: Mapped[str] = mapped_column(String(64), comment="Where to send on that channel")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, comment="Text and buttons to send")
    status: Mapped[str] = mapped_column(
        String(20), default="pending", comment="pending, sent or failed"
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, comment="Send attempts so far")
    last_error: Mapped[str | None] = mapped_column(Text, comment="Why the last attempt failed")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="When queued (UTC)"
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="When delivered (UTC)")
    claimed_until: Mapped[datetime | None] = mapped_column(
        UTCDateTime,
        comment="A process is sending it and holds it until then (UTC); "
        "no other process resends it before",
    )


class AuditEntry(Base):
    """One officer or administrator action, kept for accountability."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("actor_type IN ('officer', 'admin', 'system')", name="actor_type"),
        {"comment": "Who did what, when, in which village (every officer action)"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True, comment="When (UTC)"
    )
    actor_type: Mapped[str] = mapped_column(
        String(20), comment="officer, admin (command line) or system"
    )
    actor_id: Mapped[str] = mapped_column(String(64), comment="Officer id, or the admin's OS user")
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("villages.id", ondelete="SET NULL"), index=True, comment="Village concerned"
    )
    action: Mapped[str] = mapped_column(String(60), comment="What was done, e.g. officer.added")
    subject_type: Mapped[str] = mapped_column(
        String(40), default="", comment="Kind of thing acted on"
    )
    subject_id: Mapped[str] = mapped_column(
        String(64), default="", comment="Id of the thing acted on"
    )
    detail: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, comment="Extra facts about the action"
    )


class UnansweredQuestion(Base):
    """A question the bot could not answer, kept without the asker's identity."""

    __tablename__ = "unanswered_questions"
    __table_args__ = (
        Index("ix_unanswered_questions_village_normalized", "village_id", "normalized"),
        {"comment": "Questions the bot could not answer (no link to who asked), for new topics"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("villages.id", ondelete="SET NULL"),
        comment="Village of the asker, if registered (never the person)",
    )
    locale: Mapped[str] = mapped_column(String(10), comment="Language of the question")
    question: Mapped[str] = mapped_column(
        Text, comment="The question, with phone numbers and e-mail addresses removed"
    )
    normalized: Mapped[str] = mapped_column(
        String(300), comment="Lower-cased, spelling-normalised form, to count repeats"
    )
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When (UTC)")


class VillageTopic(Base):
    """An answer written by a village officer for the residents of their own village."""

    __tablename__ = "village_topics"
    __table_args__ = {"comment": "Topics added by village officers, shown only to their village"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Internal id")
    village_id: Mapped[int] = mapped_column(
        ForeignKey("villages.id", ondelete="CASCADE"), index=True, comment="Whose residents see it"
    )
    locale: Mapped[str] = mapped_column(String(10), comment="Language it is written in")
    title: Mapped[str] = mapped_column(String(80), comment="Title shown as the answer's heading")
    body: Mapped[str] = mapped_column(Text, comment="The answer, plain text")
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list, comment="Words people type")
    created_by: Mapped[str] = mapped_column(String(64), comment="Telegram id of the officer")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="When (UTC)")
    active: Mapped[bool] = mapped_column(default=True, comment="False once withdrawn")
