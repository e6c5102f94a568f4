"""The situations a resident can be in, and the time zones of the main destination countries.

Announcements are addressed by situation ("workers abroad"), and quiet hours follow each
person's own clock, so both are asked once, kindly, and can be changed in the settings.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.i18n import N_

__all__ = ["SITUATIONS", "TIMEZONES"]

SITUATIONS: Mapping[str, str] = {
    "prospective": N_("🧳 I want to work abroad"),
    "family": N_("👪 Family of a worker abroad"),
    "abroad": N_("🌏 I work abroad now"),
    "returned": N_("🏡 I have come back home"),
}

#: Where most workers from Desmigratif villages are; "" is the village's own zone.
TIMEZONES: Mapping[str, str] = {
    "": N_("Same as my village (Indonesia)"),
    "Asia/Hong_Kong": N_("Hong Kong"),
    "Asia/Taipei": N_("Taiwan"),
    "Asia/Kuala_Lumpur": N_("Malaysia"),
    "Asia/Singapore": N_("Singapore"),
    "Asia/Seoul": N_("South Korea"),
    "Asia/Tokyo": N_("Japan"),
    "Asia/Riyadh": N_("Saudi Arabia"),
    "Asia/Dubai": N_("United Arab Emirates"),
}
