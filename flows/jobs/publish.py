"""The officer's guided steps to publish a job notice, ending in a preview (nodes of ``jobdesk``).

Country, job, sector, employer type, openings, requirements, pay with its currency, the agency
and its licence as the officer checked them, the cost to the worker and what it covers, the
deadline, how to apply and an optional poster photo; then the preview exactly as residents
will read it, and publish. The right to publish is checked again at every step; publishing
tells subscribers through the delivery engine, in each one's language.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Node, Prompt, Step
from flows.jobs.content import JobContent
from flows.jobs.effects import NoticePublished
from flows.jobs.ports import APPLY_VIA, EMPLOYER_TYPES, NoticeRow
from flows.jobs.render import APPLY_LABELS, EMPLOYER_LABELS, notice_text, translations_for
from flows.officers import OfficerRole, acting_role

__all__ = ["NODES", "PUBLISH", "notice_from", "parse_deadline", "parse_salary"]

PUBLISH = "jobs.publish"
PICK_PAGE = 6
REFUSED = N_("Only desk officers and coordinators of this village can publish job notices.")
CANCEL = N_("❌ Cancel")
CANCELLED = N_("Cancelled; nothing was published.")
MORE = N_("More ›")
SKIP = N_("⏭ Skip")
NO_COST = N_("No cost to the worker")
ASKS = {
    "country": N_("New job notice (1/13). Destination country?"),
    "job": N_("2/13. The job, as advertised (for example: Caregiver in a care home)."),
    "sector": N_("3/13. Which sector?"),
    "employer": N_("4/13. Who employs the worker?"),
    "openings": N_("5/13. How many openings? Type a number."),
    "requirements": N_(
        "6/13. Requirements: age, skills, language, and sex only where the job requires it."
    ),
    "salary": N_("7/13. Monthly pay as offered, with its currency (for example: NT$ 20000)."),
    "agency": N_("8/13. The placement agency (P3MI) or official body, as you checked it."),
    "licence": N_(
        "9/13. Its SIP3MI/SIP2MI licence number, as you checked it (type - for an official "
        "G to G programme)."
    ),
    "cost": N_(
        "10/13. What does the worker pay, and what does it cover? (Or tap: no cost to the worker.)"
    ),
    "deadline": N_("11/13. Deadline for applications, as DD-MM-YYYY."),
    "apply": N_("12/13. Where do people apply?"),
    "details": N_("Where and when exactly (address, days, hours)? Or tap Skip."),
    "poster": N_("13/13. Send a poster photo, or tap Skip."),
}
PREVIEW = N_("Preview: residents will read this.\n\n{text}\n\nPublish it?")
PUBLISH_BUTTON = N_("✅ Publish")
PUBLISHED = N_(
    "Published as {reference}. Subscribers of its country or sector in the kabupaten are being "
    "told (outside quiet hours)."
)
NEW_NOTICE = N_("New job notice checked by the village desk:\n\n{text}\n\n{how}")
HOW_LINK = N_("See it and say you are interested: {link}")
HOW_COMMAND = N_("Open /loker to see it and say you are interested.")
BAD_NUMBER = N_("Please type a number from 1 to 10000.")
BAD_SALARY = N_("Please type the amount with its currency, for example NT$ 20000 or RM 1700.")
BAD_DATE = N_("Please type a date in the coming year as DD-MM-YYYY, for example 31-12-2026.")
TOO_SHORT = N_("Please write a little more.")
NEED_PHOTO = N_("Please send a photo, or tap Skip.")

_SALARY = re.compile(r"^\s*([^\d\s]{1,6})?\s*([\d.,]+)\s*(\D{0,10})?$")


def parse_salary(text: str) -> tuple[int, str] | None:
    """``NT$ 20.000`` → (20000, "NT$"); None when there is no amount or no currency."""
    match = _SALARY.match(text.strip())
    if match is None:
        return None
    currency = (match.group(1) or match.group(3) or "").strip().strip("/")
    digits = re.sub(r"[.,]", "", match.group(2))
    if not currency or not digits.isdigit() or not 0 < int(digits) < 10**9:
        return None
    return int(digits), currency[:10]


def parse_deadline(ctx: Context, text: str) -> datetime | None:
    """``31-12-2026`` → the end of that day in the village's zone (UTC); None if not ahead."""
    match = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*", text)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    try:
        end = datetime.combine(datetime(year, month, day).date(), time(23, 59), tzinfo=zone)
    except ValueError:
        return None
    at = end.astimezone(UTC)
    return at if ctx.now < at <= ctx.now + timedelta(days=366) else None


