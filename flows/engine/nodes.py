"""The building blocks of a flow: menus, messages and questions, with transitions as data.

A node says what to show when a person arrives (``prompt``) and what to do with their next
input (``handle``). Transition targets are plain strings (``"confirm"`` inside the same flow,
``"main:menu"`` across flows) and every node lists them in ``targets`` so a test can check that
each one exists and a script can draw the flow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from flows.engine.context import Context
from flows.engine.effects import Effect
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply

__all__ = [
    "Ask",
    "Flow",
    "Menu",
    "Node",
    "Option",
    "Prompt",
    "Say",
    "Step",
    "make_flow",
]

Data = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Prompt:
    """What a node shows on arrival; ``then`` moves on at once (a message that needs no answer)."""

    replies: tuple[Reply, ...]
    choices: tuple[Choice, ...] = ()
    then: str | None = None
    effects: tuple[Effect, ...] = ()
    data: Data | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """The outcome of one input at a node: what to say and change, and where to go next.

    ``goto`` None stays at the node; ``reprompt`` shows the node's prompt again after the
    replies; ``data`` replaces the flow's data when given.
    """

    replies: tuple[Reply, ...] = ()
    effects: tuple[Effect, ...] = ()
    goto: str | None = None
    data: Data | None = None
    reprompt: bool = False


class Node(Protocol):
    """A state in a flow."""

    @property
    def name(self) -> str: ...

    @property
    def targets(self) -> Mapping[str, str]:
        """Each transition this node can take, labelled, for checks and diagrams."""
        ...

    async def prompt(self, ctx: Context, data: Data) -> Prompt:
        """What to show when a person arrives here."""
        ...

    async def handle(
        self, ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
    ) -> Step:
        """React to the person's input; ``choice`` is the offered button it matched, if any."""
        ...


@dataclass(frozen=True, slots=True)
class Option:
    """A menu button: a translatable label (msgid), where it leads, and extra typed keywords."""

    id: str
    label: str
    target: str
    keywords: str = ""
    shown: Callable[[Context], bool] | None = None


TextHandler = Callable[[Context, Data, Inbound], Awaitable[Step]]
Renderer = Callable[[Context, Data], Awaitable[Prompt]]


@dataclass(frozen=True, slots=True)
class Menu:
    """A question answered by choosing one of a fixed set of options.

    Input that matches no option goes to ``on_text`` when given (free questions at the main
    menu), otherwise the person is kindly asked to choose again.
    """

    name: str
    text: str
    options: tuple[Option, ...]
    on_text: TextHandler | None = None
    extra_targets: Mapping[str, str] = field(default_factory=dict)

    @property
    def targets(self) -> Mapping[str, str]:
        """The options' targets and any target ``on_text`` may choose."""
        return {**{opt.label: opt.target for opt in self.options}, **self.extra_targets}

    def visible(self, ctx: Context) -> tuple[Option, ...]:
        """The options this person is offered (some only make sense for some people)."""
        return tuple(opt for opt in self.options if opt.shown is None or opt.shown(ctx))

    def choices(self, ctx: Context) -> tuple[Choice, ...]:
        """The visible options as translated buttons."""
        return tuple(Choice(opt.id, ctx._(opt.label)) for opt in self.visible(ctx))

    def _by_keyword(self, ctx: Context, text: str) -> str | None:
        """The option whose translated keywords include the typed words, if exactly one."""
        typed = " ".join(text.casefold().split())
        if not typed:
            return None
        hits = [
            opt.id
            for opt in self.visible(ctx)
            if opt.keywords
            and typed in {k.strip().casefold() for k in ctx._(opt.keywords).split(",")}
        ]
        return hits[0] if len(hits) == 1 else None

    async def prompt(self, ctx: Context, data: Data) -> Prompt:
        """Show the question with the options as buttons."""
        return Prompt(replies=(Reply(ctx._(self.text)),), choices=self.choices(ctx))

    async def handle(
        self, ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
    ) -> Step:
        """Follow the chosen option, or pass free text on."""
        picked = choice.id if choice is not None else self._by_keyword(ctx, inbound.text)
        for opt in self.visible(ctx):
            if opt.id == picked:
                return Step(goto=opt.target)
        if self.on_text is not None and (inbound.text or inbound.attachments):
            return await self.on_text(ctx, data, inbound)
        return Step(reprompt=True, replies=(Reply(ctx._(NOT_UNDERSTOOD)),))


@dataclass(frozen=True, slots=True)
class Say:
    """A message that needs no answer, followed at once by another node."""

    name: str
    render: Renderer
    next: str
    #: Other nodes the rendered message may move on to instead (its ``then``), labelled.
    also: Mapping[str, str] = field(default_factory=dict)

    @property
    def targets(self) -> Mapping[str, str]:
        """The node that follows, and any the message may choose instead."""
        return {"": self.next, **self.also}

    async def prompt(self, ctx: Context, data: Data) -> Prompt:
        """Render the message and move on."""
        shown = await self.render(ctx, data)
        return Prompt(
            replies=shown.replies,
            choices=shown.choices,
            then=shown.then or self.next,
            effects=shown.effects,
            data=shown.data,
        )

    async def handle(
        self, ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
    ) -> Step:
        """Not reached in practice: a Say node moves on as soon as it is shown."""
        return Step(goto=self.next)


@dataclass(frozen=True, slots=True)
class Ask:
    """A question answered with free input (a code, a description, a photo)."""

    name: str
    render: Renderer
    answer: Callable[[Context, Data, Inbound, Choice | None], Awaitable[Step]]
    exits: Mapping[str, str] = field(default_factory=dict)
    #: True where people type content (an officer writing an answer), not a request for help.
    takes_any_text: bool = False

    @property
    def targets(self) -> Mapping[str, str]:
        """Where an answer can lead."""
        return self.exits

    async def prompt(self, ctx: Context, data: Data) -> Prompt:
        """Ask the question."""
        return await self.render(ctx, data)

    async def handle(
        self, ctx: Context, data: Data, inbound: Inbound, choice: Choice | None
    ) -> Step:
        """Hand the answer to the flow's function."""
        return await self.answer(ctx, data, inbound, choice)


@dataclass(frozen=True, slots=True)
class Flow:
    """One journey: named nodes and the node it starts at."""

    name: str
    start: str
    nodes: Mapping[str, Node]
    summary: str = ""

    def node(self, name: str) -> Node | None:
        """The node called ``name`` in this flow, if any."""
        return self.nodes.get(name)


def make_flow(name: str, start: str, *nodes: Node, summary: str = "") -> Flow:
    """Build a flow from its nodes, refusing two nodes with the same name."""
    table: dict[str, Node] = {}
    for node in nodes:
        if node.name in table:
            raise ValueError(f"flow {name}: node {node.name} defined twice")
        table[node.name] = node
    return Flow(name=name, start=start, nodes=table, summary=summary)


NOT_UNDERSTOOD = N_("Sorry, I did not understand that. Please choose one of the buttons below.")
