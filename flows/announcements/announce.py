"""Announcements (pengumuman): officers write to many residents at once, and follow the reach.

The journey: the list of the village's announcements → write one (text, or a captioned photo
or document) → audience (whole village, a situation, a language) → urgency (quiet hours) →
now or a chosen local time → preview with the exact recipient count → queued. The delivery
engine sends them at Telegram's pace in each person's waking hours.
"""

from __future__ import annotations

from flows.announcements.compose import NODES as COMPOSE
from flows.announcements.reach import NODES as REACH
from flows.engine.nodes import make_flow

__all__ = ["FLOW"]

FLOW = make_flow("announce", "menu", *REACH, *COMPOSE, summary="Announcements for officers")
