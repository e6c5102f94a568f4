"""A resident's subscriptions to job notices (nodes of ``jobs``, ``/langganan``).

A resident subscribes to countries and sectors the content knows, a page at a time, and stops
them one by one; each new notice of their kabupaten that matches comes to their chat through
the delivery engine (queued by storage when the desk publishes it).
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.jobs.content import JobContent
from flows.jobs.effects import SubscriptionAdded, SubscriptionKind, SubscriptionRemoved
from flows.jobs.ports import job_queries
from flows.jobs.resident_common import BACK, MORE, PICK_PAGE, WHICH_COUNTRY, WHICH_SECTOR, page_of

__all__ = ["NODES"]

SUBS = N_("Your subscriptions: {list}.\n\nYou get new job notices for these here.")
NO_SUBS = N_("You have no subscriptions. Choose a country or a sector to hear of new notices.")
ADD_COUNTRY = N_("➕ A country")
ADD_SECTOR = N_("➕ A sector")
REMOVE = N_("❌ {name}")
SUBSCRIBED = N_("Subscribed: {name}. New notices for it will come to this chat.")
UNSUBSCRIBED = N_("Subscription stopped: {name}.")


def _sub_name(ctx: Context, kind: str, value: str) -> str:
    content = ctx.content.of(JobContent)
    return (content.country_label if kind == "country" else content.sector_label)(value, ctx.locale)


async def _subscriptions(ctx: Context, data: Data) -> Prompt:
    """This person's subscriptions, to add to or stop."""
    subs = await job_queries(ctx).subscriptions(ctx.person.id)
    # effects are applied after the whole step: show the change made just now
    added, removed = data.get("added"), data.get("removed")
    if isinstance(added, list) and len(added) == 2 and tuple(added) not in subs:
        subs = sorted([*subs, (str(added[0]), str(added[1]))], key=lambda s: s[0])
    if isinstance(removed, list) and len(removed) == 2:
        subs = [s for s in subs if s != (str(removed[0]), str(removed[1]))]
    names = [_sub_name(ctx, kind, value) for kind, value in subs]
    text = ctx._(SUBS, list=", ".join(names)) if subs else ctx._(NO_SUBS)
    choices = [Choice("add:country", ctx._(ADD_COUNTRY)), Choice("add:sector", ctx._(ADD_SECTOR))]
    choices += [
        Choice(f"rm:{kind}:{value}", ctx._(REMOVE, name=name))
        for (kind, value), name in zip(subs[:5], names[:5], strict=True)
    ]
    choices.append(Choice("back", ctx._(BACK)))
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data={})


async def _subscription_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Add a country or a sector, stop one, or go back."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id.startswith("add:"):
        return Step(goto="subscribe", data={"kind": choice.id[4:], "page": 0})
    if choice.id.startswith("rm:"):
        kind, _, value = choice.id[3:].partition(":")
        if kind in ("country", "sector"):
            sub_kind: SubscriptionKind = "country" if kind == "country" else "sector"
            said = ctx._(UNSUBSCRIBED, name=_sub_name(ctx, kind, value))
            return Step(
                replies=(Reply(said),),
                effects=(SubscriptionRemoved(sub_kind, value),),
                goto="subscriptions",
                data={"removed": [kind, value]},
            )
    return Step(goto="menu", data={})


async def _subscribe(ctx: Context, data: Data) -> Prompt:
    """Countries (or sectors) to subscribe to, a page at a time."""
    content = ctx.content.of(JobContent)
    kind = "sector" if data.get("kind") == "sector" else "country"
    items = (
        [(c.id, c.label(ctx.locale)) for c in content.listed]
        if kind == "country"
        else [(s.id, s.label(ctx.locale)) for s in content.sectors]
    )
    page = page_of(data)
    shown = items[page * PICK_PAGE : (page + 1) * PICK_PAGE]
    choices = [Choice(f"v:{value}", label) for value, label in shown]
    if (page + 1) * PICK_PAGE < len(items):
        choices.append(Choice("more", ctx._(MORE)))
    choices.append(Choice("back", ctx._(BACK)))
    question = WHICH_COUNTRY if kind == "country" else WHICH_SECTOR
    shown_data = {"kind": kind, "page": page}
    return Prompt(replies=(Reply(ctx._(question)),), choices=tuple(choices), data=shown_data)


async def _subscribed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Subscribe to the chosen one (only ids the content knows)."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "more":
        return Step(goto="subscribe", data={**data, "page": page_of(data) + 1})
    content = ctx.content.of(JobContent)
    kind: SubscriptionKind = "sector" if data.get("kind") == "sector" else "country"
    value = choice.id[2:] if choice.id.startswith("v:") else ""
    known = content.country(value) if kind == "country" else content.sector(value)
    if known is None:
        return Step(goto="subscriptions", data={})
    said = ctx._(SUBSCRIBED, name=_sub_name(ctx, kind, value))
    return Step(
        replies=(Reply(said),),
        effects=(SubscriptionAdded(kind, value),),
        goto="subscriptions",
        data={"added": [kind, value]},
    )


NODES: tuple[Node, ...] = (
    Ask(
        "subscriptions",
        _subscriptions,
        _subscription_chosen,
        exits={"add": "subscribe", "stop": "subscriptions", "back": "menu"},
    ),
    Ask(
        "subscribe",
        _subscribe,
        _subscribed,
        exits={"chosen / back": "subscriptions", "more": "subscribe"},
    ),
)
