"""Residents and the job board (``/loker``): browse open notices, "Saya tertarik", subscriptions.

A resident registered with a village sees the open notices of every village desk in their
kabupaten, newest first, four to a page, filtered by country or sector. Each notice shows its
details, the agency and licence as the desk checked them, and the standing safety note; "Saya
tertarik" tells the desk (and can be withdrawn). Subscriptions to countries and sectors bring
new notices through the delivery engine (their steps are in ``subscriptions.py``). A notice id
from a link or a forged button is read again and shown only when it is open and of the
person's own kabupaten.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.jobs.content import JobContent
from flows.jobs.effects import InterestRegistered, InterestWithdrawn
from flows.jobs.ports import NoticeRow, job_queries
from flows.jobs.render import notice_line, notice_text
from flows.jobs.resident_common import BACK, MORE, PICK_PAGE, WHICH_COUNTRY, WHICH_SECTOR, page_of
from flows.jobs.subscriptions import NODES as SUBSCRIPTION_NODES

__all__ = ["FLOW", "PAGE"]

#: Notices per page: with "more", two filters and "back", eight buttons.
PAGE = 4

MENU = N_(
    "Job notices checked by your village desk. Choose what you need. Never pay a recruiter "
    "outside the official rules: check first."
)
BROWSE = N_("🔎 See job notices")
SUBSCRIPTIONS = N_("🔔 My subscriptions")
CHECK = N_("🔍 Check a job offer I received")
MY_CHECKS = N_("📋 My checked offers")
HOME = N_("🏠 Main menu")
NEED_VILLAGE = N_(
    "Job notices come from the village desks of your kabupaten. Please register your village "
    "first, then come back with /loker."
)
REGISTER = N_("🏠 Register my village")
NONE_OPEN = N_("There are no open job notices{filter} right now. Subscribe to hear of new ones.")
PAGE_TEXT = N_("Open job notices{filter}, newest first ({first}–{last} of {total}). Choose one.")
FILTER_TEXT = N_(" for {what}")
BY_COUNTRY = N_("🌍 By country")
BY_SECTOR = N_("🏭 By sector")
ALL = N_("All")
INTERESTED = N_("🙋 I am interested")
WITHDRAW = N_("↩️ Withdraw my interest")
NOTED = N_(
    "Noted: the {village} desk now knows you are interested in {reference}. They will contact "
    "you here. Do not pay anyone for this in the meantime."
)
WITHDRAWN = N_("Your interest in {reference} is withdrawn.")
GONE = N_("That job notice is not open any more (or is not for your area).")
YOU_ARE_INTERESTED = N_("✅ You said you are interested.")
ANYTHING_ELSE = N_("Anything else?")


def _district(ctx: Context) -> str | None:
    village = ctx.person.village
    return village.code[:4] if village else None


async def _menu(ctx: Context, data: Data) -> Prompt:
    """What the job board offers a resident."""
    choices = (
        Choice("browse", ctx._(BROWSE)),
        Choice("subs", ctx._(SUBSCRIPTIONS)),
        Choice("check", ctx._(CHECK)),
        Choice("mine", ctx._(MY_CHECKS)),
        Choice("home", ctx._(HOME)),
    )
    return Prompt(replies=(Reply(ctx._(MENU)),), choices=choices, data={})


async def _menu_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open the chosen part."""
    targets = {
        "browse": "list",
        "subs": "subscriptions",
        "check": "cekloker:start",
        "mine": "cekloker:mine",
    }
    if choice is None:
        return Step(reprompt=True)
    return Step(goto=targets.get(choice.id, "main:menu"), data={})


def _filter_name(ctx: Context, data: Data) -> str:
    content = ctx.content.of(JobContent)
    if data.get("country"):
        return ctx._(FILTER_TEXT, what=content.country_label(str(data["country"]), ctx.locale))
    if data.get("sector"):
        return ctx._(FILTER_TEXT, what=content.sector_label(str(data["sector"]), ctx.locale))
    return ""


