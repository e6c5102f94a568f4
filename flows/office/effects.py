"""Effects of the office capability: a one-time sign-in link to the office web page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.engine.effects import Effect

__all__ = ["WebSignInIssued"]


@dataclass(frozen=True, slots=True)
class WebSignInIssued(Effect):
    """An officer asked for a sign-in link; only the token's hash is kept, never the token."""

    channel: str
    officer_user_id: str
    token_hash: str
    expires_at: datetime
