"""The engine: turns one inbound message and the saved state into replies, effects and a new state.

It matches input to the buttons last offered (a tap, the button's number, its label, a close
misspelling of it), honours the global commands and words that work anywhere (the registry
collects them from the capabilities: menu, batal, /help, /bahasa, /petugas…), lets the
registered interrupts take over first (danger help), runs the current node and follows
transitions, with a guard against a flow that loops. It knows no capability.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from flows.engine.context import Context
from flows.engine.effects import Effect, LanguageChosen, VillageJoined
from flows.engine.i18n import N_
from flows.engine.messages import Choice, Inbound, Reply
from flows.engine.nodes import Flow, Node
from flows.engine.ports import ConversationState, Village
from flows.engine.text import clean_text

__all__ = [
    "APOLOGY",
    "HOME",
    "MAX_HOPS",
    "Detour",
    "Engine",
    "Interrupt",
    "Outcome",
    "clean_text",
    "match_choice",
]

log = logging.getLogger(__name__)

#: Where "menu", "batal" and errors lead.
HOME = "main:menu"
#: The most nodes one input may pass through; more means a flow loops.
MAX_HOPS = 12
#: Where a person without a conversation starts.
START = "start:welcome"


@dataclass(frozen=True, slots=True)
class Detour:
    """Where an interrupt sends someone, with data for the step it sends them to."""

    target: str
    data: Mapping[str, Any]


#: Looks at typed text before the current step does; a target (or a detour) takes the person
#: there.
Interrupt = Callable[[Context, Inbound], Awaitable[str | Detour | None]]

UNKNOWN_COMMAND = N_("I do not know that command. Here is the main menu.")
FLOW_CHANGED = N_("Sorry, this part of the service has changed. Let us start again from the menu.")
APOLOGY = N_("Sorry, something went wrong on our side. Please try again, or type menu.")
LOOPED = N_("Sorry, something went wrong on our side. Here is the main menu.")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What handling one input produced."""

    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...]
    state: ConversationState


def match_choice(inbound: Inbound, offered: tuple[tuple[str, str], ...]) -> Choice | None:
    """The offered button this input means, or None.

    A tap must name a button we offered (forged button data matches nothing); typed input
    matches by position number, by label, or by a label with a small typo.
    """
    buttons = [Choice(cid, label) for cid, label in offered]
    if inbound.choice_id is not None:
        return next((b for b in buttons if b.id == inbound.choice_id), None)
    typed = clean_text(inbound.text)
    if not typed or not buttons:
        return None
    if typed.isdecimal():  # isdigit() also accepts "¹", which int() refuses
        index = int(typed) - 1
        return buttons[index] if 0 <= index < len(buttons) else None
    labels = [clean_text(b.label) for b in buttons]
    for button, label in zip(buttons, labels, strict=True):
        if typed == label:
            return button
    if len(typed) >= 4:
        scored = [(fuzz.ratio(typed, label), b) for b, label in zip(buttons, labels, strict=True)]
        best_score, best = max(scored, key=lambda pair: pair[0])
        if best_score >= 85 and sum(1 for s, _ in scored if s == best_score) == 1:
            return best
    return None


