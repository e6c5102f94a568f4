"""Safe-migration information: guided topics by phase, topic pages, and answers to questions.

Two levels of menus at most: a phase (before leaving, while abroad, after return), then a
topic. A topic fits one screen per page ("Next" for more), ends with its source and the date
it was checked, and offers related topics and a way back. Free text typed anywhere here is
treated as a question.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.engine.pages import paginate
from flows.information.effects import QuestionUnanswered, TopicViewed
from flows.information.library import EMERGENCY_TOPIC, library_of
from flows.information.office import format_contact
from flows.information.questions import NO_ANSWER, answer_question, unanswered
from flows.information.topics import Topic
from flows.information.village_topics import PREFIX, village_topic

__all__ = ["FLOW"]

INTRO = N_("Safe migration information. Choose a stage, or type your question in your own words.")
PHASE = N_("{phase}: choose a topic.")
NEXT = N_("Next ▶")
BACK = N_("⬅ Back")
HOME = N_("🏠 Main menu")
OFFICE = N_("📞 Village office contact")
PAGE = N_("(page {page} of {pages})")
SOURCE = N_("Source: {sources}. Checked on {date}.")
PICK = N_('Did you mean one of these? Choose one, or tap "None of these".')
NONE_OF_THESE = N_("None of these")
DANGER = N_(
    "Your safety comes first. If you are in danger, contact these official services now. "
    "You are not alone."
)
ASK_OFFICE = N_("You can also report it to your village office:")
GOT_FILE = N_("Thank you, I received your photo or file, but I cannot see what is in it.")
GOT_LINK = N_("I cannot open links, so I cannot check this one for you.")
GOT_FORWARD = N_("Thank you for passing this message on. I cannot check forwarded messages.")
OFFER_ADVICE = N_(
    "If it is a job offer you received: do not pay anything and do not hand over your "
    "passport before it is checked. Choose below how to check a job offer and an agency, "
    "or ask your village office."
)
#: What to read when someone sends a link or a forwarded advert: how to check it.
CHECK_TOPICS = ("cek-lowongan", "cek-agen-p3mi", "tanda-ilegal")
NO_OFFICE = N_("You can also report it to your village office (the village hall).")

_T = "t:"


def _topic(ctx: Context, topic_id: object) -> Topic | None:
    return library_of(ctx).topics.topic(ctx.locale, str(topic_id)) if topic_id else None


def _nav(ctx: Context, *, back: bool = True) -> tuple[Choice, ...]:
    home = Choice("home", ctx._(HOME))
    return (Choice("back", ctx._(BACK)), home) if back else (home,)


async def _phases(ctx: Context, data: Data) -> Prompt:
    """The three phases as buttons."""
    phases = library_of(ctx).topics.phases(ctx.locale)
    choices = tuple(Choice(p.id, p.title) for p in phases) + _nav(ctx, back=False)
    return Prompt(replies=(Reply(ctx._(INTRO)),), choices=choices)


async def _phase_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open a phase, go home, or treat typed text as a question."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "home":
        return Step(goto="main:menu")
    return Step(goto="topics", data={"phase": choice.id})


async def _topics(ctx: Context, data: Data) -> Prompt:
    """The topics of the chosen phase."""
    phase = next(
        (p for p in library_of(ctx).topics.phases(ctx.locale) if p.id == data.get("phase")), None
    )
    if phase is None:
        return await _phases(ctx, data)
    topics = [t for t in (_topic(ctx, tid) for tid in phase.topic_ids) if t is not None]
    choices = tuple(Choice(_T + t.id, t.title) for t in topics) + _nav(ctx)
    return Prompt(replies=(Reply(ctx._(PHASE, phase=phase.title)),), choices=choices)


async def _topic_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Show the chosen topic, go back, or answer a typed question."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "home":
        return Step(goto="main:menu")
    if choice.id == "back":
        return Step(goto="phases", data={})
    return Step(goto="show", data={"topic": choice.id.removeprefix(_T), "page": 0})


def _viewed(ctx: Context, topic_id: str) -> TopicViewed:
    """The effect counting one opening of a topic, for the reader's village and local day."""
    village = ctx.person.village
    zone = ZoneInfo(village.timezone if village else "Asia/Jakarta")
    return TopicViewed(topic_id, village.code if village else None, ctx.now.astimezone(zone).date())


def _source_line(ctx: Context, topic: Topic) -> str:
    # titles only: the addresses stay in the content file, where the office reviews them
    sources = "; ".join(s.title for s in topic.sources)
    return ctx._(SOURCE, sources=sources, date=topic.checked_on.isoformat())


async def _show(ctx: Context, data: Data) -> Prompt:
    """One page of a topic, its source on the last page, then related topics and a way back."""
    wanted = str(data.get("topic", ""))
    topic = await village_topic(ctx, wanted) if wanted.startswith(PREFIX) else _topic(ctx, wanted)
    if topic is None:
        return await _phases(ctx, {})
    pages = paginate(topic.body)
    raw_page = str(data.get("page", 0))
    page = min(int(raw_page), len(pages) - 1) if raw_page.isdecimal() else 0
    parts = [f"{topic.title}\n\n{pages[page]}"]
    if len(pages) > 1:
        parts.append(ctx._(PAGE, page=page + 1, pages=len(pages)))
    if page == len(pages) - 1:
        parts.append(_source_line(ctx, topic))
    choices: list[Choice] = []
    if page < len(pages) - 1:
        choices.append(Choice("next", ctx._(NEXT)))
    for related_id in topic.related[:3]:
        related = _topic(ctx, related_id)
        if related is not None:
            choices.append(Choice(_T + related.id, related.title))
    # counted once per opening: not again for the next page or when the page is shown again
    opened = page == 0 and data.get("counted") != topic.id
    data = {"topic": topic.id, "page": page, "phase": topic.phase, "counted": topic.id}
    return Prompt(
        replies=(Reply("\n\n".join(parts)),),
        choices=(*choices, *_nav(ctx)),
        data=data,
        effects=(_viewed(ctx, topic.id),) if opened else (),
    )


