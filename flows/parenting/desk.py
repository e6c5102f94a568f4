"""The parenting desk (/pengasuhan, or the officer menu): facilitators look after the children.

A parenting facilitator or coordinator of the village registers a child (only the minimum),
opens a child to write an update, give a parent or the caregiver a one-time link code (or
revoke one still open), record the caregiver's photo consent or a restriction (or lift one),
or remove the child; reads parents' messages, video-call requests and links waiting for the
caregiver's confirmation; and sends the parenting group's announcements. Desk officers and
village staff are refused: children's data is for the parenting team only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step, make_flow
from flows.officers import acting_role
from flows.parenting.common import RELATION_NAMES, age_of
from flows.parenting.desk_child import NODES as CHILD_NODES
from flows.parenting.desk_child import child_action, child_choices
from flows.parenting.desk_common import (
    MANAGE,
    SETTINGS,
    by_officer,
    gone_prompt,
    managed_child,
    village_data,
)
from flows.parenting.desk_fix import NODES as FIX_NODES
from flows.parenting.desk_requests import NODES as REQUEST_NODES
from flows.parenting.effects import ChildRegistered
from flows.parenting.ports import parenting_queries

__all__ = ["FLOW"]

Answer = Callable[[Context, Data, Inbound, Choice | None], Awaitable[Step]]

ONLY_TEAM = N_(
    "Only the village's parenting facilitators and coordinators can open children's records."
)
HOME_TEXT = N_("Community parenting in {village}: {count} child(ren). What would you like to do?")
CHILDREN = N_("👶 Children")
REGISTER = N_("➕ Register a child")
INBOX = N_("📨 Parents' messages ({count})")
CALLS = N_("📹 Video call requests ({count})")
WAITING = N_("⏳ Links waiting ({count})")
ANNOUNCE = N_("📢 Parenting group announcement")
CONFIRMING = N_("⚙️ Caregiver confirms links: {state}")
ON = N_("on")
OFF = N_("off")
OFFICER_MENU = N_("⬅ Officer menu")
LIST = N_("Choose a child (or type part of a name):")
NONE = N_("No children registered yet.")
BACK = N_("⬅ Back")
CHILD = N_(
    "{name}, {age} years old (born {born}) · {school}\nCaregiver: {caregiver} ({relation})\n"
    "Parents abroad: {abroad}\nPhotos: {photos}\nLinked: {links}\nRestrictions: {restricted}\n"
    "Updates so far: {updates}"
)
PHOTOS_YES = N_("the caregiver agreed")
PHOTOS_NO = N_("no consent: text only")
NOBODY = N_("nobody yet")
NONE_SHORT = N_("none")
ASK_NAME = N_("New child. Their name (as the family calls them):")
ASK_BORN = N_("Their birth date, as DD-MM-YYYY:")
BAD_DATE = N_("Please write the date as DD-MM-YYYY, for example 14-02-2016.")
ASK_SCHOOL = N_("Their school (or Skip):")
SKIP = N_("⏭ Skip")
ASK_CAREGIVER = N_("Who cares for them at home? Their name:")
ASK_RELATION = N_("How is the caregiver related to the child?")
GRANDPARENT = N_("Grandparent")
RELATIVE = N_("Aunt or uncle")
OTHER = N_("Other relative")
ASK_ABROAD = N_("Which parent works abroad?")
MOTHER = N_("Mother")
FATHER = N_("Father")
BOTH = N_("Both")
ASK_COUNTRY = N_("In which country?")
REVIEW = N_(
    "Please check:\n{name}, born {born}, {school}\nCaregiver: {caregiver} ({relation})\n"
    "Parents abroad: {abroad}\n\nSave?"
)
SAVE = N_("✅ Save")
CANCEL = N_("❌ Cancel")
SAVED = N_("Saved. Open the child to give the parents their link codes.")
CANCELLED = N_("Cancelled; nothing was saved.")
TOO_SHORT = N_("Please write a little more.")


async def _home(ctx: Context, data: Data) -> Prompt:
    """The desk of the village acted for; anyone outside the parenting team is refused."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return Prompt(replies=(Reply(ctx._(ONLY_TEAM)),), then="main:menu", data={})
    queries = parenting_queries(ctx)
    children = await queries.village_children(role.village_code)
    inbox = await queries.inbox(role.village_code)
    calls = await queries.calls(role.village_code)
    waiting = await queries.waiting_links(role.village_code)
    choices = [
        Choice("children", ctx._(CHILDREN)),
        Choice("register", ctx._(REGISTER)),
        Choice("inbox", ctx._(INBOX, count=str(len(inbox)))),
        Choice("calls", ctx._(CALLS, count=str(len(calls)))),
    ]
    if waiting or await queries.confirmation_required(role.village_code):
        choices.append(Choice("waiting", ctx._(WAITING, count=str(len(waiting)))))
    choices.append(Choice("announce", ctx._(ANNOUNCE)))
    if await acting_role(ctx, data, SETTINGS) is not None:
        on = await queries.confirmation_required(role.village_code)
        choices.append(Choice("confirming", ctx._(CONFIRMING, state=ctx._(ON if on else OFF))))
    choices.append(Choice("officer", ctx._(OFFICER_MENU)))
    text = ctx._(HOME_TEXT, village=role.village_name, count=str(len(children)))
    data_out = {"village": role.village_code}
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data=data_out)


