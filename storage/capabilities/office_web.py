"""Storage of the office capability's web sign-in: the ``/web`` link's token hash.

The tables live in ``storage/office_web_models.py``; sessions and page reads are used by the
web server through ``storage/office_web.py`` and ``storage/office_pages.py``.
"""

from __future__ import annotations

import storage.office_web_models  # noqa: F401  (registers the tables on Base)
from flows.office import WebSignInIssued
from storage.capability import CapabilityStorage
from storage.office_web import issue_token

__all__ = ["STORAGE"]

STORAGE = CapabilityStorage(name="office_web", effects={WebSignInIssued: issue_token})
