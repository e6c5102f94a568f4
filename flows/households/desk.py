"""The registry desk (officer menu → "🏠 Migrant families"): the village's migrant families.

Coordinators and desk officers list and search the village's households, add one, open one
to see and change its workers abroad, returnees, businesses and training (``desk_records``,
``desk_form``), give a member of the family a one-time code to see it in the bot, remove it,
and handle residents' correction requests (``desk_corrections``). Village staff may look but
change nothing; parenting facilitators see none of it. Every step checks again.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Say, Step, make_flow
from flows.households.desk_common import (
    BACK,
    MANAGE,
    VIEW,
    by_officer,
    gone_prompt,
    gone_step,
    household_data,
    opened,
    village_data,
)
from flows.households.desk_corrections import NODES as CORRECTION_NODES
from flows.households.desk_done import NODES as DONE_NODES
from flows.households.desk_done import done
from flows.households.desk_form import NODES as FORM_NODES
from flows.households.desk_records import NODES as RECORD_NODES
from flows.households.effects import HouseholdLinkCodeCreated, HouseholdRemoved
from flows.households.labels import KIND_TITLES, household_line, record_line
from flows.households.ports import household_queries
from flows.households.records import RECORD_KINDS
from flows.officers import OfficerActed, acting_role

__all__ = ["FLOW"]

ONLY_DESK = N_("Only the village's desk officers, coordinators and village staff can open the "
               "registry of migrant families.")  # fmt: skip
HOME = N_("Migrant families of {village}: {count} household(s) registered. What would you like "
          "to do?")  # fmt: skip
LIST_BUTTON = N_("📋 Households")
ADD = N_("➕ Add a household")
CORRECTIONS = N_("✉️ Correction requests ({count})")
OFFICER_MENU = N_("⬅ Officer menu")
LIST = N_("Households {first}–{last} of {total}. Choose one, or type part of a name or dusun "
          "to search:")  # fmt: skip
SEARCHED = N_("Search “{search}”: households {first}–{last} of {total}.")
NONE_FOUND = N_("No household found. Type another name, or go back.")
MORE = N_("More ›")
EARLIER = N_("‹ Earlier")
HOUSEHOLD = N_("{line}\n\n{records}\n\nLinked to a resident's account: {linked}")
SECTION = N_("{title} ({count})")
YES = N_("yes")
NO = N_("no")
EDIT = N_("✏️ Edit household")
CODE = N_("🔗 Code for the family")
REMOVE = N_("🗑 Remove household")
CODE_MADE = N_(
    "Code for a member of this family: {code}\nIt works once, until {until}. They type "
    "/keluarga and then the code{link}. Only they will see what the village holds about "
    "their household, and can ask for corrections."
)
CODE_LINK = N_(", or open {link}")
CONFIRM_REMOVE = N_("Remove the household of {head} with all its records? This cannot be undone.")
YES_REMOVE = N_("🗑 Yes, remove")
REMOVED = N_("Removed.")
PER_PAGE = 5
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud
CODE_HOURS = 72


async def _home(ctx: Context, data: Data) -> Prompt:
    """The registry of the village acted for; anyone without the right is refused."""
    role = await acting_role(ctx, data, VIEW)
    if role is None:
        return Prompt(replies=(Reply(ctx._(ONLY_DESK)),), then="main:menu", data={})
    queries = household_queries(ctx)
    _, total = await queries.village_households(role.village_code, "", 0, 1)
    choices = [Choice("list", ctx._(LIST_BUTTON))]
    if await acting_role(ctx, data, MANAGE) is not None:
        waiting = await queries.open_corrections(role.village_code)
        choices += [Choice("add", ctx._(ADD)),
                    Choice("corrections", ctx._(CORRECTIONS, count=str(len(waiting))))]  # fmt: skip
    choices.append(Choice("officer", ctx._(OFFICER_MENU)))
    text = ctx._(HOME, village=role.village_name, count=str(total))
    return Prompt(replies=(Reply(text),), choices=tuple(choices),
                  data={"village": role.village_code})  # fmt: skip


async def _home_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open what was chosen (each step checks the right to it again)."""
    if choice is None or choice.id == "officer":
        return Step(goto="officer:menu", data=village_data(data))
    if choice.id == "add":
        return Step(goto="field", data={**village_data(data), "kind": "household", "step": 0,
                                        "values": {}})  # fmt: skip
    return Step(goto=choice.id, data=village_data(data))


