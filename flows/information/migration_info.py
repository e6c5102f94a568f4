"""Safe-migration information: guided topics by phase, topic pages, and answers to questions.

Two levels of menus at most: a phase (before leaving, while abroad, after return), then a
topic. No keyboard has more than eight buttons, so a cheap phone shows it whole: a phase's
topics come five at a time ("More ›"). A topic fits one screen per page ("Next" for more),
ends with one short source line ("📚 Sources" lists them all), and offers related topics and
a way back (``topic_page``). Free text typed anywhere here is treated as a question.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Step, make_flow
from flows.information.effects import QuestionUnanswered
from flows.information.library import EMERGENCY_TOPIC, library_of
from flows.information.office import format_contact
from flows.information.questions import NO_ANSWER, answer_question, unanswered
from flows.information.topic_page import (
    HOME,
    SOURCES,
    TOPIC,
    find_topic,
    nav,
    render_sources,
    render_topic,
    source_line,
    viewed,
)
from flows.information.topics import Topic

__all__ = ["FLOW"]

INTRO = N_("Safe migration information. Choose a stage, or type your question in your own words.")
PHASE = N_("{phase}: choose a topic.")
MORE = N_("More ›")
OFFICE = N_("📞 Village office contact")
#: After the emergency numbers, a tracked case with the village desk (the complaints capability).
REPORT = N_("📝 Report it to the village desk")
REPORT_TARGET = "report:start"
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
#: Hands a received advert to the job board's "cek loker" (red flags, then the village desk).
CHECK_OFFER = N_("🔍 Check this job offer")
CHECK_OFFER_TARGET = "cekloker:start"
NO_OFFICE = N_("You can also report it to your village office (the village hall).")
#: Topics per screen of a phase's list: with "More", back and home, 8 buttons at most.
TOPICS_PER_SCREEN = 5


async def _phases(ctx: Context, data: Data) -> Prompt:
    """The three phases as buttons."""
    phases = library_of(ctx).topics.phases(ctx.locale)
    choices = tuple(Choice(p.id, p.title) for p in phases) + nav(ctx, back=False)
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
    topics = [t for t in (find_topic(ctx, tid) for tid in phase.topic_ids) if t is not None]
    raw = str(data.get("from", 0))
    start = int(raw) if raw.isdecimal() and int(raw) < len(topics) else 0
    shown = topics[start : start + TOPICS_PER_SCREEN]
    more = (Choice("more", ctx._(MORE)),) if start + TOPICS_PER_SCREEN < len(topics) else ()
    choices = (*(Choice(TOPIC + t.id, t.title) for t in shown), *more, *nav(ctx))
    return Prompt(
        replies=(Reply(ctx._(PHASE, phase=phase.title)),),
        choices=choices,
        data={"phase": phase.id, "from": start},
    )


async def _topic_chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Show the chosen topic, more topics, go back, or answer a typed question."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "home":
        return Step(goto="main:menu")
    start = int(str(data.get("from", 0)))
    if choice.id == "more":
        return Step(goto="topics", data={**data, "from": start + TOPICS_PER_SCREEN})
    if choice.id == "back":  # the previous screen of topics, then the phases
        if start > 0:
            back = max(start - TOPICS_PER_SCREEN, 0)
            return Step(goto="topics", data={**data, "from": back})
        return Step(goto="phases", data={})
    return Step(goto="show", data={"topic": choice.id.removeprefix(TOPIC), "page": 0})


async def _show(ctx: Context, data: Data) -> Prompt:
    """One page of a topic, its short source line on the last page, related topics, back."""
    shown = await render_topic(ctx, data)
    return shown if shown is not None else await _phases(ctx, {})


async def _after_show(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Next page, the sources, a related topic, back to the topics, home, or a new question."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "next":
        return Step(goto="show", data={**data, "page": int(str(data.get("page", 0))) + 1})
    if choice.id == "sources":
        return Step(goto="sources", data=data)
    if choice.id == "report":
        return Step(goto=REPORT_TARGET, data={})
    if choice.id == "back":
        return Step(goto="topics", data={"phase": data.get("phase")})
    if choice.id == "home":
        return Step(goto="main:menu")
    return Step(goto="show", data={"topic": choice.id.removeprefix(TOPIC), "page": 0})


async def _sources(ctx: Context, data: Data) -> Prompt:
    """Every source of the topic just shown."""
    shown = await render_sources(ctx, data)
    return shown if shown is not None else await _phases(ctx, {})


async def _after_sources(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Back to the topic page (not counted again), home, or a new question."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id == "home":
        return Step(goto="main:menu")
    return Step(goto="show", data=data)


async def _pick(ctx: Context, data: Data) -> Prompt:
    """Offer the likely topics when the answer is not clear."""
    options = [
        t for t in (find_topic(ctx, tid) for tid in data.get("options", ())) if t is not None
    ]
    if not options:
        return Prompt(replies=(Reply(ctx._(NO_ANSWER)),), then="main:menu")
    choices = (
        *(Choice(TOPIC + t.id, t.title) for t in options),
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
    return Step(goto="show", data={"topic": choice.id.removeprefix(TOPIC), "page": 0})


async def _received(ctx: Context, data: Data) -> Prompt:
    """A link or forwarded message: say what we cannot do, then how to check a job offer."""
    lines = [ctx._(GOT_FILE)] if data.get("file") else []
    lines.append(ctx._(GOT_FORWARD) if data.get("kind") == "forwarded" else ctx._(GOT_LINK))
    lines.append(ctx._(OFFER_ADVICE))
    topics = [t for t in (find_topic(ctx, tid) for tid in CHECK_TOPICS) if t is not None]
    choices = (
        *(Choice(TOPIC + t.id, t.title) for t in topics),
        Choice("cekloker", ctx._(CHECK_OFFER)),
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
    if choice.id == "cekloker":
        offer = {k: data.get(k, "") for k in ("offer", "photo", "forwarded")}
        return Step(goto=CHECK_OFFER_TARGET, data=offer)
    if choice.id in ("office", "home"):
        return Step(goto="office:show" if choice.id == "office" else "main:menu")
    return Step(goto="show", data={"topic": choice.id.removeprefix(TOPIC), "page": 0})


async def _emergency(ctx: Context, data: Data) -> Prompt:
    """Emergency contacts at once, then the village office, with a way to reach it."""
    topic = library_of(ctx).topics.topic(ctx.locale, EMERGENCY_TOPIC)
    replies = [Reply(ctx._(DANGER))]
    if topic is not None:
        replies.append(Reply(f"{topic.title}\n\n{topic.body.strip()}\n\n{source_line(ctx, topic)}"))
    village = ctx.person.village
    office = library_of(ctx).offices.contact(village.code) if village else None
    if office is not None:
        replies.append(Reply(f"{ctx._(ASK_OFFICE)}\n{format_contact(ctx, office)}"))
    else:
        replies.append(Reply(ctx._(NO_OFFICE)))
    sources = (
        (Choice("sources", ctx._(SOURCES)),) if topic is not None and len(topic.sources) > 1 else ()
    )
    choices = [
        Choice("report", ctx._(REPORT)),
        Choice("office", ctx._(OFFICE)),
        *sources,
        Choice("home", ctx._(HOME)),
    ]
    related = _related_page(ctx, data)
    if related is not None:  # what they wrote about ("my passport is held"), below the help
        choices.insert(0, Choice(f"topic:{related.id}", f"📖 {related.title}"))
    if topic is None:
        return Prompt(replies=tuple(replies), choices=tuple(choices))
    # the sources page's "back" shows the emergency topic as a page, without counting it again
    shown = {**data, "topic": topic.id, "page": 0, "phase": topic.phase, "counted": topic.id}
    return Prompt(
        replies=tuple(replies),
        choices=tuple(choices),
        data=shown,
        effects=(viewed(ctx, topic.id),),
    )


def _related_page(ctx: Context, data: Data) -> Topic | None:
    """The page that fits the danger message, unless it is the emergency page shown already."""
    for topic_id in data.get("related", ()):
        topic = library_of(ctx).topics.topic(ctx.locale, str(topic_id))
        if topic is not None and topic.id != EMERGENCY_TOPIC:
            return topic
    return None


async def _after_emergency(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """The office contact, the sources, home, or another message (read again for danger first)."""
    if choice is None:
        return await answer_question(ctx, data, inbound)
    if choice.id.startswith("topic:"):
        return Step(goto="show", data={"topic": choice.id.removeprefix("topic:"), "page": 0})
    if choice.id == "sources":
        return Step(goto="sources", data=data)
    if choice.id == "report":
        return Step(goto=REPORT_TARGET, data={})
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
        exits={"topic": "show", "more / back": "topics", "back": "phases", "home": "main:menu"},
    ),
    Ask(
        "show",
        _show,
        _after_show,
        exits={
            "next / related": "show",
            "sources": "sources",
            "back": "topics",
            "home": "main:menu",
        },
    ),
    Ask("sources", _sources, _after_sources, exits={"back": "show", "home": "main:menu"}),
    Ask("pick", _pick, _picked, exits={"topic": "show", "none / home": "main:menu"}),
    Ask(
        "received",
        _received,
        _after_received,
        exits={
            "topic": "show",
            "office": "office:show",
            "home": "main:menu",
            "check this offer": CHECK_OFFER_TARGET,
        },
    ),
    Ask(
        "emergency",
        _emergency,
        _after_emergency,
        exits={
            "office": "office:show",
            "sources": "sources",
            "home": "main:menu",
            "related page": "show",
            "report": REPORT_TARGET,
        },
    ),
    summary="Safe-migration information and free-text questions",
)