async def _home_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open what was chosen (each step checks the right to it again)."""
    targets = {"children": "children", "register": "name", "inbox": "inbox", "calls": "calls",
               "waiting": "waiting", "announce": "announce",
               "confirming": "confirming"}  # fmt: skip
    target = targets.get(choice.id) if choice is not None else None
    if target is None:
        return Step(goto="officer:menu", data=village_data(data))
    return Step(goto=target, data=village_data(data))


async def _children(ctx: Context, data: Data) -> Prompt:
    """The village's children as buttons (a typed name narrows the list)."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None:
        return gone_prompt(ctx, data)
    found = await parenting_queries(ctx).village_children(role.village_code)
    typed = str(data.get("typed", "")).casefold()
    if typed:
        found = [c for c in found if typed in c.name.casefold()]
    choices = [Choice(f"child:{c.id}", c.name) for c in found[:7]]
    text = ctx._(LIST) if found else ctx._(NONE)
    return Prompt(replies=(Reply(text),), choices=(*choices, Choice("back", ctx._(BACK))))


async def _child_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a child (read again within the village), or narrow the list by a typed name."""
    if choice is None:
        return Step(goto="children", data={**village_data(data), "typed": inbound.text[:40]})
    if choice.id.startswith("child:") and choice.id[6:].isdigit():
        return Step(goto="child", data={**village_data(data), "child": int(choice.id[6:])})
    return Step(goto="home", data=village_data(data))


async def _child(ctx: Context, data: Data) -> Prompt:
    """One child: the record, links and restrictions, and what the facilitator can do."""
    found = await managed_child(ctx, data)
    if found is None:
        return gone_prompt(ctx, data)
    _, child = found
    abroad = ", ".join(f"{ctx._(RELATION_NAMES.get(r, r))} ({c})" for r, c in child.parents_abroad)
    links = ", ".join(
        f"{link.name} ({ctx._(RELATION_NAMES.get(link.relation, link.relation))}, {link.status})"
        for link in child.links
    )
    restricted = ", ".join(ctx._(RELATION_NAMES.get(r, r)) for r in child.restricted)
    text = ctx._(
        CHILD,
        name=child.name,
        age=str(age_of(child.birth_date, ctx.now.date())),
        born=child.birth_date.strftime("%d-%m-%Y"),
        school=child.school or "-",
        caregiver=child.caregiver_name,
        relation=child.caregiver_relation,
        abroad=abroad or "-",
        photos=ctx._(PHOTOS_YES if child.photo_consent else PHOTOS_NO),
        links=links or ctx._(NOBODY),
        restricted=restricted or ctx._(NONE_SHORT),
        updates=str(child.updates),
    )
    return Prompt(replies=(Reply(text),), choices=child_choices(ctx, child))


async def _ask(ctx: Context, data: Data, message: str, *, skip: bool = False) -> Prompt:
    if await acting_role(ctx, data, MANAGE) is None:
        return gone_prompt(ctx, data)
    choices = (Choice("skip", ctx._(SKIP)),) if skip else ()
    return Prompt(
        replies=(Reply(ctx._(message)),), choices=(*choices, Choice("cancel", ctx._(CANCEL)))
    )


def _text_step(key: str, goto: str, *, skippable: bool = False) -> Answer:
    async def answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
        if choice is not None and choice.id == "cancel":
            return Step(replies=(Reply(ctx._(CANCELLED)),), goto="home", data=village_data(data))
        value = "" if choice is not None else inbound.text.strip()[:120]
        if not value and not skippable:
            return Step(replies=(Reply(ctx._(TOO_SHORT)),))
        return Step(goto=goto, data={**data, key: value})

    return answer


async def _ask_name(ctx: Context, data: Data) -> Prompt:
    """The child's name."""
    return await _ask(ctx, data, ASK_NAME)


