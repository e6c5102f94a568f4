"""Finding one's village by browsing: province, then kabupaten/kota, then the village.

Only regions holding villages the bot knows are offered, and a level with a single choice is
skipped (a district's bot goes straight to its villages). Long lists come in pages of five
with "‹ Previous" and "More ›", so no keyboard has more than eight buttons. Typing a name or a
code instead works at every step.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.core import HOME
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.welcome.ports import Region, welcome_queries
from flows.welcome.villages import BACK, place_label, typed_village

__all__ = ["FLOW", "MAX_BUTTONS"]

CHOOSE_PROVINCE = N_("Choose your province:")
CHOOSE_REGENCY = N_("Choose your kabupaten or city in {province}:")
CHOOSE_VILLAGE = N_("Choose your village in {regency}:")
PAGE = N_("(page {page} of {pages})")
OR_TYPE = N_("Or type your village's name.")
PREVIOUS = N_("‹ Previous")
MORE = N_("More ›")
UNNAMED_PROVINCE = N_("Province {code}")
UNNAMED_REGENCY = N_("Kabupaten/city {code}")
EMPTY = N_("No village has been registered with this service yet. Please ask your village office.")

#: The most buttons on one keyboard: a phone screen, without scrolling.
MAX_BUTTONS = 8
#: Items per page when a list needs pages (leaving room for previous, more and back).
_PER_PAGE = MAX_BUTTONS - 3


def _region_name(ctx: Context, region: Region, unnamed: str) -> str:
    return region.name or ctx._(unnamed, code=region.code)


async def _level(ctx: Context, level: str, parent: str) -> tuple[Data, str, list[Choice]]:
    """The level actually shown (a single choice is taken at once), its heading and items."""
    queries = welcome_queries(ctx)
    if level == "province":
        provinces = await queries.provinces()
        if len(provinces) != 1:
            items = [
                Choice(f"p:{r.code}", _region_name(ctx, r, UNNAMED_PROVINCE)) for r in provinces
            ]
            return {"level": level}, ctx._(CHOOSE_PROVINCE), items
        level, parent = "regency", provinces[0].code
    if level == "regency":
        regencies = await queries.regencies(parent)
        if len(regencies) != 1:
            heading = ctx._(CHOOSE_REGENCY, province=await _province_name(ctx, parent))
            items = [
                Choice(f"r:{r.code}", _region_name(ctx, r, UNNAMED_REGENCY)) for r in regencies
            ]
            return {"level": level, "parent": parent}, heading, items
        level, parent = "village", regencies[0].code
    places = await queries.villages_in(parent)
    regency = next((p.regency for p in places if p.regency), None)
    heading = ctx._(CHOOSE_VILLAGE, regency=regency or ctx._(UNNAMED_REGENCY, code=parent[:4]))
    items = [Choice(f"v:{p.code}", place_label(ctx, p, regency=False)) for p in places]
    return {"level": "village", "parent": parent}, heading, items


async def _province_name(ctx: Context, code: str) -> str:
    found = next((r for r in await welcome_queries(ctx).provinces() if r.code == code[:2]), None)
    return _region_name(ctx, found, UNNAMED_PROVINCE) if found else code[:2]


async def _browse(ctx: Context, data: Data) -> Prompt:
    """One page of one level, with paging and a way back."""
    back = str(data.get("back") or HOME)
    where, heading, items = await _level(
        ctx, str(data.get("level", "province")), str(data.get("parent", ""))
    )
    if not items:
        return Prompt(replies=(Reply(ctx._(EMPTY)),), then=back)
    lines = [heading]
    if len(items) <= MAX_BUTTONS - 1:
        page, shown, nav = 0, items, []
    else:
        pages = -(-len(items) // _PER_PAGE)
        page = min(max(int(data.get("page", 0)), 0), pages - 1)
        shown = items[page * _PER_PAGE : (page + 1) * _PER_PAGE]
        nav = [Choice("prev", ctx._(PREVIOUS))] if page > 0 else []
        nav += [Choice("more", ctx._(MORE))] if page < pages - 1 else []
        lines.append(ctx._(PAGE, page=page + 1, pages=pages))
    lines.append(ctx._(OR_TYPE))
    return Prompt(
        replies=(Reply("\n".join(lines)),),
        choices=(*shown, *nav, Choice("back", ctx._(BACK))),
        data={**where, "page": page, "back": back},
    )


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Go down a level, turn the page, take the village, or search what was typed."""
    back = str(data.get("back") or HOME)
    if choice is None:
        return await typed_village(ctx, back, inbound)
    page = int(data.get("page", 0))
    kind, _, code = choice.id.partition(":")
    if choice.id in ("prev", "more"):
        return Step(goto="browse", data={**data, "page": page + (1 if kind == "more" else -1)})
    if kind == "p":
        return Step(goto="browse", data={"level": "regency", "parent": code, "back": back})
    if kind == "r":
        return Step(goto="browse", data={"level": "village", "parent": code, "back": back})
    if kind == "v":
        return Step(goto="village:picked", data={"code": code, "via": "list", "back": back})
    return Step(goto="village:ask", data={"back": back})


FLOW = make_flow(
    "village_list",
    "browse",
    Ask(
        "browse",
        _browse,
        _chosen,
        exits={
            "province / kabupaten / page": "browse",
            "a village": "village:picked",
            "typed: a code": "village:picked",
            "typed: a name": "village:results",
            "back": "village:ask",
            "no village known at all": HOME,
            "no village known, from settings": "profile:menu",
        },
    ),
    summary="Find one's village by province and kabupaten, a page at a time",
)
