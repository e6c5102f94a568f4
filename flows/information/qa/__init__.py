"""Free-text question answering over the topic library, channel-agnostic and I/O-free.

People ask in their own words ("gmn caranya kerja ke taiwan"); the flows need one call that says
whether to answer, offer choices, admit ignorance, or switch to the help contacts because the
person is in danger. Build a ``QuestionAnswerer`` once at startup and call ``ask``.
"""

from flows.information.qa.answerer import (
    DEFAULT_THRESHOLDS,
    Analysis,
    Answer,
    Hit,
    Kind,
    QuestionAnswerer,
    Thresholds,
    decide,
)
from flows.information.qa.normalize import MONEY_TOKEN, normalize

__all__ = [
    "DEFAULT_THRESHOLDS",
    "MONEY_TOKEN",
    "Analysis",
    "Answer",
    "Hit",
    "Kind",
    "QuestionAnswerer",
    "Thresholds",
    "decide",
    "normalize",
]