class Engine:
    """Runs the registered flows."""

    def __init__(
        self,
        flows: Mapping[str, Flow],
        *,
        commands: Mapping[str, str] | None = None,
        words: Mapping[str, str] | None = None,
        deep_links: Mapping[str, str] | None = None,
        interrupts: Sequence[Interrupt] = (),
    ) -> None:
        self._flows = dict(flows)
        self._commands = {k.lower(): v for k, v in (commands or {}).items()}
        self._words = {clean_text(k): v for k, v in (words or {}).items()}
        self._interrupts = tuple(interrupts)
        self._deep_links = {k.lower(): v for k, v in (deep_links or {}).items()}

    def _resolve(self, target: str, current_flow: str) -> tuple[Flow, Node] | None:
        flow_name, _, node_name = target.rpartition(":")
        flow = self._flows.get(flow_name or current_flow)
        if flow is None:
            return None
        node = flow.node(node_name or flow.start)
        return (flow, node) if node is not None else None

    def _deep_link(self, inbound: Inbound) -> tuple[str, str] | None:
        """``/start inv-K7Q2`` (or ``inv-K7Q2`` typed alone): the target its prefix names."""
        if inbound.command == "start":
            payload = inbound.payload.strip()
        elif inbound.command is None and inbound.choice_id is None:
            payload = inbound.text.strip()
        else:
            return None
        prefix, dash, rest = payload.partition("-")
        if not dash or not rest or " " in payload or len(payload) > 64:
            return None
        target = self._deep_links.get(prefix.lower())
        return (target, payload) if target is not None else None

    def _global_target(self, inbound: Inbound) -> str | None:
        if inbound.command is not None:
            return self._commands.get(inbound.command.lower())
        if inbound.choice_id is None:
            return self._words.get(clean_text(inbound.text))
        return None

    async def _interrupted(self, ctx: Context, node: Node, inbound: Inbound) -> Detour | None:
        """Where an interrupt sends typed text, except where a step takes content as typed."""
        if not inbound.text.strip() or getattr(node, "takes_any_text", False):
            return None
        for interrupt in self._interrupts:
            target = await interrupt(ctx, inbound)
            if isinstance(target, str):
                return Detour(target, {})
            if target is not None:
                return target
        return None

    async def run(self, ctx: Context, state: ConversationState | None, inbound: Inbound) -> Outcome:
        """Handle one input from the state the person is in."""
        linked = self._deep_link(inbound)
        if linked is not None:
            return await self._enter(ctx, linked[0], "", {"payload": linked[1]}, [], [], state)
        target = self._global_target(inbound)
        if target is not None:
            payload = {"payload": inbound.payload} if inbound.payload else {}
            return await self._enter(ctx, target, "", payload, [], [], state)
        if inbound.command is not None:
            return await self._enter(ctx, HOME, "", {}, [Reply(ctx._(UNKNOWN_COMMAND))], [], state)
        if state is None:
            return await self._enter(ctx, START, "", {}, [], [], state)
        resolved = self._resolve(f"{state.flow}:{state.node}", state.flow)
        if resolved is None:
            log.warning("saved state %s:%s no longer exists", state.flow, state.node)
            return await self._enter(ctx, HOME, "", {}, [Reply(ctx._(FLOW_CHANGED))], [], state)
        flow, node = resolved
        choice = match_choice(inbound, state.offered)
        urgent = None if choice is not None else await self._interrupted(ctx, node, inbound)
        if urgent is not None:
            return await self._enter(
                ctx, urgent.target, flow.name, urgent.data, [], [], state, carried=True
            )
        step = await node.handle(ctx, state.data, inbound, choice)
        replies, effects = list(step.replies), list(step.effects)
        ctx = _updated(ctx, effects)
        data = step.data if step.data is not None else state.data
        if step.goto is not None:
            carried = step.data is not None  # data given with a jump goes along, even across flows
            return await self._enter(
                ctx, step.goto, flow.name, data, replies, effects, state, carried=carried
            )
        if step.reprompt:
            return await self._enter(
                ctx, f"{flow.name}:{node.name}", flow.name, data, replies, effects, state
            )
        offered = _offered_in(replies) or state.offered
        new_state = ConversationState(
            flow.name, node.name, dict(data), offered, state.last_update_id
        )
        return Outcome(tuple(replies), tuple(effects), new_state)

    async def _enter(
        self,
        ctx: Context,
        target: str,
        from_flow: str,
        data: Mapping[str, Any],
        replies: list[Reply],
        effects: list[Effect],
        state: ConversationState | None,
        *,
        carried: bool = False,
    ) -> Outcome:
        """Arrive at ``target`` and follow any nodes that move on by themselves.

        Entering another flow starts with empty data, unless the jump ``carried`` its own.
        """
        last_update = state.last_update_id if state else None
        for _hop in range(MAX_HOPS):
            resolved = self._resolve(target, from_flow)
            if resolved is None:
                log.error("transition to unknown node %r", target)
                return await self._home_after_error(ctx, replies, effects, last_update)
            flow, node = resolved
            if flow.name != from_flow and from_flow and not carried:
                data = {k: v for k, v in data.items() if k == "payload"}
            carried = False
            prompt = await node.prompt(ctx, data)
            if prompt.data is not None:
                data = prompt.data
            effects.extend(prompt.effects)
            ctx = _updated(ctx, effects)
            replies.extend(_attach(prompt.replies, prompt.choices))
            if prompt.then is None:
                offered = tuple((c.id, c.label) for c in prompt.choices)
                new_state = ConversationState(
                    flow.name, node.name, dict(data), offered, last_update
                )
                return Outcome(tuple(replies), tuple(effects), new_state)
            target, from_flow = prompt.then, flow.name
        log.error("flow loop: more than %d hops ending at %r", MAX_HOPS, target)
        return await self._home_after_error(ctx, replies, effects, last_update)

    async def _home_after_error(
        self, ctx: Context, replies: list[Reply], effects: list[Effect], last_update: int | None
    ) -> Outcome:
        home = self._resolve(HOME, "")
        if home is None:
            raise LookupError(f"the home node {HOME} is not registered")
        flow, node = home
        prompt = await node.prompt(ctx, {})
        shown = [*replies, Reply(ctx._(LOOPED)), *_attach(prompt.replies, prompt.choices)]
        offered = tuple((c.id, c.label) for c in prompt.choices)
        return Outcome(
            tuple(shown),
            tuple(effects),
            ConversationState(flow.name, node.name, {}, offered, last_update),
        )


def _updated(ctx: Context, effects: list[Effect]) -> Context:
    """The context as it is after these effects: what changes the person applies at once.

    Storage applies effects only after the whole step, so a screen shown later in the same
    step (the settings after changing one) would otherwise show the old values.
    """
    for effect in effects:
        if isinstance(effect, LanguageChosen) and effect.locale != ctx.locale:
            ctx = ctx.with_locale(effect.locale)
        elif isinstance(effect, VillageJoined):
            village = Village(effect.village_code, effect.village_name, effect.timezone)
            ctx = replace(ctx, person=replace(ctx.person, village=village))
        else:
            person = effect.applied_to(ctx.person)
            if person is not ctx.person:
                ctx = replace(ctx, person=person)
    return ctx


def _attach(replies: tuple[Reply, ...], choices: tuple[Choice, ...]) -> list[Reply]:
    """Put the buttons on the last reply, where the keyboard belongs."""
    if not choices or not replies:
        return list(replies)
    last = replies[-1]
    return [*replies[:-1], Reply(last.text, choices, last.actions, last.remove_keyboard)]


def _offered_in(replies: list[Reply]) -> tuple[tuple[str, str], ...]:
    for reply in reversed(replies):
        if reply.choices:
            return tuple((c.id, c.label) for c in reply.choices)
    return ()
