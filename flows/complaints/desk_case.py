"""What every step of the desk shares: the case read again under the officer's right.

Each step calls ``handled_case``: the officer's role is checked again (a role removed mid-way
stops the very next step) and the case is read within the village acted for, so a forged or
stale id from another village finds nothing. Notices for the reporter are written in the
reporter's language, not the officer's.
"""

from __future__ import annotations

import gettext

from flows.complaints.categories import Categories
from flows.complaints.notices import render
from flows.complaints.ports import CaseRow, complaint_queries
from flows.complaints.states import STATUS_LABELS
from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Step
from flows.officers import OfficerRole, acting_role, village_data

__all__ = [
    "COUNT",
    "GONE",
    "HANDLE",
    "category_label",
    "gone_prompt",
    "gone_step",
    "handled_case",
    "notice_for_reporter",
    "reporter_status",
    "reporter_translations",
    "village_data",
]

HANDLE = "complaints.handle"
COUNT = "complaints.count"
GONE = N_("That report is not in this village's list.")


async def handled_case(ctx: Context, data: Data) -> tuple[OfficerRole, CaseRow] | None:
    """The case in data, read again within the village this officer may handle reports in."""
    role = await acting_role(ctx, data, HANDLE)
    case_id = data.get("case")
    if role is None or not isinstance(case_id, int):
        return None
    case = await complaint_queries(ctx).case(role.village_code, case_id)
    return (role, case) if case is not None else None


def gone_prompt(ctx: Context, data: Data) -> Prompt:
    """The case is not (or no longer) this officer's to see: back to the queue."""
    return Prompt(replies=(Reply(ctx._(GONE)),), then="queue", data=village_data(data))


def gone_step(ctx: Context, data: Data) -> Step:
    """The same, after an input."""
    return Step(replies=(Reply(ctx._(GONE)),), goto="queue", data=village_data(data))


def category_label(ctx: Context, case: CaseRow) -> str:
    """The case's category in the reader's language."""
    category = ctx.content.of(Categories).get(case.category)
    return category.label(ctx.locale) if category else case.category


def reporter_translations(ctx: Context, case: CaseRow) -> gettext.NullTranslations:
    """The reporter's language, for what they will read."""
    return ctx.catalogs.get(case.reporter_locale) if ctx.catalogs else ctx.translations


def notice_for_reporter(ctx: Context, case: CaseRow, message: str, **values: str) -> str:
    """A message for the reporter, in the reporter's language."""
    return render(reporter_translations(ctx, case), message, reference=case.reference, **values)


def reporter_status(ctx: Context, case: CaseRow, status: str) -> str:
    """A state, as the reporter reads it."""
    return reporter_translations(ctx, case).gettext(STATUS_LABELS[status])
