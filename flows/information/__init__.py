"""Safe-migration information: topics by phase, free-text questions, danger help, office contact.

Exports on purpose (other capabilities may import these, nothing else):
``CAPABILITY``; ``answer_question`` (where free text typed at another capability's menu goes);
the effects ``TopicViewed`` (storage counts it), ``VillageTopicAdded`` and
``VillageTopicWithdrawn`` and the reads
``InformationQueries`` (officers write and review their village's answers and see the
questions left unanswered).
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.context import Context
from flows.engine.core import Detour
from flows.engine.messages import Inbound
from flows.information import migration_info, office
from flows.information.effects import (
    QuestionUnanswered,
    TopicViewed,
    VillageTopicAdded,
    VillageTopicWithdrawn,
)
from flows.information.emergency import emergency_help, sounds_like_danger
from flows.information.library import library_of, load_library
from flows.information.ports import (
    InformationQueries,
    QuestionCount,
    VillageTopicRow,
    information_queries,
)
from flows.information.questions import answer_question

__all__ = [
    "CAPABILITY",
    "EMERGENCY",
    "InformationQueries",
    "QuestionCount",
    "QuestionUnanswered",
    "TopicViewed",
    "VillageTopicAdded",
    "VillageTopicRow",
    "VillageTopicWithdrawn",
    "answer_question",
    "emergency_help",
    "information_queries",
    "sounds_like_danger",
]

#: Where a message that sounds like danger goes, from any step.
EMERGENCY = "info:emergency"


async def danger_first(ctx: Context, inbound: Inbound) -> Detour | None:
    """A person in danger gets the emergency help first, whatever step they are at."""
    found = library_of(ctx).answerer.danger_help(inbound.text, ctx.locale)
    if found is None:
        return None
    return Detour(EMERGENCY, {"related": [hit.topic_id for hit in found.hits]})


CAPABILITY = Capability(
    name="information",
    modules=(migration_info, office),
    interrupts=(danger_first,),
    load_content=load_library,
)
