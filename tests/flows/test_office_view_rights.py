"""The office page asks the chat's export catalogue which right each view needs.

So a village's staff read the summaries on the page exactly as they may export them in the
chat, the resident list (names) stays with coordinators and desk officers, and a parenting
facilitator reads no complaint figures.
"""

from __future__ import annotations

from flows.office import OFFERED, view_permission
from flows.officers import OfficerRole, access
from storage.exports import EXPORTS

VILLAGE = "3301012001"


def _readable(role: str) -> set[str]:
    roles = (OfficerRole(VILLAGE, "Desa Kenanga", role),)
    allowed = access.permissions_in(roles, VILLAGE)
    return {what for what in EXPORTS if view_permission(what) in allowed}


def test_every_export_is_in_the_chat_catalogue_with_the_same_right() -> None:
    offered = {kind.name: kind.permission for kind in OFFERED}
    assert set(EXPORTS) == set(offered)
    assert all(view_permission(what) == offered[what] for what in EXPORTS)


def test_village_staff_read_summaries_but_not_names_nor_open_cases() -> None:
    staff = _readable("village_staff")
    assert {"residents", "topic-views", "checklist-progress", "announcement-reach"} <= staff
    assert "complaints-per-month" in staff  # counts only
    assert "resident-list" not in staff and "open-complaints" not in staff
    assert "resident-list" in _readable("desk_officer")


def test_a_parenting_facilitator_reads_children_figures_and_no_complaints() -> None:
    facilitator = _readable("parenting_facilitator")
    assert "parenting-children" in facilitator
    assert not {w for w in facilitator if "complaint" in w}
    assert "resident-list" not in facilitator


def test_an_export_nobody_catalogued_needs_the_strictest_right() -> None:
    assert view_permission("something-new") == "exports.personal"
    assert view_permission("complaints-by-kecamatan") == "complaints.count"
