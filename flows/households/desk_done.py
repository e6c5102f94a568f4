"""After a change: what next? (The change is written once the step ends.)

A step's writes are applied after its replies are rendered, so showing a list right after a
change would show it as it was. The officer is asked what to do next instead, and the list
they choose is read fresh, with the change in it.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.households.desk_common import BACK, household_data, village_data

__all__ = ["NODES", "done"]

WHAT_NEXT = N_("What next?")
ADD_ANOTHER = N_("➕ Add another")
TO_HOUSEHOLD = N_("🏠 Back to the household")
TO_RECORDS = N_("📋 Back to the list")
TO_HOUSEHOLDS = N_("📋 Households")
ADD_HOUSEHOLD = N_("➕ Add another household")
TO_CORRECTIONS = N_("✉️ More correction requests")

#: After which change → the buttons offered: (id, label).
_NEXT: Mapping[str, tuple[tuple[str, str], ...]] = {
    "record": (("add", ADD_ANOTHER), ("records", TO_RECORDS), ("household", TO_HOUSEHOLD)),
    "record_removed": (("records", TO_RECORDS), ("household", TO_HOUSEHOLD)),
    "household_new": (("add_household", ADD_HOUSEHOLD), ("list", TO_HOUSEHOLDS), ("home", BACK)),
    "household_edited": (("household", TO_HOUSEHOLD), ("list", TO_HOUSEHOLDS)),
    "household_removed": (("list", TO_HOUSEHOLDS), ("home", BACK)),
    "answered": (("corrections", TO_CORRECTIONS), ("home", BACK)),
}


def done(after: str, data: Data, **kept: object) -> dict[str, object]:
    """The data for the "what next?" step after a change."""
    return {**household_data(data), "after": after, **kept}


async def _ask(ctx: Context, data: Data) -> Prompt:
    """Offer where to go next."""
    options = _NEXT.get(str(data.get("after", "")), (("home", BACK),))
    choices = tuple(Choice(cid, ctx._(label)) for cid, label in options)
    return Prompt(replies=(Reply(ctx._(WHAT_NEXT)),), choices=choices)


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go there (every step there checks the officer's right again)."""
    target = choice.id if choice is not None else "home"
    if target == "add":
        kind = data.get("kind")
        return Step(goto="field", data={**household_data(data), "kind": kind, "step": 0,
                                        "values": {}})  # fmt: skip
    if target == "add_household":
        return Step(goto="field", data={**village_data(data), "kind": "household", "step": 0,
                                        "values": {}})  # fmt: skip
    if target == "records":
        return Step(goto="records", data={**household_data(data), "kind": data.get("kind")})
    if target == "household":
        return Step(goto="household", data=household_data(data))
    if target in ("list", "corrections"):
        return Step(goto=target, data=village_data(data))
    return Step(goto="home", data=village_data(data))


NODES: tuple[Node, ...] = (
    Ask("done", _ask, _chosen,
        exits={"add another": "field", "records": "records", "household": "household",
               "list": "list", "corrections": "corrections", "back": "home"}),
)  # fmt: skip
