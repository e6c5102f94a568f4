"""Keeping a report as it is written: the draft saved at every step, and the files in it.

A report is written over many messages, sometimes over days; every answer moves the flow on
and saves the draft with the step to resume at, in the same step (one transaction).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows.complaints.effects import CaseEvidence, ComplaintDraftSaved
from flows.engine.context import Context
from flows.engine.messages import Choice, Inbound
from flows.engine.nodes import Data, Step

__all__ = ["EVIDENCE_KINDS", "MAX_EVIDENCE", "evidence_in", "next_step", "saved", "translated"]

#: Attachments kept as evidence (a location or a contact card is not a file).
EVIDENCE_KINDS = ("photo", "document", "voice", "audio", "video", "video_note")
MAX_EVIDENCE = 30


def evidence_in(inbound: Inbound) -> tuple[CaseEvidence, ...]:
    """The files in a message that can be kept as evidence."""
    return tuple(
        CaseEvidence(a.kind, a.file_id, a.mime_type, a.size)
        for a in inbound.attachments
        if a.kind in EVIDENCE_KINDS and a.file_id
    )


def translated(ctx: Context, *choices: Choice) -> tuple[Choice, ...]:
    """Buttons with their labels (msgids) in the person's language."""
    return tuple(Choice(c.id, ctx._(c.label)) for c in choices)


def saved(data: Mapping[str, Any], step: str) -> ComplaintDraftSaved:
    """The draft as it stands, to resume at ``step``."""
    return ComplaintDraftSaved({**data, "step": step})


def next_step(data: Data, step: str, **changes: Any) -> Step:
    """Move on to ``step`` with ``changes``, saving the draft where it will resume."""
    new = {**data, **changes}
    return Step(goto=step, data=new, effects=(saved(new, step),))
