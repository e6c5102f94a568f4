"""What every step of the registry desk shares: the household read again under the officer's right.

Each step asks ``acting_role`` again (a role removed mid-way stops the very next step) and
reads the household within the village acted for, so a forged or stale id of another village
finds nothing. Viewing needs ``registry.view``; every change needs ``registry.manage``.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Step
from flows.households.ports import HouseholdRow, household_queries
from flows.officers import OfficerFields, OfficerRole, acting_role, by_officer, village_data

__all__ = ["BACK", "CANCEL", "GONE", "MANAGE", "VIEW", "OfficerFields", "by_officer",
           "gone_prompt", "gone_step", "household_data", "opened", "village_data"]  # fmt: skip

MANAGE = "registry.manage"
VIEW = "registry.view"
GONE = N_("That household is not in this village's registry (or you may not change it).")
BACK = N_("⬅ Back")
CANCEL = N_("❌ Cancel")


async def opened(
    ctx: Context, data: Data, permission: str = VIEW
) -> tuple[OfficerRole, HouseholdRow] | None:
    """The household in data, read again within the village the officer acts for."""
    role = await acting_role(ctx, data, permission)
    household_id = data.get("household")
    if role is None or not isinstance(household_id, int):
        return None
    found = await household_queries(ctx).village_household(role.village_code, household_id)
    return (role, found) if found is not None else None


def household_data(data: Data) -> dict[str, object]:
    """The village and the household open."""
    return {**village_data(data), "household": data.get("household")}


def gone_prompt(ctx: Context, data: Data) -> Prompt:
    """The household is not (or no longer) this officer's to see or change: back home."""
    return Prompt(replies=(Reply(ctx._(GONE)),), then="home", data=village_data(data))


def gone_step(ctx: Context, data: Data) -> Step:
    """The same, after an input."""
    return Step(replies=(Reply(ctx._(GONE)),), goto="home", data=village_data(data))
