"""The village office: a read-only web page for office staff, reached by a ``/web`` link.

Exports on purpose: ``CAPABILITY``; ``WebSignInIssued`` (for this capability's storage
module); ``LINK_VALID`` and ``token_hash`` (the web server hashes tokens the same way);
``VIEW_PERMISSIONS`` and ``view_permission`` (which permission each office view needs).
Another module of the office capability (the officer menu's exports) joins ``modules``.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.office import signin
from flows.office.effects import WebSignInIssued
from flows.office.signin import LINK_VALID, token_hash
from flows.office.views import VIEW_PERMISSIONS, view_permission

__all__ = [
    "CAPABILITY",
    "LINK_VALID",
    "VIEW_PERMISSIONS",
    "WebSignInIssued",
    "token_hash",
    "view_permission",
]

CAPABILITY = Capability(
    name="office",
    modules=(
        signin,
        # the officer menu's exports module goes here
    ),
    commands={"web": "web:signin"},
)