async def _list(ctx: Context, data: Data) -> Prompt:
    """A page of households (at most five), with paging and a typed search."""
    role = await acting_role(ctx, data, VIEW)
    if role is None:
        return gone_prompt(ctx, data)
    page = int(data.get("page", 0) or 0)
    search = str(data.get("search", ""))
    found, total = await household_queries(ctx).village_households(
        role.village_code, search, page * PER_PAGE, PER_PAGE
    )
    choices = [Choice(f"h:{h.id}", f"{h.head_name} · {h.dusun or '-'}") for h in found]
    if page > 0:
        choices.append(Choice("earlier", ctx._(EARLIER)))
    if (page + 1) * PER_PAGE < total:
        choices.append(Choice("more", ctx._(MORE)))
    choices.append(Choice("back", ctx._(BACK)))
    if not found:
        text = ctx._(NONE_FOUND)
    else:
        span = {"first": str(page * PER_PAGE + 1), "last": str(page * PER_PAGE + len(found)),
                "total": str(total)}  # fmt: skip
        text = ctx._(SEARCHED, search=search, **span) if search else ctx._(LIST, **span)
    return Prompt(replies=(Reply(text),), choices=tuple(choices))


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a household, turn the page, or search by the typed words."""
    kept = {**village_data(data), "search": data.get("search", "")}
    page = int(data.get("page", 0) or 0)
    if choice is None:
        return Step(goto="list", data={**village_data(data), "search": inbound.text.strip()[:40]})
    if choice.id in ("more", "earlier"):
        return Step(goto="list", data={**kept, "page": page + (1 if choice.id == "more" else -1)})
    if choice.id.startswith("h:") and choice.id[2:].isdigit():
        return Step(goto="household", data={**village_data(data), "household": int(choice.id[2:])})
    return Step(goto="home", data=village_data(data))


async def _household(ctx: Context, data: Data) -> Prompt:
    """One household: head, address and records; what the officer may do with it."""
    found = await opened(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    role, row = found
    sections = []
    for kind in RECORD_KINDS:
        records = row.of(kind)
        lines = [ctx._(SECTION, title=ctx._(KIND_TITLES[kind]), count=str(len(records)))]
        lines += [f"• {record_line(ctx, kind, r.values)}" for r in records]
        sections.append("\n".join(lines))
    values = {"head_name": row.head_name, "dusun": row.dusun, "rt": row.rt, "rw": row.rw,
              "address": row.address}  # fmt: skip
    text = ctx._(HOUSEHOLD, line=household_line(ctx, values), records="\n\n".join(sections),
                 linked=ctx._(YES if row.linked else NO))  # fmt: skip
    choices: list[Choice] = []
    if await acting_role(ctx, data, MANAGE) is not None:
        choices += [Choice(f"k:{kind}", ctx._(KIND_TITLES[kind])) for kind in RECORD_KINDS]
        choices += [Choice("edit", ctx._(EDIT)), Choice("code", ctx._(CODE)),
                    Choice("remove", ctx._(REMOVE))]  # fmt: skip
    choices.append(Choice("back", ctx._(BACK)))
    # personal data was shown: who looked at which family is kept in the audit log
    seen = OfficerActed(ctx.person.external_id, role.village_code, "registry.household_viewed",
                        str(row.id))  # fmt: skip
    return Prompt(replies=(Reply(text),), choices=tuple(choices), effects=(seen,),
                  data=household_data(data))  # fmt: skip


async def _household_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Open a kind of record, edit the household, make a code, remove it, or go back."""
    if choice is None or choice.id == "back":
        return Step(goto="list", data=village_data(data))
    if choice.id.startswith("k:"):
        return Step(goto="records", data={**household_data(data), "kind": choice.id[2:]})
    if choice.id == "edit":
        found = await opened(ctx, data, MANAGE)
        if found is None:
            return gone_step(ctx, data)
        _, row = found
        values = {
            "head_name": row.head_name,
            "dusun": row.dusun,
            "rt": str(row.rt or ""),
            "rw": str(row.rw or ""),
            "address": row.address,
        }
        return Step(goto="field", data={**household_data(data), "kind": "household", "step": 0,
                                        "values": values, "editing": True})  # fmt: skip
    return Step(goto=choice.id, data=household_data(data))


async def _code(ctx: Context, data: Data) -> Prompt:
    """A fresh one-time code (and link) for a member of the family."""
    found = await opened(ctx, data, MANAGE)
    if found is None:
        return gone_prompt(ctx, data)
    role, row = found
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    expires = ctx.now + timedelta(hours=CODE_HOURS)
    link = ctx.link_for(f"kk-{code}")
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    until = expires.astimezone(zone).strftime("%d-%m-%Y %H:%M")
    text = ctx._(CODE_MADE, code=code, until=until,
                 link=ctx._(CODE_LINK, link=link) if link else "")  # fmt: skip
    effect = HouseholdLinkCodeCreated(**by_officer(ctx, role), household_id=row.id, code=code,
                                      expires_at=expires)  # fmt: skip
    return Prompt(replies=(Reply(text),), effects=(effect,), then="household",
                  data=household_data(data))  # fmt: skip


async def _ask_remove(ctx: Context, data: Data) -> Prompt:
    """Ask before removing a household and everything recorded about it."""
    found = await opened(ctx, data, MANAGE)
    if found is None:
        return gone_prompt(ctx, data)
    text = ctx._(CONFIRM_REMOVE, head=found[1].head_name)
    return Prompt(
        replies=(Reply(text),),
        choices=(Choice("yes", ctx._(YES_REMOVE)), Choice("back", ctx._(BACK))),
    )


async def _remove(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Remove it (the right and the village are checked again), or go back."""
    if choice is None or choice.id != "yes":
        return Step(goto="household", data=household_data(data))
    found = await opened(ctx, data, MANAGE)
    if found is None:
        return gone_step(ctx, data)
    role, row = found
    effect = HouseholdRemoved(**by_officer(ctx, role), household_id=row.id)
    return Step(replies=(Reply(ctx._(REMOVED)),), effects=(effect,), goto="done",
                data=done("household_removed", village_data(data)))  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("home", _home, _home_chosen,
        exits={"list": "list", "add": "field", "corrections": "corrections",
               "back": "officer:menu", "refused": "main:menu"}),
    Ask("list", _list, _listed,
        exits={"household": "household", "page / search": "list", "back / gone": "home"}),
    Ask("household", _household, _household_chosen,
        exits={"kind": "records", "edit": "field", "code": "code", "remove": "remove",
               "back": "list", "gone": "home"}),
    Say("code", _code, next="household", also={"gone": "home"}),
    Ask("remove", _ask_remove, _remove,
        exits={"removed": "done", "back": "household", "gone": "home"}),
)  # fmt: skip

FLOW = make_flow(
    "registry",
    "home",
    *NODES,
    *RECORD_NODES,
    *FORM_NODES,
    *CORRECTION_NODES,
    *DONE_NODES,
    summary="The registry desk: migrant families, their records and correction requests",
)
