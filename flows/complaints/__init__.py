"""Complaints: residents report problems; the village desk tracks each case to its end."""

from __future__ import annotations

__all__: list[str] = []