async def _ask_born(ctx: Context, data: Data) -> Prompt:
    """The birth date."""
    return await _ask(ctx, data, ASK_BORN)


async def _born(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A real date in the past."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="home", data=village_data(data))
    try:
        born = datetime.strptime(inbound.text.strip(), "%d-%m-%Y").date()
    except ValueError:
        return Step(replies=(Reply(ctx._(BAD_DATE)),))
    if born > ctx.now.date() or born.year < ctx.now.year - 19:
        return Step(replies=(Reply(ctx._(BAD_DATE)),))
    return Step(goto="school", data={**data, "born": born.isoformat()})


async def _ask_school(ctx: Context, data: Data) -> Prompt:
    """The school, if any."""
    return await _ask(ctx, data, ASK_SCHOOL, skip=True)


async def _ask_caregiver(ctx: Context, data: Data) -> Prompt:
    """The caregiver's name."""
    return await _ask(ctx, data, ASK_CAREGIVER)


async def _ask_relation(ctx: Context, data: Data) -> Prompt:
    """How the caregiver is related."""
    if await acting_role(ctx, data, MANAGE) is None:
        return gone_prompt(ctx, data)
    labels = (GRANDPARENT, RELATIVE, OTHER)
    choices = tuple(Choice(f"r:{i}", ctx._(label)) for i, label in enumerate(labels))
    return Prompt(
        replies=(Reply(ctx._(ASK_RELATION)),), choices=(*choices, Choice("cancel", ctx._(CANCEL)))
    )


async def _relation(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the relation as the facilitator's language names it."""
    if choice is None or choice.id == "cancel":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="home", data=village_data(data))
    return Step(goto="abroad", data={**data, "relation": choice.label})


async def _ask_abroad(ctx: Context, data: Data) -> Prompt:
    """Which parent is abroad."""
    if await acting_role(ctx, data, MANAGE) is None:
        return gone_prompt(ctx, data)
    choices = (Choice("mother", ctx._(MOTHER)), Choice("father", ctx._(FATHER)),
               Choice("both", ctx._(BOTH)), Choice("cancel", ctx._(CANCEL)))  # fmt: skip
    return Prompt(replies=(Reply(ctx._(ASK_ABROAD)),), choices=choices)


async def _abroad(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Mother, father or both."""
    if choice is None or choice.id == "cancel":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="home", data=village_data(data))
    return Step(goto="country", data={**data, "who": choice.id})


async def _ask_country(ctx: Context, data: Data) -> Prompt:
    """The country they work in."""
    return await _ask(ctx, data, ASK_COUNTRY)


def _parents(data: Data) -> tuple[tuple[str, str], ...]:
    who = str(data.get("who", ""))
    country = str(data.get("country", ""))
    relations = ("mother", "father") if who == "both" else (who,)
    return tuple((r, country) for r in relations if r in ("mother", "father"))


async def _review(ctx: Context, data: Data) -> Prompt:
    """Everything, to check before saving."""
    if await acting_role(ctx, data, MANAGE) is None:
        return gone_prompt(ctx, data)
    abroad = ", ".join(f"{ctx._(RELATION_NAMES[r])} ({c})" for r, c in _parents(data))
    text = ctx._(
        REVIEW, name=str(data.get("name", "")),
        born=date.fromisoformat(str(data.get("born"))).strftime("%d-%m-%Y"),
        school=str(data.get("school") or "-"), caregiver=str(data.get("caregiver", "")),
        relation=str(data.get("relation", "")), abroad=abroad,
    )  # fmt: skip
    choices = (Choice("save", ctx._(SAVE)), Choice("cancel", ctx._(CANCEL)))
    return Prompt(replies=(Reply(text),), choices=choices)


async def _save(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Register the child in the village acted for (the role is checked again)."""
    role = await acting_role(ctx, data, MANAGE)
    if role is None or choice is None or choice.id != "save":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="home", data=village_data(data))
    effect = ChildRegistered(
        **by_officer(ctx, role),
        name=str(data.get("name", "")), birth_date=date.fromisoformat(str(data.get("born"))),
        school=str(data.get("school", "")), caregiver_name=str(data.get("caregiver", "")),
        caregiver_relation=str(data.get("relation", "")), parents_abroad=_parents(data),
    )  # fmt: skip
    return Step(replies=(Reply(ctx._(SAVED)),), effects=(effect,), goto="home",
                data=village_data(data))  # fmt: skip


NODES: tuple[Node, ...] = (
    Ask("home", _home, _home_chosen,
        exits={"children": "children", "register": "name", "inbox": "inbox", "calls": "calls",
               "waiting": "waiting", "announce": "announce", "confirming": "confirming",
               "back": "officer:menu", "refused": "main:menu"}),
    Ask("children", _children, _child_chosen,
        exits={"child": "child", "typed": "children", "back / gone": "home"}),
    Ask("child", _child, child_action,
        exits={"update": "topic", "code": "code", "revoke": "codes", "consent": "child",
               "restrict": "restrict", "lift": "lifts", "remove": "remove",
               "back / gone": "home"}),
    Ask("name", _ask_name, _text_step("name", "born"), exits={"": "born", "cancel": "home"},
        takes_any_text=True),
    Ask("born", _ask_born, _born, exits={"": "school", "cancel": "home"}),
    Ask("school", _ask_school, _text_step("school", "caregiver", skippable=True),
        exits={"": "caregiver", "cancel": "home"}, takes_any_text=True),
    Ask("caregiver", _ask_caregiver, _text_step("caregiver", "relation"),
        exits={"": "relation", "cancel": "home"}, takes_any_text=True),
    Ask("relation", _ask_relation, _relation, exits={"": "abroad", "cancel": "home"}),
    Ask("abroad", _ask_abroad, _abroad, exits={"": "country", "cancel": "home"}),
    Ask("country", _ask_country, _text_step("country", "review"),
        exits={"": "review", "cancel": "home"}, takes_any_text=True),
    Ask("review", _review, _save, exits={"saved / cancelled": "home"}),
)  # fmt: skip

FLOW = make_flow(
    "nurture",
    "home",
    *NODES,
    *CHILD_NODES,
    *REQUEST_NODES,
    *FIX_NODES,
    summary="The parenting desk: children, updates, codes and parents' requests",
)