async def _list(ctx: Context, data: Data) -> Prompt:
    """One page of open notices in the person's kabupaten."""
    district = _district(ctx)
    if district is None:
        return Prompt(
            replies=(Reply(ctx._(NEED_VILLAGE)),),
            choices=(Choice("register", ctx._(REGISTER)), Choice("home", ctx._(HOME))),
        )
    page = page_of(data)
    country = str(data.get("country") or "") or None
    sector = str(data.get("sector") or "") or None
    rows, total = await job_queries(ctx).open_notices(
        district, ctx.now, country=country, sector=sector, offset=page * PAGE, limit=PAGE
    )
    where = _filter_name(ctx, data)
    if not rows:
        text = ctx._(NONE_OPEN, filter=where)
    else:
        first = page * PAGE + 1
        text = ctx._(PAGE_TEXT, filter=where, first=first, last=first + len(rows) - 1, total=total)
    choices = [Choice(f"n:{r.id}", notice_line(ctx, r)) for r in rows]
    if (page + 1) * PAGE < total:
        choices.append(Choice("more", ctx._(MORE)))
    choices += [Choice("country", ctx._(BY_COUNTRY)), Choice("sector", ctx._(BY_SECTOR))]
    choices.append(Choice("back", ctx._(BACK)))
    shown = {"country": country or "", "sector": sector or "", "page": page}
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data=shown)


def _filters(data: Data) -> dict[str, object]:
    return {"country": data.get("country", ""), "sector": data.get("sector", "")}


async def _listed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a notice, the next page, a filter, or go back."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "register":
        return Step(goto="village:ask", data={})
    if choice.id == "home":
        return Step(goto="main:menu")
    if choice.id.startswith("n:") and choice.id[2:].isdigit():
        return Step(goto="notice", data={**data, "notice": int(choice.id[2:])})
    if choice.id == "more":
        return Step(goto="list", data={**_filters(data), "page": page_of(data) + 1})
    if choice.id in ("country", "sector"):
        return Step(goto=f"filter_{choice.id}", data={})
    return Step(goto="menu", data={})


async def _filter_prompt(ctx: Context, kind: str) -> Prompt:
    district = _district(ctx) or ""
    facets = (await job_queries(ctx).open_facets(district, ctx.now)).get(kind, [])
    content = ctx.content.of(JobContent)
    label = content.country_label if kind == "country" else content.sector_label
    choices = [Choice(f"v:{v}", label(v, ctx.locale)) for v in facets[:PICK_PAGE]]
    choices += [Choice("all", ctx._(ALL)), Choice("back", ctx._(BACK))]
    question = WHICH_COUNTRY if kind == "country" else WHICH_SECTOR
    return Prompt(replies=(Reply(ctx._(question)),), choices=tuple(choices))


async def _filter_country(ctx: Context, data: Data) -> Prompt:
    """Countries that have open notices."""
    return await _filter_prompt(ctx, "country")


async def _filter_sector(ctx: Context, data: Data) -> Prompt:
    """Sectors that have open notices."""
    return await _filter_prompt(ctx, "sector")


def _filtered(choice: Choice | None, kind: str) -> Step:
    if choice is None:
        return Step(reprompt=True)
    value = choice.id[2:] if choice.id.startswith("v:") else ""
    return Step(goto="list", data={kind: value, "page": 0})


async def _country_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """List the notices of the chosen country (or all)."""
    return _filtered(choice, "country")


async def _sector_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """List the notices of the chosen sector (or all)."""
    return _filtered(choice, "sector")


async def _visible(ctx: Context, data: Data) -> NoticeRow | None:
    """The notice in data if this person may see it: open and of their own kabupaten."""
    notice_id = data.get("notice")
    district = _district(ctx)
    if not isinstance(notice_id, int) or district is None:
        return None
    notice = await job_queries(ctx).notice(notice_id, ctx.now)
    if notice is None or notice.status != "open" or notice.village_code[:4] != district:
        return None
    return notice


