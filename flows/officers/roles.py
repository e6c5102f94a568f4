"""The officer roles as people read them, in their language."""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.i18n import N_

__all__ = ["ROLE_NAMES"]

ROLE_NAMES: Mapping[str, str] = {
    "coordinator": N_("coordinator"),
    "desk_officer": N_("desk officer"),
    "village_staff": N_("village staff"),
    "parenting_facilitator": N_("parenting facilitator"),
    "district_admin": N_("district admin"),
}
