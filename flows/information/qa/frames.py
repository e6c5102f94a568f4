"""Danger recognised by meaning: who does what to whom, in any order, in any wording.

Fixed phrases miss most real messages ("td mandornya ngancem mau mukul kalo sy nanya2 gaji",
"my employer keeps my passport"). A *frame* says what a danger message contains: a slot per
part of its meaning, each slot filled by a word of one or more *concepts* (a threat, a
violent act, someone who could do it, a passport, a verb of holding, ...). A frame fires when
every slot is filled within a few words of the others, in any order, and the first slot (the
harm itself) is not negated just before ("majikan tidak pernah memukul"). A message that
mentions the law ("ancaman hukuman bagi calo") is a question about rules, not a cry for help:
frames may list such concepts as exceptions. So is a supposition governing the harm ("bagaimana
jika majikan tidak memberi hari libur"; see ``danger.supposed``).

Concepts are shared by every language (people mix them: "my majikan ambil paspor"); each
entry is read by the locale's own normaliser, so slang and synonyms apply. An entry matches a
word by its written form or its stem; ``=`` in front of an entry matches the written form
only ("=dipukul" must not match "pukul 10", the time of day). Entries of several words match
in order with at most one extra word between them ("tidak di kasih makan").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from flows.information.qa.concepts import ConceptMatcher, Hit
from flows.information.qa.danger import Word, supposed

__all__ = ["FrameDetector", "FrameSpec"]

#: How far apart (in words) the first and last filled slot of a frame may be.
WINDOW = 12
#: How many words before the harm a negation still reverses it ("tidak pernah dipukul").
_NEGATION_REACH = 2


@dataclass(frozen=True, slots=True)
class FrameSpec:
    """A frame as written in the content file: slots of concept names, and exceptions."""

    name: str
    slots: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...] = ()
    topic: str | None = None  # the page offered below the emergency help


class FrameDetector:
    """Finds danger frames in one locale's reading of a message (concepts found once, then
    the frames only combine their positions)."""

    def __init__(
        self,
        frames: Sequence[FrameSpec],
        concepts: Mapping[str, Sequence[str]],
        *,
        read: Callable[[str], Sequence[Word]],
        negations: frozenset[str],
        suppositions: frozenset[str] = frozenset(),
        passable: Callable[[str], bool] = lambda _: False,
    ) -> None:
        unknown = {c for f in frames for c in (*f.unless, *(c for s in f.slots for c in s))}
        unknown -= set(concepts)
        if unknown:
            raise ValueError(f"frames use undefined concepts: {', '.join(sorted(unknown))}")
        self._negations = negations
        self._suppositions = suppositions
        self._passable = passable
        self._frames = tuple(frames)
        self._concepts = ConceptMatcher(concepts, read=read, negations=negations)

    def vocabulary(self) -> set[str]:
        """Every word of every concept, for typo correction."""
        return self._concepts.vocabulary()

    def find(self, words: Sequence[Word]) -> FrameSpec | None:
        """The first frame ``words`` fill, or None."""
        hits = self._concepts.hits(words)
        if not hits:
            return None
        for frame in self._frames:
            if self._fills(frame, hits, words):
                return frame
        return None

    def _fills(
        self, frame: FrameSpec, hits: Mapping[str, list[Hit]], words: Sequence[Word]
    ) -> bool:
        if any(c in hits for c in frame.unless):
            return False
        per_slot = [[h for c in slot for h in hits.get(c, ())] for slot in frame.slots]
        if any(not slot_hits for slot_hits in per_slot):
            return False
        fillers = {i for others in per_slot[1:] for h in others for i in range(h.start, h.end + 1)}
        for core in per_slot[0]:
            if not core.negative and self._negated(core, words, fillers):
                continue
            chosen = [
                next((h for h in others if _near(core, h) and not _overlaps(core, h)), None)
                for others in per_slot[1:]
            ]
            if any(h is None for h in chosen):
                continue
            start = min([core.start, *(h.start for h in chosen if h is not None)])
            if not any(
                supposed(
                    words,
                    at,
                    self._suppositions,
                    lambda i: i in fillers or self._passable(words[i].text),
                )
                for at in (core.start, start)
            ):
                return True
        return False

    def _negated(self, hit: Hit, words: Sequence[Word], fillers: set[int]) -> bool:
        """A negation shortly before the harm, unless another slot's words come in between."""
        index, seen = hit.start - 1, 0
        while index >= 0 and seen < _NEGATION_REACH:
            if index in fillers:  # "tidak boleh keluar": what comes before belongs to another slot
                return False
            if words[index].text in self._negations:
                return True
            seen += 1
            index -= 1
        return False


def _near(a: Hit, b: Hit) -> bool:
    return max(a.end, b.end) - min(a.start, b.start) <= WINDOW


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start <= b.end and b.start <= a.end
