"""Which permission each office view needs: the office page follows the chat's role limits.

The export catalogue (``catalogue.OFFERED``) already says which right each export needs in
the chat; the page asks the same list, so the chat and the page can never disagree. An export
the catalogue does not know yet falls under a rule by its name (complaints need
``complaints.count``, children ``parenting.manage``), and otherwise under the strictest
right, ``exports.personal``, until someone decides otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.office.catalogue import export_kind

__all__ = ["VIEW_PERMISSIONS", "view_permission"]

#: A word in an uncatalogued view's name → the permission it needs (checked in this order).
VIEW_PERMISSIONS: Mapping[str, str] = {
    "complaint": "complaints.count",
    "parenting": "parenting.manage",
}
_UNKNOWN = "exports.personal"


def view_permission(what: str) -> str:
    """The permission an officer needs in a village to read export ``what`` for it."""
    kind = export_kind(what)
    if kind is not None:
        return kind.permission
    return next((perm for word, perm in VIEW_PERMISSIONS.items() if word in what), _UNKNOWN)
