"""The whole schema: the shared tables and every capability's own, in one ``METADATA``.

Capability tables are defined in their storage modules; importing the registry loads them,
so migrations and tests compare against all of them.
"""

from __future__ import annotations

import storage.delivery_models
import storage.registry  # noqa: F401  (registers every capability's tables on Base)
from storage.models import Base

__all__ = ["METADATA"]

METADATA = Base.metadata
