"""Who may see or change what: every decision about access to people's data is made here.

Flows call these functions instead of checking roles themselves, so one test file can prove
each refusal: residents see only their own data, officers act only in their own village and
only within their role, and a district admin acts in every village of their kabupaten as a
coordinator would. Storage scopes its statements by village in SQL as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flows.officers.ports import OfficerRole

__all__ = [
    "DISTRICT_ROLE",
    "PERMISSIONS",
    "ROLES",
    "VILLAGE_ROLES",
    "may",
    "permissions_in",
    "role_in",
    "villages_where",
]

#: Roles held in one village, strongest first (a person may hold several).
VILLAGE_ROLES = ("coordinator", "desk_officer", "village_staff", "parenting_facilitator")
#: Held in a kabupaten: in each of its villages, what a coordinator may do.
DISTRICT_ROLE = "district_admin"
ROLES = (*VILLAGE_ROLES, DISTRICT_ROLE)

_DESK = frozenset({"coordinator", "desk_officer", "village_staff"})
_EVERY_VILLAGE_ROLE = frozenset(VILLAGE_ROLES)

#: Which village roles may do what; a district admin may do what a coordinator may.
PERMISSIONS: Mapping[str, frozenset[str]] = {
    "menu.open": _EVERY_VILLAGE_ROLE,
    "questions.view": _DESK,
    "topics.add": _DESK,
    "announcements.view": _DESK,
    "announcements.send": frozenset({"coordinator", "desk_officer"}),
    "announcements.cancel": frozenset({"coordinator"}),
    "officers.manage": frozenset({"coordinator"}),
    # complaints: desk officers and coordinators read and handle cases; village staff see
    # only how many there are; parenting facilitators nothing of them
    "complaints.handle": frozenset({"coordinator", "desk_officer"}),
    "complaints.count": _DESK,
    # document checklists: desk officers and coordinators check residents' documents; village
    # staff and parenting facilitators see none of them
    "checklists.handle": frozenset({"coordinator", "desk_officer"}),
    # job board: desk officers and coordinators publish notices and check offers residents
    # sent; notices are public, but the interested people and the offers are personal data
    "jobs.publish": frozenset({"coordinator", "desk_officer"}),
    "audit.view": _EVERY_VILLAGE_ROLE,
    # community parenting: children's data only for the village's parenting facilitators and
    # coordinators (not desk officers, not village staff); the confirmation rule: coordinators
    "parenting.manage": frozenset({"coordinator", "parenting_facilitator"}),
    "parenting.settings": frozenset({"coordinator"}),
    # village data as a file (officer menu → export): summaries hold counts and references,
    # no personal data; the resident list holds names, so only coordinators and desk officers
    # (complaint and parenting figures need those capabilities' own rights as well)
    "exports.summary": _DESK,
    "exports.personal": frozenset({"coordinator", "desk_officer"}),
    # the office web page (``/web``): the village's counts and office views; complaint views
    # also need complaints.count and children's views parenting.manage (flows/office/views.py)
    "office.view": _DESK,
    # the migrant-family registry (names, addresses, workers abroad): the desk keeps it,
    # village staff may look it up, parenting facilitators see none of it
    "registry.manage": frozenset({"coordinator", "desk_officer"}),
    "registry.view": _DESK,
}


def _grants(role: str, permission: str) -> bool:
    allowed = PERMISSIONS.get(permission, frozenset())
    return role in allowed or (role == DISTRICT_ROLE and "coordinator" in allowed)


def may(roles: Iterable[OfficerRole], permission: str, village_code: str) -> bool:
    """True when one of ``roles`` grants ``permission`` in that village."""
    return any(r.village_code == village_code and _grants(r.role, permission) for r in roles)


def role_in(roles: Iterable[OfficerRole], permission: str, village_code: str) -> OfficerRole | None:
    """The role through which ``permission`` is granted in that village, if any."""
    return next(
        (r for r in roles if r.village_code == village_code and _grants(r.role, permission)),
        None,
    )


def permissions_in(roles: Iterable[OfficerRole], village_code: str) -> frozenset[str]:
    """Everything these roles allow in that village."""
    held = [r.role for r in roles if r.village_code == village_code]
    return frozenset(p for p in PERMISSIONS if any(_grants(role, p) for role in held))


def villages_where(roles: Iterable[OfficerRole], permission: str) -> tuple[OfficerRole, ...]:
    """One role per village in which ``permission`` is granted, in village-code order."""
    seen: dict[str, OfficerRole] = {}
    for role in roles:
        if _grants(role.role, permission):
            seen.setdefault(role.village_code, role)
    return tuple(seen[code] for code in sorted(seen))
