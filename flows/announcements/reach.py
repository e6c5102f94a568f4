"""Announcements of a village: the latest ones with their reach, and stopping one.

Desk officers, coordinators and village staff see how far each announcement has got (sent,
waiting for quiet hours, still to send, failed, unreachable, cancelled), and the final report
once nothing is left to send. A coordinator can stop one still in progress.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.announcements.audience import describe
from flows.announcements.effects import AnnouncementCancelled
from flows.announcements.ports import AnnouncementRow, announcement_queries
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.officers import OfficerActed, acting_role

__all__ = ["NODES"]

VIEW, SEND, CANCEL_PERMISSION = "announcements.view", "announcements.send", "announcements.cancel"
SHOWN = 5

REFUSED = N_("This menu is only for village officers.")
MENU = N_("Announcements of {village}. Choose one to see how far it has got.")
NONE_YET = N_("No announcements yet in {village}.")
NEW = N_("✍️ New announcement")
BACK = N_("Back to menu")
ITEM = N_("#{id} · {when} · {count} people · {state}")
IN_PROGRESS = N_("sending")
FINISHED = N_("finished")
STOPPED = N_("cancelled")
DETAIL = N_(
    "Announcement #{id} to {audience}, from {when}:\n\n{text}\n\n"
    "✅ sent: {sent}\n🌙 waiting for quiet hours to end: {waiting}\n⏳ still to send: {pending}\n"
    "❌ failed: {failed}\n🚫 unreachable (blocked the bot): {unreachable}\n"
    "⛔ cancelled: {cancelled}"
)
FINAL = N_("Final report: {sent} of {total} people received it.")
REFRESH = N_("🔄 Refresh")
STOP = N_("⛔ Stop this announcement")
CONFIRM_STOP = N_("Stop it? The {open} messages not sent yet will never be sent.")
YES_STOP = N_("Yes, stop it")
NO = N_("No")
STOPPED_NOW = N_("Stopped. Messages not yet sent will not be sent.")
GONE = N_("That announcement is not in this village's list.")


def _when(ctx: Context, row: AnnouncementRow) -> str:
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    return row.send_at.astimezone(zone).strftime("%d-%m %H:%M")


def _state(ctx: Context, row: AnnouncementRow) -> str:
    if row.cancelled:
        return ctx._(STOPPED)
    return ctx._(IN_PROGRESS) if row.reach.open else ctx._(FINISHED)


async def _menu(ctx: Context, data: Data) -> Prompt:
    """The latest announcements, and a new one for those who may send."""
    role = await acting_role(ctx, data, VIEW)
    if role is None:
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then="officer:menu")
    rows = await announcement_queries(ctx).recent(role.village_code, SHOWN, ctx.now)
    choices = [
        Choice(
            f"a:{row.id}",
            ctx._(
                ITEM, id=row.id, when=_when(ctx, row), count=row.recipients, state=_state(ctx, row)
            ),
        )
        for row in rows
    ]
    if await acting_role(ctx, data, SEND) is not None:
        choices.insert(0, Choice("new", ctx._(NEW)))
    choices.append(Choice("back", ctx._(BACK)))
    text = ctx._(MENU if rows else NONE_YET, village=role.village_name)
    return Prompt(
        replies=(Reply(text),), choices=tuple(choices), data={"village": role.village_code}
    )


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Write a new one, open one, or go back to the officer menu."""
    village = {"village": data.get("village", "")}
    if choice is None or choice.id == "back":
        return Step(goto="officer:menu", data=village)
    if choice.id == "new":
        return Step(goto="write", data=village)
    return Step(goto="detail", data={**village, "announcement": choice.id.removeprefix("a:")})


async def _row(ctx: Context, data: Data, permission: str) -> AnnouncementRow | None:
    role = await acting_role(ctx, data, permission)
    wanted = str(data.get("announcement", ""))
    if role is None or not wanted.isdecimal():
        return None
    return await announcement_queries(ctx).announcement(role.village_code, int(wanted), ctx.now)


async def _detail(ctx: Context, data: Data) -> Prompt:
    """The reach of one announcement (its final report once nothing is left to send)."""
    row = await _row(ctx, data, VIEW)
    if row is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="menu")
    role = await acting_role(ctx, data, VIEW)
    assert role is not None
    reach = row.reach
    text = ctx._(
        DETAIL,
        id=row.id,
        audience=describe(ctx, row.audience, role.village_name),
        when=_when(ctx, row),
        text=row.text,
        sent=reach.sent,
        waiting=reach.waiting_quiet_hours,
        pending=reach.pending,
        failed=reach.failed,
        unreachable=reach.unreachable,
        cancelled=reach.cancelled,
    )
    if not reach.open:
        text += "\n\n" + ctx._(FINAL, sent=reach.sent, total=row.recipients)
    choices = [Choice("refresh", ctx._(REFRESH))]
    stoppable = reach.open and not row.cancelled
    if stoppable and await acting_role(ctx, data, CANCEL_PERMISSION) is not None:
        choices.append(Choice("stop", ctx._(STOP)))
    choices.append(Choice("back", ctx._(BACK)))
    viewed = OfficerActed(
        ctx.person.external_id, role.village_code, "announcement.viewed", str(row.id)
    )
    return Prompt(replies=(Reply(text),), choices=tuple(choices), effects=(viewed,))


async def _detail_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Refresh, ask to stop it, or back to the list."""
    if choice is not None and choice.id == "refresh":
        return Step(goto="detail")
    if choice is not None and choice.id == "stop":
        return Step(goto="stop")
    return Step(goto="menu")


async def _ask_stop(ctx: Context, data: Data) -> Prompt:
    """Confirm stopping it."""
    row = await _row(ctx, data, CANCEL_PERMISSION)
    if row is None or row.cancelled or not row.reach.open:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="menu")
    choices = (Choice("yes", ctx._(YES_STOP)), Choice("no", ctx._(NO)))
    return Prompt(replies=(Reply(ctx._(CONFIRM_STOP, open=row.reach.open)),), choices=choices)


async def _stop(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Stop it (a coordinator of that village only, checked again)."""
    if choice is None or choice.id != "yes":
        return Step(goto="detail")
    row = await _row(ctx, data, CANCEL_PERMISSION)
    role = await acting_role(ctx, data, CANCEL_PERMISSION)
    if row is None or role is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="menu")
    stopped = AnnouncementCancelled(ctx.person.external_id, role.village_code, row.id)
    return Step(replies=(Reply(ctx._(STOPPED_NOW)),), effects=(stopped,), goto="detail")


NODES: tuple[Node, ...] = (
    Ask(
        "menu",
        _menu,
        _chosen,
        exits={"new": "write", "announcement": "detail", "back / refused": "officer:menu"},
    ),
    Ask(
        "detail",
        _detail,
        _detail_chosen,
        exits={"refresh": "detail", "stop": "stop", "back / not found": "menu"},
    ),
    Ask("stop", _ask_stop, _stop, exits={"stopped / no": "detail", "not found": "menu"}),
)
