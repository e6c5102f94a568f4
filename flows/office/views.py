"""Which permission each office view needs: the office page follows the chat's role limits.

Views about complaints need ``complaints.count`` (parenting facilitators see none of them),
views about children need ``parenting.manage``; every other view ``office.view``. Decided by
the view's name, so a view added later falls under the strictest matching rule by itself.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["VIEW_PERMISSIONS", "view_permission"]

#: A word in the view's name → the permission it needs (checked in this order).
VIEW_PERMISSIONS: Mapping[str, str] = {
    "complaint": "complaints.count",
    "parenting": "parenting.manage",
    "checklist": "office.view",
    "job": "office.view",
}
_DEFAULT = "office.view"


def view_permission(view: str) -> str:
    """The permission an officer needs in a village to read ``view`` for it."""
    return next((perm for word, perm in VIEW_PERMISSIONS.items() if word in view), _DEFAULT)
