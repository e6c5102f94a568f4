"""Who may see or change what: every decision about access to people's data is made here.

Flows call these functions instead of checking roles themselves, so one test file can prove
each refusal: residents see only their own data, officers act only in their own village and
only within their role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flows.officers.ports import OfficerRole

__all__ = ["PERMISSIONS", "may", "villages_where"]

#: Which officer roles may do what.
PERMISSIONS: Mapping[str, frozenset[str]] = {
    "questions.view": frozenset({"desk_officer", "village_staff"}),
    "topics.add": frozenset({"desk_officer", "village_staff"}),
}


def may(roles: Iterable[OfficerRole], permission: str, village_code: str) -> bool:
    """True when one of ``roles`` grants ``permission`` in that village."""
    allowed = PERMISSIONS.get(permission, frozenset())
    return any(r.village_code == village_code and r.role in allowed for r in roles)


def villages_where(roles: Iterable[OfficerRole], permission: str) -> tuple[OfficerRole, ...]:
    """One role per village in which ``permission`` is granted, in village-code order."""
    allowed = PERMISSIONS.get(permission, frozenset())
    seen: dict[str, OfficerRole] = {}
    for role in roles:
        if role.role in allowed:
            seen.setdefault(role.village_code, role)
    return tuple(seen[code] for code in sorted(seen))
