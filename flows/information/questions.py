"""Free-text questions: answer, offer the likely topics, admit ignorance, or give emergency help.

Any free text the menus cannot place comes here. A message that sounds like danger skips the
search and gets the official emergency contacts at once; small talk is answered kindly; a
question about the village office itself (its hours, phone, address) gets the office's contact;
a confident match shows its topic; an unsure one offers the top three as buttons; nothing found
says so kindly and records the question, without who asked, so officers can see what people
need.

A forwarded message or a web address is not a question the person wrote (usually it is a job
advert they received), so it is acknowledged for what it is and answered with how to check a
job offer, never searched as a question. A captioned photo or file is acknowledged first, and
the caption is then read as the person's question.
"""

from __future__ import annotations

from dataclasses import replace

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Inbound, Reply
from flows.engine.nodes import NOT_UNDERSTOOD, Data, Step
from flows.engine.text import clean_text, looks_like_link
from flows.information.effects import QuestionUnanswered
from flows.information.library import library_of
from flows.information.scrub import scrub
from flows.information.village_topics import village_answer

__all__ = ["answer_question", "scrub"]

NO_ANSWER = N_(
    "Sorry, I do not have an answer to that yet. I have noted your question for the village "
    "officers (without your name). You can also ask your village office directly."
)
MEDIA = N_(
    "Thank you, I received your file. Here I can only read text messages; "
    "please type your question or choose from the menu below."
)
CAPTIONED = N_(
    "Thank you, I received your file. I cannot see what is in it, but I read what you wrote "
    "with it."
)

SMALL_TALK = {
    "greeting": N_("Hello! How can I help you? Choose from the menu, or type your question."),
    "thanks": N_("You are welcome! Stay safe. 🙏"),
    "ok": N_("Good. Is there anything else I can help with?"),
    "farewell": N_("Goodbye, take care! Come back any time you need information. 🙏"),
}
THANKS_AND_GOODBYE = N_(
    "You are welcome! Goodbye, take care, and come back any time you need information. 🙏"
)


def _small_talk(ctx: Context, kinds: frozenset[str]) -> Step:
    """A kind answer to a message that was only small talk; back to the menu."""
    if {"thanks", "farewell"} <= kinds:
        text = ctx._(THANKS_AND_GOODBYE)
    else:
        kind = next(k for k in ("farewell", "thanks", "greeting", "ok") if k in kinds)
        text = ctx._(SMALL_TALK[kind])
    return Step(replies=(Reply(text),), goto="main:menu")


def unanswered(ctx: Context, text: str) -> QuestionUnanswered:
    """The effect that records a question nobody could answer, anonymised."""
    kept = scrub(text)[:1000]
    return QuestionUnanswered(kept, clean_text(kept)[:300], ctx.locale)


async def answer_question(ctx: Context, data: Data, inbound: Inbound) -> Step:
    """Route one free-text message to the right kind of answer."""
    text = inbound.text.strip()
    if not text and not (inbound.forwarded and inbound.attachments):
        return Step(replies=(Reply(ctx._(MEDIA)),), reprompt=True)
    if inbound.forwarded or inbound.has_link or looks_like_link(text):
        kind = "forwarded" if inbound.forwarded else "link"
        photo = next((a.file_id for a in inbound.attachments if a.kind == "photo"), None)
        received = {
            "kind": kind,
            "file": bool(inbound.attachments),
            # kept so "check this offer" can hand it to the job board's cek loker as it came
            "offer": text[:4000],
            "photo": photo or "",
            "forwarded": inbound.forwarded,
        }
        return Step(goto="info:received", data=received)
    if inbound.attachments:  # a captioned photo: say we have it, then read the caption
        step = await answer_question(ctx, data, replace(inbound, attachments=()))
        return replace(step, replies=(Reply(ctx._(CAPTIONED)), *step.replies))
    words = clean_text(text)
    if not words or words.isdecimal():  # "9", "🙏🙏": a missed button, not a question to record
        return Step(replies=(Reply(ctx._(NOT_UNDERSTOOD)),), reprompt=True)
    library = library_of(ctx)
    social = library.chitchat.kinds(text)
    if social:
        return _small_talk(ctx, social)
    text = library.chitchat.after_small_talk(text)  # "assalamualaikum min, mau tanya ..."
    if library.office_questions.asks_for_office(text):  # "kantor desa buka jam brp"
        return Step(goto="office:show", data={})
    answer = library.answerer.ask(text, ctx.locale)
    if answer.kind == "danger":
        return Step(goto="info:emergency", data={"related": [h.topic_id for h in answer.hits]})
    local = await village_answer(ctx, text)
    if local is not None:  # the village's own officers answered this: their answer comes first
        return Step(goto="info:show", data={"topic": local.hits[0].topic_id, "page": 0})
    if answer.kind == "confident":
        return Step(goto="info:show", data={"topic": answer.hits[0].topic_id, "page": 0})
    if answer.kind == "unsure" and answer.hits:
        options = [hit.topic_id for hit in answer.hits[:3]]
        return Step(goto="info:pick", data={"options": options, "question": scrub(text)[:1000]})
    return Step(
        replies=(Reply(ctx._(NO_ANSWER)),), effects=(unanswered(ctx, text),), goto="main:menu"
    )
