"""Announcements: officers write to their village's residents; the delivery engine sends.

Exports on purpose: ``CAPABILITY``; the effects ``AnnouncementCreated`` and
``AnnouncementCancelled`` and the rows ``AnnouncementRow`` and ``Reach`` (for its storage
module); ``is_valid`` (which audiences storage may select).
"""

from __future__ import annotations

from flows.announcements import announce
from flows.announcements.audience import is_valid
from flows.announcements.effects import AnnouncementCancelled, AnnouncementCreated
from flows.announcements.ports import AnnouncementQueries, AnnouncementRow, Reach
from flows.engine.capability import Capability

__all__ = [
    "CAPABILITY",
    "AnnouncementCancelled",
    "AnnouncementCreated",
    "AnnouncementQueries",
    "AnnouncementRow",
    "Reach",
    "is_valid",
]

CAPABILITY = Capability(
    name="announcements",
    modules=(announce,),
    commands={"pengumuman": "announce:menu", "announce": "announce:menu"},
)
