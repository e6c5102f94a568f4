"""One household's records of one kind: list them, add one, open one to edit or remove it.

Records are read again from the household of the village acted for at every step, so a
record id carried from an earlier step that no longer belongs there finds nothing.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.households.desk_common import (
    BACK,
    MANAGE,
    by_officer,
    gone_prompt,
    gone_step,
    household_data,
    opened,
)
from flows.households.desk_done import done
from flows.households.effects import HouseholdRecordRemoved
from flows.households.labels import KIND_TITLES, record_line
from flows.households.ports import RecordRow
from flows.households.records import FIELDS, RECORD_KINDS, as_text

__all__ = ["NODES"]

RECORDS = N_("{title} of the household of {head}:")
NONE_YET = N_("{title} of the household of {head}: none recorded yet.")
ADD = N_("➕ Add")
RECORD = N_("{title}:\n{line}")
EDIT = N_("✏️ Edit")
REMOVE = N_("🗑 Remove")
CONFIRM = N_("Remove this record?\n{line}")
YES_REMOVE = N_("🗑 Yes, remove")
REMOVED = N_("Removed.")
SHOWN = 5


def _kind(data: Data) -> str:
    kind = str(data.get("kind", ""))
    return kind if kind in RECORD_KINDS else ""


def _kind_data(data: Data) -> dict[str, object]:
    return {**household_data(data), "kind": _kind(data)}


async def _records(ctx: Context, data: Data) -> Prompt:
    """The household's records of this kind as buttons (the latest five), and "Add"."""
    found = await opened(ctx, data, MANAGE)
    kind = _kind(data)
    if found is None or not kind:
        return gone_prompt(ctx, data)
    _, row = found
    records = row.of(kind)
    title = ctx._(KIND_TITLES[kind])
    text = ctx._(RECORDS if records else NONE_YET, title=title, head=row.head_name)
    if records:
        text += "\n" + "\n".join(f"• {record_line(ctx, kind, r.values)}" for r in records)
    choices = [Choice(f"r:{r.id}", record_line(ctx, kind, r.values)[:60])
               for r in records[-SHOWN:]]  # fmt: skip
    choices += [Choice("add", ctx._(ADD)), Choice("back", ctx._(BACK))]
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data=_kind_data(data))


async def _records_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Open a record, start a new one, or go back to the household."""
    if choice is None or choice.id == "back":
        return Step(goto="household", data=household_data(data))
    if choice.id == "add":
        return Step(goto="field", data={**_kind_data(data), "step": 0, "values": {}})
    if choice.id.startswith("r:") and choice.id[2:].isdigit():
        return Step(goto="record", data={**_kind_data(data), "record": int(choice.id[2:])})
    return Step(goto="records", data=_kind_data(data))


async def _opened_record(ctx: Context, data: Data) -> tuple[object, RecordRow] | None:
    found = await opened(ctx, data, MANAGE)
    record_id = data.get("record")
    if found is None or not isinstance(record_id, int):
        return None
    role, row = found
    record = next((r for r in row.of(_kind(data)) if r.id == record_id), None)
    return (role, record) if record is not None else None


async def _record(ctx: Context, data: Data) -> Prompt:
    """One record: edit it or remove it."""
    found = await _opened_record(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    kind = _kind(data)
    text = ctx._(
        RECORD, title=ctx._(KIND_TITLES[kind]), line=record_line(ctx, kind, found[1].values)
    )
    choices = (Choice("edit", ctx._(EDIT)), Choice("remove", ctx._(REMOVE)),
               Choice("back", ctx._(BACK)))  # fmt: skip
    return Prompt(replies=(Reply(text),), choices=choices)


async def _record_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Edit (the form starts from the stored values), ask before removing, or go back."""
    found = await _opened_record(ctx, data)
    if found is None:
        return gone_step(ctx, data)
    if choice is None or choice.id == "back":
        return Step(goto="records", data=_kind_data(data))
    if choice.id == "remove":
        return Step(goto="record_remove", data={**_kind_data(data), "record": found[1].id})
    specs = FIELDS[_kind(data)]
    values = {s.key: as_text(s, found[1].values.get(s.key)) for s in specs}
    return Step(goto="field", data={**_kind_data(data), "record": found[1].id, "step": 0,
                                    "values": values, "editing": True})  # fmt: skip


async def _ask_remove(ctx: Context, data: Data) -> Prompt:
    """Ask before removing the record."""
    found = await _opened_record(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    text = ctx._(CONFIRM, line=record_line(ctx, _kind(data), found[1].values))
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("yes", ctx._(YES_REMOVE)), Choice("back", ctx._(BACK))),
    )


async def _remove(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Remove it (checked again), or go back to the list."""
    found = await opened(ctx, data, MANAGE)
    record = await _opened_record(ctx, data)
    if found is None or record is None:
        return gone_step(ctx, data)
    if choice is None or choice.id != "yes":
        return Step(goto="records", data=_kind_data(data))
    role, row = found
    effect = HouseholdRecordRemoved(**by_officer(ctx, role), household_id=row.id,
                                    kind=_kind(data), record_id=record[1].id)  # fmt: skip
    return Step(replies=(Reply(ctx._(REMOVED)),), effects=(effect,), goto="done",
                data=done("record_removed", data, kind=_kind(data)))  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("records", _records, _records_chosen,
        exits={"record": "record", "add": "field", "back": "household", "gone": "home"}),
    Ask("record", _record, _record_chosen,
        exits={"edit": "field", "remove": "record_remove", "back": "records", "gone": "home"}),
    Ask("record_remove", _ask_remove, _remove,
        exits={"removed": "done", "back": "records", "gone": "home"}),
)  # fmt: skip
