"""Case states as people read them."""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_

__all__ = ["STATUS_LABELS", "status_label"]

STATUS_LABELS = {
    "new": N_("received"),
    "in_progress": N_("being handled"),
    "waiting_reporter": N_("waiting for your answer"),
    "referred": N_("passed on to the authorities"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
    "withdrawn": N_("withdrawn"),
}


def status_label(ctx: Context, status: str) -> str:
    """The state in the reader's language."""
    label = STATUS_LABELS.get(status)
    return ctx._(label) if label else status