async def _after_show(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Next page, a related topic, back to the phase's topics, home, or a new question."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "next":
        return Step(goto="show", data={**data, "page": int(str(data.get("page", 0))) + 1})
    if choice.id == "back":
        return Step(goto="topics", data={"phase": data.get("phase")})
    if choice.id == "home":
        return Step(goto="main:menu")
    return Step(goto="show", data={"topic": choice.id.removeprefix(_T), "page": 0})


async def _pick(ctx: Context, data: Data) -> Prompt:
    """Offer the likely topics when the answer is not clear."""
    options = [t for t in (_topic(ctx, tid) for tid in data.get("options", ())) if t is not None]
    if not options:
        return Prompt(replies=(Reply(ctx._(NO_ANSWER)),), then="main:menu")
    choices = (
        *(Choice(_T + t.id, t.title) for t in options),
        Choice("none", ctx._(NONE_OF_THESE)),
        Choice("home", ctx._(HOME)),
    )
    return Prompt(replies=(Reply(ctx._(PICK)),), choices=choices)


async def _picked(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Show the picked topic; "none of these" records the question as unanswered."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "home":
        return Step(goto="main:menu")
    if choice.id == "none":
        effect: QuestionUnanswered = unanswered(ctx, str(data.get("question", "")))
        return Step(replies=(Reply(ctx._(NO_ANSWER)),), effects=(effect,), goto="main:menu")
    return Step(goto="show", data={"topic": choice.id.removeprefix(_T), "page": 0})


async def _received(ctx: Context, data: Data) -> Prompt:
    """A link or forwarded message: say what we cannot do, then how to check a job offer."""
    lines = [ctx._(GOT_FILE)] if data.get("file") else []
    lines.append(ctx._(GOT_FORWARD) if data.get("kind") == "forwarded" else ctx._(GOT_LINK))
    lines.append(ctx._(OFFER_ADVICE))
    topics = [t for t in (_topic(ctx, tid) for tid in CHECK_TOPICS) if t is not None]
    choices = (
        *(Choice(_T + t.id, t.title) for t in topics),
        Choice("office", ctx._(OFFICE)),
        Choice("home", ctx._(HOME)),
    )
    return Prompt(replies=(Reply("\n\n".join(lines)),), choices=choices)


async def _after_received(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """A topic on checking offers, the office, home, or another message."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id in ("office", "home"):
        return Step(goto="office:show" if choice.id == "office" else "main:menu")
    return Step(goto="show", data={"topic": choice.id.removeprefix(_T), "page": 0})


async def _emergency(ctx: Context, data: Data) -> Prompt:
    """Emergency contacts at once, then the village office, with a way to reach it."""
    topic = library_of(ctx).topics.topic(ctx.locale, EMERGENCY_TOPIC)
    replies = [Reply(ctx._(DANGER))]
    if topic is not None:
        replies.append(
            Reply(f"{topic.title}\n\n{topic.body.strip()}\n\n{_source_line(ctx, topic)}")
        )
    village = ctx.person.village
    office = library_of(ctx).offices.contact(village.code) if village else None
    if office is not None:
        replies.append(Reply(f"{ctx._(ASK_OFFICE)}\n{format_contact(ctx, office)}"))
    else:
        replies.append(Reply(ctx._(NO_OFFICE)))
    choices = (Choice("office", ctx._(OFFICE)), Choice("home", ctx._(HOME)))
    viewed = (_viewed(ctx, topic.id),) if topic is not None else ()
    return Prompt(replies=tuple(replies), choices=choices, effects=viewed)


async def _after_emergency(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """The office contact, home, or another message (read again for danger first)."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    return Step(goto="office:show" if choice.id == "office" else "main:menu")


_QUESTION_EXITS = {
    "danger": "emergency",
    "answer": "show",
    "unsure": "pick",
    "no answer": "main:menu",
    "link / forwarded": "received",
    "about the office": "office:show",
}

FLOW = make_flow(
    "info",
    "phases",
    Ask(
        "phases",
        _phases,
        _phase_chosen,
        exits={"phase": "topics", "home": "main:menu", **_QUESTION_EXITS},
    ),
    Ask(
        "topics",
        _topics,
        _topic_chosen,
        exits={"topic": "show", "back": "phases", "home": "main:menu"},
    ),
    Ask(
        "show",
        _show,
        _after_show,
        exits={"next / related": "show", "back": "topics", "home": "main:menu"},
    ),
    Ask("pick", _pick, _picked, exits={"topic": "show", "none / home": "main:menu"}),
    Ask(
        "received",
        _received,
        _after_received,
        exits={"topic": "show", "office": "office:show", "home": "main:menu"},
    ),
    Ask(
        "emergency",
        _emergency,
        _after_emergency,
        exits={"office": "office:show", "home": "main:menu"},
    ),
    summary="Safe-migration information and free-text questions",
)
