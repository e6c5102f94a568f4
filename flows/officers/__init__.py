"""Officers: the officer menu (``/petugas``), roles and access, invites and the audit trail.

Exports on purpose: ``CAPABILITY``; ``access`` (every capability asks it who may see or change
what); ``acting_role`` (the village an officer acts for, re-checked at every step);
``OfficerActed`` (audit an officer's action); ``OfficerQueries`` and ``OfficerRole``. The
other effects and rows are exported for this capability's storage module.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.officers import access, invites, menu
from flows.officers.acting import OfficerFields, acting_role, by_officer, village_data
from flows.officers.effects import (
    InviteAccepted,
    InviteCreated,
    InviteRevoked,
    OfficerActed,
    OfficerRemoved,
    OfficerRoleChanged,
)
from flows.officers.ports import (
    AuditRow,
    InviteRow,
    OfficerQueries,
    OfficerRole,
    TeamMember,
    officer_queries,
)

__all__ = [
    "CAPABILITY",
    "AuditRow",
    "InviteAccepted",
    "InviteCreated",
    "InviteRevoked",
    "InviteRow",
    "OfficerActed",
    "OfficerFields",
    "OfficerQueries",
    "OfficerRemoved",
    "OfficerRole",
    "OfficerRoleChanged",
    "TeamMember",
    "access",
    "acting_role",
    "by_officer",
    "officer_queries",
    "village_data",
]

CAPABILITY = Capability(
    name="officers",
    modules=(menu, invites),
    commands={"petugas": "officer:menu", "officer": "officer:menu"},
    deep_links={"inv": "invite:accept"},
)
