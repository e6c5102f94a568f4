"""Officer menu: what village officers need from the bot (``/petugas``).

Residents who type the command are told kindly that the menu is for officers. An officer who
serves several villages first chooses the one they act for. The menu offers only what their
role allows there: the questions the bot could not answer (most frequent first), answers for
the village, announcements, the village's officers and invitations (coordinators), and the
recent audit log, and the village's data as a file (``flows/office/exports.py``). Every view
and change is audited.
"""

from __future__ import annotations

from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Ask, Data, Prompt, Say, Step, make_flow
from flows.engine.text import clean_text
from flows.information import VillageTopicAdded, information_queries
from flows.officers.access import permissions_in, villages_where
from flows.officers.acting import acting_role, roles_of, village_of
from flows.officers.answers import ANSWERS
from flows.officers.answers import node as answers_node
from flows.officers.audit import node as audit_node
from flows.officers.effects import OfficerActed
from flows.officers.ports import OfficerRole
from flows.officers.roles import ROLE_NAMES
from flows.officers.team import NODES as TEAM_NODES

__all__ = ["FLOW"]

ONLY_OFFICERS = N_("This menu is only for village officers.")
MENU = N_("Officer menu for {village} ({role}). What would you like to do?")
CHOOSE_VILLAGE = N_("You serve several villages. Which village are you acting for now?")
SWITCH = N_("🔁 Another village")
ANNOUNCE = N_("📢 Announcements")
REPORTS = N_("📋 Residents' reports")
DOCUMENTS = N_("📂 Residents' documents")
TEAM = N_("👥 Officers and invitations")
AUDIT = N_("🧾 Recent actions")
JOBS = N_("💼 Job notices and offers")
PARENTING = N_("👶 Community parenting")
EXPORT = N_("📊 Village data (export)")
HOUSEHOLDS = N_("🏠 Migrant families")
UNANSWERED = N_("Unanswered questions")
ADD = N_("Add an answer for my village")
ASK_TITLE = N_(
    "New answer for {village}. Type its title, as residents would look for it "
    "(for example: Opening days of the migration desk)."
)
ASK_BODY = N_(
    "Now type the answer itself, in plain words (at most {limit} characters). "
    "Write only what is certain, and say where it comes from."
)
ASK_KEYWORDS = N_(
    "Last step: type a few words people would use to ask, separated by commas "
    "(for example: jadwal, buka, layanan)."
)
TOO_SHORT = N_("That is too short. Please type at least {minimum} characters.")
TOO_LONG = N_("That is too long ({length} characters). Please keep it under {limit}.")
PREVIEW = N_("Please check. Residents of {village} will see:\n\n{title}\n\n{body}\n\nSave it?")
SAVE = N_("✅ Save")
CANCEL = N_("❌ Cancel")
SAVED = N_("Saved. Residents of {village} who ask about it will now get this answer.")
CANCELLED = N_("Cancelled; nothing was saved.")
TITLE_LIMIT = 80
BODY_LIMIT = 1500
BACK = N_("Back to menu")
NONE_YET = N_("{village}: no unanswered questions yet.")
HEADER = N_("{village}: questions the bot could not answer (most asked first):")
LINE = N_("{rank}. ({count}×) {question}")
HOW_TO_ADD = N_(
    "To add a topic, send the question and the correct answer with its official source to "
    "whoever maintains the bot's content files (flows/information/content/topics)."
)
PERMISSION = "questions.view"
ADD_PERMISSION = "topics.add"
TOP = 10
#: Buttons on one page of the officer menu, besides "Back to menu" (a phone shows about 8).
PER_PAGE = 7
MORE = N_("More ›")
LESS = N_("‹ Back to the first page")


#: The menu's entries (id, label, the right that shows it), in the order they are shown.
_OPTIONS = (
    ("unanswered", UNANSWERED, PERMISSION),
    ("answers", ANSWERS, ADD_PERMISSION),
    ("reports", REPORTS, "complaints.count"),
    ("announce", ANNOUNCE, "announcements.view"),
    ("team", TEAM, "officers.manage"),
    ("audit", AUDIT, "audit.view"),
    ("parenting", PARENTING, "parenting.manage"),
    ("documents", DOCUMENTS, "checklists.handle"),
    ("jobs", JOBS, "jobs.publish"),
    ("households", HOUSEHOLDS, "registry.view"),
    # every village role has something to export (a facilitator: parenting figures); the
    # export flow lists only what the role allows
    ("export", EXPORT, "menu.open"),
)


