"""The typed messages that cross the boundary between a channel adapter and the flows.

A channel (Telegram, the console, later WhatsApp or SMS) turns whatever it receives into an
``Inbound`` and renders each ``Reply`` its own way, so flows never see a channel's types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Attachment", "AttachmentKind", "Choice", "Inbound", "Reply"]

AttachmentKind = Literal[
    "photo", "document", "voice", "audio", "video", "location", "contact", "other"
]


@dataclass(frozen=True, slots=True)
class Attachment:
    """Something other than text a person sent: a file reference, a place or a contact."""

    kind: AttachmentKind
    file_id: str | None = None
    mime_type: str | None = None
    size: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    phone_number: str | None = None


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a person did: typed text, a command, a tap on a button, or sent media."""

    channel: str
    user_id: str
    chat_id: str
    text: str = ""
    command: str | None = None
    payload: str = ""
    choice_id: str | None = None
    attachments: tuple[Attachment, ...] = ()
    #: Passed on from someone else (a job advert, a chain message): not the person's own words.
    forwarded: bool = False
    #: The channel saw a web address in it (hidden behind words, too); flows also look in text.
    has_link: bool = False
    language_code: str | None = None
    display_name: str = ""
    update_id: int | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """A button offered with a reply: ``id`` is stable, ``label`` is already translated."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send back.

    ``choices`` become a reply keyboard (a typed number or label works the same as a tap);
    ``actions`` become inline buttons on this one message, for an action on one item.
    """

    text: str
    choices: tuple[Choice, ...] = ()
    actions: tuple[Choice, ...] = field(default=())
    remove_keyboard: bool = False
