"""Recent actions: the village's audit log, for its officers only (never for residents)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Say
from flows.officers.acting import acting_role
from flows.officers.effects import OfficerActed
from flows.officers.ports import officer_queries

__all__ = ["node"]

REFUSED = N_("This menu is only for village officers.")
HEADER = N_("Recent actions in {village} (newest first):")
NOTHING = N_("{village}: no actions recorded yet.")
LINE = N_("{when} · {actor} · {action} {subject}")
SHOWN = 15


async def _show(ctx: Context, data: Data) -> Prompt:
    """The latest entries of the village acted for, in its time zone (viewing is audited)."""
    role = await acting_role(ctx, data, "audit.view")
    if role is None:
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then="main:menu")
    rows = await officer_queries(ctx).recent_audit(role.village_code, SHOWN)
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    if not rows:
        text = ctx._(NOTHING, village=role.village_name)
    else:
        lines = [ctx._(HEADER, village=role.village_name)]
        lines += [
            ctx._(
                LINE,
                when=row.at.astimezone(zone).strftime("%d-%m %H:%M"),
                actor=row.actor,
                action=row.action,
                subject=row.subject,
            ).rstrip()
            for row in rows
        ]
        text = "\n".join(lines)
    viewed = OfficerActed(ctx.person.external_id, role.village_code, "audit.viewed")
    return Prompt(replies=(Reply(text),), effects=(viewed,), then="menu")


node = Say("audit", _show, next="menu")