async def _typed(ctx: Context, data: Data, inbound: Inbound) -> Choice | None:
    """An entry typed by its label from another page (SMS has no pages to turn)."""
    roles = await roles_of(ctx)
    village = village_of(roles, data)
    allowed = permissions_in(roles, village) if village else frozenset()
    typed = clean_text(inbound.text)
    return next(
        (
            Choice(cid, ctx._(label))
            for cid, label, perm in _OPTIONS
            if perm in allowed and typed and clean_text(ctx._(label)) == typed
        ),
        None,
    )


async def _menu(ctx: Context, data: Data) -> Prompt:
    """Officers get the menu of the village they act for; anyone else a kind refusal."""
    roles = await roles_of(ctx)
    served = villages_where(roles, "menu.open")
    if not served:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    village = village_of(roles, data)
    if village is None:
        return Prompt(replies=(), then="choose_village", data={})
    allowed = permissions_in(roles, village)
    role = next(r for r in served if r.village_code == village)
    choices = [Choice(cid, ctx._(label)) for cid, label, perm in _OPTIONS if perm in allowed]
    # switching village and going back stay on every page
    kept = [Choice("switch", ctx._(SWITCH))] if len(served) > 1 else []
    room = PER_PAGE - len(kept)
    if len(choices) > room:  # a coordinator has more than a phone shows: two pages
        first, rest = choices[: room - 1], choices[room - 1 :]
        if data.get("page") == 1:
            choices = [*rest, Choice("less", ctx._(LESS))]
        else:
            choices = [*first, Choice("more", ctx._(MORE))]
    choices += [*kept, Choice("back", ctx._(BACK))]
    text = ctx._(MENU, village=role.village_name, role=ctx._(ROLE_NAMES[role.role]))
    return Prompt(replies=(Reply(text),), choices=tuple(choices), data={"village": village})


async def _chosen(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Open what was chosen (each step checks the right to it again), or go back."""
    targets = {
        "unanswered": "unanswered",
        "answers": "answers",
        "add": "add_title",
        "announce": "announce:menu",
        "reports": "desk:queue",
        "documents": "docdesk:queue",
        "jobs": "jobdesk:menu",
        "parenting": "nurture:home",
        "export": "officeexport:choose",
        "households": "registry:home",
        "team": "team",
        "audit": "audit",
        "switch": "choose_village",
    }
    village = {"village": data.get("village", "")}
    choice = choice or await _typed(ctx, data, inbound)
    if choice is not None and choice.id in ("more", "less"):
        return Step(goto="menu", data={**village, "page": 1 if choice.id == "more" else 0})
    target = targets.get(choice.id) if choice is not None else None
    if target is None:
        return Step(goto="main:menu")
    if target == "choose_village":
        return Step(goto=target, data={})
    return Step(goto=target, data=village)


async def _villages(ctx: Context, data: Data) -> Prompt:
    """The villages this officer serves, to choose the one they act for."""
    served = villages_where(await roles_of(ctx), "menu.open")
    if not served:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    choices = (*(Choice(f"v:{r.village_code}", r.village_name) for r in served),)
    return Prompt(
        replies=(Reply(ctx._(CHOOSE_VILLAGE)),), choices=(*choices, Choice("back", ctx._(BACK)))
    )


async def _village_chosen(
    ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
) -> Step:
    """Act for the chosen village (the menu checks it is still served)."""
    if choice is None or not choice.id.startswith("v:"):
        return Step(goto="main:menu")
    return Step(goto="menu", data={"village": choice.id.removeprefix("v:")})


async def _unanswered(ctx: Context, data: Data) -> Prompt:
    """The most asked unanswered questions of the village acted for (audited)."""
    acting = await acting_role(ctx, data, PERMISSION)
    replies: list[Reply] = []
    effects: list[Effect] = []
    for role in (acting,) if acting is not None else ():
        rows = await information_queries(ctx).unanswered_questions(role.village_code, TOP)
        if not rows:
            replies.append(Reply(ctx._(NONE_YET, village=role.village_name)))
        else:
            lines = [ctx._(HEADER, village=role.village_name)]
            lines += [
                ctx._(LINE, rank=i, count=row.count, question=row.question)
                for i, row in enumerate(rows, start=1)
            ]
            replies.append(Reply("\n".join(lines)))
        effects.append(OfficerActed(ctx.person.external_id, role.village_code, "questions.viewed"))
    if not replies:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    replies.append(Reply(ctx._(HOW_TO_ADD)))
    return Prompt(replies=tuple(replies), effects=tuple(effects), then="menu")


async def _adding_village(ctx: Context, data: Data) -> OfficerRole | None:
    """The village this officer adds an answer to (checked again at every step)."""
    return await acting_role(ctx, data, ADD_PERMISSION)


def _length_problem(ctx: Context, text: str, minimum: int, limit: int) -> Step | None:
    if len(text) < minimum:
        return Step(replies=(Reply(ctx._(TOO_SHORT, minimum=minimum)),))
    if len(text) > limit:
        return Step(replies=(Reply(ctx._(TOO_LONG, length=len(text), limit=limit)),))
    return None


async def _ask_title(ctx: Context, data: Data) -> Prompt:
    """Start a new answer: its title."""
    role = await _adding_village(ctx, data)
    if role is None:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    return Prompt(
        replies=(Reply(ctx._(ASK_TITLE, village=role.village_name)),),
        choices=(Choice("cancel", ctx._(CANCEL)),),
    )


async def _title(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the title and ask for the answer."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    title = " ".join(inbound.text.split())
    return _length_problem(ctx, title, 5, TITLE_LIMIT) or Step(
        goto="add_body", data={**data, "title": title}
    )


async def _ask_body(ctx: Context, data: Data) -> Prompt:
    """Ask for the answer text."""
    return Prompt(
        replies=(Reply(ctx._(ASK_BODY, limit=BODY_LIMIT)),),
        choices=(Choice("cancel", ctx._(CANCEL)),),
    )


async def _body(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the answer and ask for keywords."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    body = inbound.text.strip()
    problem = _length_problem(ctx, body, 20, BODY_LIMIT)
    return problem or Step(goto="add_keywords", data={**data, "body": body})


async def _ask_keywords(ctx: Context, data: Data) -> Prompt:
    """Ask for the words residents would type."""
    return Prompt(replies=(Reply(ctx._(ASK_KEYWORDS)),), choices=(Choice("cancel", ctx._(CANCEL)),))


async def _keywords(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Keep the keywords and show the preview."""
    if choice is not None:
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    words = [w.strip().lower()[:40] for w in inbound.text.split(",") if w.strip()][:15]
    return Step(goto="add_confirm", data={**data, "keywords": words})


async def _preview(ctx: Context, data: Data) -> Prompt:
    """Show exactly what residents will see."""
    role = await _adding_village(ctx, data)
    if role is None:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),), then="main:menu")
    text = ctx._(
        PREVIEW, village=role.village_name, title=data.get("title", ""), body=data.get("body", "")
    )
    choices = (Choice("save", ctx._(SAVE)), Choice("cancel", ctx._(CANCEL)))
    return Prompt(replies=(Reply(text),), choices=choices)