async def _role(ctx: Context, data: Data) -> OfficerRole | None:
    return await acting_role(ctx, data, PUBLISH)


def _draft(data: Data) -> dict[str, object]:
    draft = data.get("draft")
    return dict(draft) if isinstance(draft, dict) else {}


def _with(data: Data, **values: object) -> dict[str, object]:
    return {"village": data.get("village", ""), "draft": {**_draft(data), **values}}


def _cancel(ctx: Context) -> Choice:
    return Choice("cancel", ctx._(CANCEL))


def notice_from(data: Data, role: OfficerRole, reference: str, now: datetime) -> NoticeRow:
    """The draft as a notice row (for the preview and the subscribers' message)."""
    d = _draft(data)
    return NoticeRow(
        id=0, reference=reference, village_code=role.village_code,
        village_name=role.village_name, country=str(d.get("country", "")),
        sector=str(d.get("sector", "")), job_title=str(d.get("job", "")),
        employer_type=str(d.get("employer", "company")), openings=int(str(d.get("openings", 1))),
        requirements=str(d.get("requirements", "")),
        salary_amount=int(str(d.get("salary_amount", 0))),
        salary_currency=str(d.get("salary_currency", "")), agency_name=str(d.get("agency", "")),
        agency_licence=str(d.get("licence", "")), cost_to_worker=str(d.get("cost", "")),
        deadline=datetime.fromisoformat(str(d.get("deadline", now.isoformat()))),
        apply_via=str(d.get("apply", "desk")), apply_details=str(d.get("details", "")),
        has_poster=bool(d.get("poster")), status="open", status_reason="", published_at=now,
    )  # fmt: skip


Renderer = Callable[[Context, Data], Awaitable[Prompt]]
Answer = Callable[[Context, Data, Inbound, Choice | None], Awaitable[Step]]


def _asking(key: str, choices: Callable[[Context, Data], list[Choice]] | None = None) -> Renderer:
    async def render(ctx: Context, data: Data) -> Prompt:
        """Ask this step's question (checking the right to publish again)."""
        if await _role(ctx, data) is None:
            return Prompt(replies=(Reply(ctx._(REFUSED)),), then="officer:menu", data={})
        offered = choices(ctx, data) if choices else []
        return Prompt(replies=(Reply(ctx._(ASKS[key])),), choices=(*offered, _cancel(ctx)))

    return render


def _typed(key: str, following: str, minimum: int = 2, limit: int = 1000) -> Answer:
    async def answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
        """Keep the typed answer and go on."""
        if choice is not None and choice.id == "cancel":
            return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
        if choice is not None:  # a button of this step (skip / no cost)
            value = "" if choice.id == "skip" else choice.label
            return Step(goto=following, data=_with(data, **{key: value}))
        text = " ".join(inbound.text.split())[:limit]
        if len(text) < minimum:
            return Step(replies=(Reply(ctx._(TOO_SHORT)),))
        return Step(goto=following, data=_with(data, **{key: text}))

    return answer


