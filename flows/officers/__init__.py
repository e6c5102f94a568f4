"""Officers: the officer menu (``/petugas``), roles and access, invites and the audit trail.

Exports on purpose: ``CAPABILITY``; ``access`` (every capability asks it who may see or change
what); ``OfficerQueries`` and ``OfficerRole`` (who is an officer where).
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.officers import access, menu
from flows.officers.effects import OfficerActed
from flows.officers.ports import OfficerQueries, OfficerRole, officer_queries

__all__ = [
    "CAPABILITY",
    "OfficerActed",
    "OfficerQueries",
    "OfficerRole",
    "access",
    "officer_queries",
]

CAPABILITY = Capability(
    name="officers",
    modules=(menu,),
    commands={"petugas": "officer:menu", "officer": "officer:menu"},
)