async def _confirm(ctx: Context, data: Data, inbound: Inbound, choice: Choice | None) -> Step:
    """Save (re-checking the officer's right to), or cancel."""
    if choice is None:
        return Step(reprompt=True)
    if choice.id != "save":
        return Step(replies=(Reply(ctx._(CANCELLED)),), goto="menu")
    role = await _adding_village(ctx, data)
    title, body = str(data.get("title", "")), str(data.get("body", ""))
    if role is None or not title or not body:
        return Step(replies=(Reply(ctx._(ONLY_OFFICERS)),), goto="main:menu")
    keywords = tuple(str(k) for k in data.get("keywords", ()))
    added = VillageTopicAdded(
        ctx.person.external_id, role.village_code, ctx.locale, title, body, keywords
    )
    return Step(
        replies=(Reply(ctx._(SAVED, village=role.village_name)),),
        effects=(added,),  # storage audits it with the new answer's id
        goto="menu",
    )


_CANCEL_EXITS = {"cancel": "menu", "refused": "main:menu"}

FLOW = make_flow(
    "officer",
    "menu",
    Ask(
        "menu",
        _menu,
        _chosen,
        exits={
            "unanswered": "unanswered",
            "add": "add_title",
            "answers": "answers",
            "announcements": "announce:menu",
            "job board": "jobdesk:menu",
            "officers": "team",
            "parenting": "nurture:home",
            "export": "officeexport:choose",
            "migrant families": "registry:home",
            "audit": "audit",
            "several villages / switch": "choose_village",
            "back / refused": "main:menu",
        },
    ),
    Ask(
        "choose_village",
        _villages,
        _village_chosen,
        exits={"village": "menu", "back / refused": "main:menu"},
    ),
    *TEAM_NODES,
    audit_node,
    Say("unanswered", _unanswered, next="menu"),
    answers_node,
    Ask(
        "add_title",
        _ask_title,
        _title,
        exits={"title": "add_body", **_CANCEL_EXITS},
        takes_any_text=True,
    ),
    Ask(
        "add_body",
        _ask_body,
        _body,
        exits={"answer": "add_keywords", **_CANCEL_EXITS},
        takes_any_text=True,
    ),
    Ask(
        "add_keywords",
        _ask_keywords,
        _keywords,
        exits={"keywords": "add_confirm", **_CANCEL_EXITS},
        takes_any_text=True,
    ),
    Ask("add_confirm", _preview, _confirm, exits={"save / cancel": "menu", "refused": "main:menu"}),
    summary="Officer menu",
)