def _picked(key: str, following: str, allowed: Callable[[Context], set[str]]) -> Answer:
    async def answer(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
        """Keep the chosen value (only ones offered), or turn the page."""
        if choice is None:
            return Step(reprompt=True)
        if choice.id == "cancel":
            return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
        if choice.id == "more":
            page = int(str(data.get("page", 0))) + 1
            return Step(goto=f"p_{key}", data={**_with(data), "page": page})
        value = choice.id.removeprefix("v:")
        if value not in allowed(ctx):
            return Step(reprompt=True)
        return Step(goto=following, data=_with(data, **{key: value}))

    return answer


def _paged(
    items: Callable[[Context], list[tuple[str, str]]],
) -> Callable[[Context, Data], list[Choice]]:
    def choices(ctx: Context, data: Data) -> list[Choice]:
        page = int(str(data.get("page", 0)))
        every = items(ctx)
        shown = [Choice(f"v:{k}", label) for k, label in every[page * PICK_PAGE :][:PICK_PAGE]]
        if (page + 1) * PICK_PAGE < len(every):
            shown.append(Choice("more", ctx._(MORE)))
        return shown

    return choices


def _countries(ctx: Context) -> list[tuple[str, str]]:
    return [(c.id, c.label(ctx.locale)) for c in ctx.content.of(JobContent).listed]


def _sectors(ctx: Context) -> list[tuple[str, str]]:
    return [(s.id, s.label(ctx.locale)) for s in ctx.content.of(JobContent).sectors]


def _employers(ctx: Context, data: Data) -> list[Choice]:
    return [Choice(f"v:{k}", ctx._(EMPLOYER_LABELS[k])) for k in EMPLOYER_TYPES]


def _apply(ctx: Context, data: Data) -> list[Choice]:
    return [Choice(f"v:{k}", ctx._(APPLY_LABELS[k])) for k in APPLY_VIA]


async def _openings(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A number of openings."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
    text = inbound.text.strip()
    if not text.isdecimal() or not 1 <= int(text) <= 10000:
        return Step(replies=(Reply(ctx._(BAD_NUMBER)),))
    return Step(goto="p_requirements", data=_with(data, openings=int(text)))


async def _salary(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """The pay and its currency."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
    parsed = parse_salary(inbound.text)
    if parsed is None:
        return Step(replies=(Reply(ctx._(BAD_SALARY)),))
    amount, currency = parsed
    return Step(goto="p_agency", data=_with(data, salary_amount=amount, salary_currency=currency))


async def _deadline(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A deadline ahead, within a year."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
    at = parse_deadline(ctx, inbound.text)
    if at is None:
        return Step(replies=(Reply(ctx._(BAD_DATE)),))
    return Step(goto="p_apply", data=_with(data, deadline=at.isoformat()))


async def _poster(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """A poster photo, or none."""
    if choice is not None and choice.id == "cancel":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
    if choice is not None:
        return Step(goto="p_preview", data=_with(data, poster=""))
    photo = next((a.file_id for a in inbound.attachments if a.kind == "photo" and a.file_id), "")
    if not photo:
        return Step(replies=(Reply(ctx._(NEED_PHOTO)),))
    return Step(goto="p_preview", data=_with(data, poster=photo))


async def _preview(ctx: Context, data: Data) -> Prompt:
    """The notice exactly as residents will read it."""
    role = await _role(ctx, data)
    if role is None or not _draft(data).get("deadline"):
        return Prompt(replies=(Reply(ctx._(REFUSED)),), then="officer:menu", data={})
    text = notice_text(ctx, notice_from(data, role, "LOK-…", ctx.now))
    choices = (Choice("publish", ctx._(PUBLISH_BUTTON)), _cancel(ctx))
    return Prompt(replies=(Reply(ctx._(PREVIEW, text=text)),), choices=choices)


async def _publish(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Publish (re-checking the right to), with the subscribers' message in every language."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id != "publish":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu", data=_with(data))
    role = await _role(ctx, data)
    if role is None:
        return Step(replies=(Reply(ctx._(REFUSED)),), goto="officer:menu", data={})
    reference = ctx.new_reference("LOK")
    notice = notice_from(data, role, reference, ctx.now)
    link = ctx.link_for(f"job-{reference}")
    texts = {}
    for locale in ctx.available_locales:
        tr = translations_for(ctx, locale)
        how = tr.gettext(HOW_LINK).format(link=link) if link else tr.gettext(HOW_COMMAND)
        body = notice_text(ctx, notice, locale=locale)
        texts[locale] = tr.gettext(NEW_NOTICE).format(text=body, how=how)
    d = _draft(data)
    effect = NoticePublished(
        officer_channel=ctx.person.channel, officer_account=ctx.person.external_id,
        village_code=role.village_code, reference=reference, country=notice.country,
        sector=notice.sector, job_title=notice.job_title, employer_type=notice.employer_type,
        openings=notice.openings, requirements=notice.requirements,
        salary_amount=notice.salary_amount, salary_currency=notice.salary_currency,
        agency_name=notice.agency_name, agency_licence=notice.agency_licence,
        cost_to_worker=notice.cost_to_worker, deadline=notice.deadline,
        apply_via=notice.apply_via, apply_details=notice.apply_details,
        poster_file_id=str(d.get("poster", "")), texts=texts,
    )  # fmt: skip
    return Step(
        replies=(Reply(ctx._(PUBLISHED, reference=reference)),),
        effects=(effect,),
        goto="menu",
        data={"village": data.get("village", "")},
    )


def _no_cost(ctx: Context, data: Data) -> list[Choice]:
    return [Choice("nocost", ctx._(NO_COST))]


def _skip(ctx: Context, data: Data) -> list[Choice]:
    return [Choice("skip", ctx._(SKIP))]


_OUT = {"cancel": "menu", "refused": "officer:menu"}
_ALL_COUNTRIES = lambda ctx: {c.id for c in ctx.content.of(JobContent).listed}  # noqa: E731
_ALL_SECTORS = lambda ctx: {s.id for s in ctx.content.of(JobContent).sectors}  # noqa: E731

NODES: tuple[Node, ...] = (
    Ask("p_country", _asking("country", _paged(_countries)),
        _picked("country", "p_job", _ALL_COUNTRIES), exits={"chosen": "p_job", **_OUT}),
    Ask("p_job", _asking("job"), _typed("job", "p_sector", 3, 120),
        exits={"typed": "p_sector", **_OUT}, takes_any_text=True),
    Ask("p_sector", _asking("sector", _paged(_sectors)),
        _picked("sector", "p_employer", _ALL_SECTORS), exits={"chosen": "p_employer", **_OUT}),
    Ask("p_employer", _asking("employer", _employers),
        _picked("employer", "p_openings", lambda ctx: set(EMPLOYER_TYPES)),
        exits={"chosen": "p_openings", **_OUT}),
    Ask("p_openings", _asking("openings"), _openings,
        exits={"number": "p_requirements", **_OUT}, takes_any_text=True),
    Ask("p_requirements", _asking("requirements"), _typed("requirements", "p_salary", 5, 1500),
        exits={"typed": "p_salary", **_OUT}, takes_any_text=True),
    Ask("p_salary", _asking("salary"), _salary, exits={"pay": "p_agency", **_OUT},
        takes_any_text=True),
    Ask("p_agency", _asking("agency"), _typed("agency", "p_licence", 3, 200),
        exits={"typed": "p_licence", **_OUT}, takes_any_text=True),
    Ask("p_licence", _asking("licence"), _typed("licence", "p_cost", 1, 100),
        exits={"typed": "p_cost", **_OUT}, takes_any_text=True),
    Ask("p_cost", _asking("cost", _no_cost), _typed("cost", "p_deadline", 3, 1500),
        exits={"typed / no cost": "p_deadline", **_OUT}, takes_any_text=True),
    Ask("p_deadline", _asking("deadline"), _deadline, exits={"date": "p_apply", **_OUT},
        takes_any_text=True),
    Ask("p_apply", _asking("apply", _apply),
        _picked("apply", "p_details", lambda ctx: set(APPLY_VIA)),
        exits={"chosen": "p_details", **_OUT}),
    Ask("p_details", _asking("details", _skip), _typed("details", "p_poster", 3, 500),
        exits={"typed / skip": "p_poster", **_OUT}, takes_any_text=True),
    Ask("p_poster", _asking("poster", _skip), _poster,
        exits={"photo / skip": "p_preview", **_OUT}),
    Ask("p_preview", _preview, _publish, exits={"publish / cancel": "menu", **_OUT}),
)  # fmt: skip