async def _notice(ctx: Context, data: Data) -> Prompt:
    """The whole notice with the safety note, and "Saya tertarik" or its withdrawal."""
    notice = await _visible(ctx, data)
    if notice is None:
        return Prompt(replies=(Reply(ctx._(GONE)),), then="list", data=_filters(data))
    mine = notice.id in await job_queries(ctx).my_interests(ctx.person.id)
    text = notice_text(ctx, notice)
    if mine:
        text = f"{text}\n\n{ctx._(YOU_ARE_INTERESTED)}"
    action = Choice("withdraw", ctx._(WITHDRAW)) if mine else Choice("want", ctx._(INTERESTED))
    choices = (action, Choice("back", ctx._(BACK)), Choice("home", ctx._(HOME)))
    return Prompt(replies=(Reply(text),), choices=choices)


async def _noticed(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Register or withdraw interest (checked again), or go back."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id == "home":
        return Step(goto="main:menu")
    if choice.id == "back":
        return Step(goto="list", data={**_filters(data), "page": page_of(data)})
    notice = await _visible(ctx, data)
    if notice is None:
        return Step(replies=(Reply(ctx._(GONE)),), goto="list", data=_filters(data))
    effect: Effect
    if choice.id == "want":
        effect = InterestRegistered(notice.id)
        said = ctx._(NOTED, village=notice.village_name, reference=notice.reference)
    else:
        effect = InterestWithdrawn(notice.id)
        said = ctx._(WITHDRAWN, reference=notice.reference)
    return Step(replies=(Reply(said),), effects=(effect,), goto="after", data=data)


async def _after(ctx: Context, data: Data) -> Prompt:
    """After saying so: back to the notices, or home."""
    return Prompt(
        replies=(Reply(ctx._(ANYTHING_ELSE)),),
        choices=(Choice("list", ctx._(BROWSE)), Choice("home", ctx._(HOME))),
    )


async def _after_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Back to the list or home."""
    if choice is not None and choice.id == "list":
        return Step(goto="list", data=_filters(data))
    return Step(goto="main:menu")


async def _linked(ctx: Context, data: Data) -> Prompt:
    """``/start job-12`` from a subscriber's message: that notice, if they may see it."""
    _, _, reference = str(data.get("payload", "")).partition("-")
    found = await job_queries(ctx).notice_id_of(reference.upper()[:32]) if reference else None
    return Prompt(replies=(), then="notice", data={"notice": found if found is not None else -1})


FLOW = make_flow(
    "jobs",
    "menu",
    Ask(
        "menu",
        _menu,
        _menu_chosen,
        exits={
            "browse": "list",
            "subscriptions": "subscriptions",
            "check an offer": "cekloker:start",
            "my checks": "cekloker:mine",
            "home": "main:menu",
        },
    ),
    Ask(
        "list",
        _list,
        _listed,
        exits={
            "notice": "notice",
            "more": "list",
            "by country": "filter_country",
            "by sector": "filter_sector",
            "back": "menu",
            "no village": "village:ask",
            "home": "main:menu",
        },
    ),
    Ask("filter_country", _filter_country, _country_chosen, exits={"chosen": "list"}),
    Ask("filter_sector", _filter_sector, _sector_chosen, exits={"chosen": "list"}),
    Ask(
        "notice",
        _notice,
        _noticed,
        exits={"interest / withdraw": "after", "back / gone": "list", "home": "main:menu"},
    ),
    Ask("after", _after, _after_chosen, exits={"notices": "list", "home": "main:menu"}),
    Ask("linked", _linked, _noticed, exits={"": "notice"}),
    *SUBSCRIPTION_NODES,
    summary="Job notices for residents: browse, interest, subscriptions",
)
