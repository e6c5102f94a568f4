"""The migrant-family registry: each village desk's households, workers abroad and businesses.

Exports on purpose: ``CAPABILITY``; the effects, the reads (``HouseholdQueries`` and its rows)
and the record rules (fixed lists, ``FIELDS``, ``clean_fields``) for this capability's storage
module and the spreadsheet import.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.i18n import N_
from flows.households import desk, link, mine
from flows.households.effects import (
    HouseholdCorrectionAnswered,
    HouseholdCorrectionRequested,
    HouseholdLinkCodeCreated,
    HouseholdLinked,
    HouseholdRecordRemoved,
    HouseholdRecordSaved,
    HouseholdRemoved,
    HouseholdSaved,
)
from flows.households.labels import CHOICE_LABELS
from flows.households.ports import (
    CodeRow,
    CorrectionRow,
    HouseholdQueries,
    HouseholdRow,
    HouseholdSummary,
    RecordRow,
    household_queries,
)
from flows.households.records import (
    ABROAD_SECTORS,
    BUSINESS_SECTORS,
    BUSINESS_STATUSES,
    CORRECTION_STATUSES,
    DOCUMENTED,
    FIELDS,
    RECORD_KINDS,
    RELATIONS,
    FieldError,
    FieldSpec,
    as_text,
    clean_fields,
)

__all__ = [
    "ABROAD_SECTORS",
    "BUSINESS_SECTORS",
    "BUSINESS_STATUSES",
    "CAPABILITY",
    "CHOICE_LABELS",
    "CORRECTION_STATUSES",
    "DOCUMENTED",
    "FIELDS",
    "RECORD_KINDS",
    "RELATIONS",
    "CodeRow",
    "CorrectionRow",
    "FieldError",
    "FieldSpec",
    "HouseholdCorrectionAnswered",
    "HouseholdCorrectionRequested",
    "HouseholdLinkCodeCreated",
    "HouseholdLinked",
    "HouseholdQueries",
    "HouseholdRecordRemoved",
    "HouseholdRecordSaved",
    "HouseholdRemoved",
    "HouseholdRow",
    "HouseholdSaved",
    "HouseholdSummary",
    "RecordRow",
    "as_text",
    "clean_fields",
    "household_queries",
]

CAPABILITY = Capability(
    name="households",
    modules=(desk, mine, link),
    commands={"keluarga": "family:home", "household": "family:home", "registri": "registry:home"},
    deep_links={"kk": "familylink:accept"},
    menu_commands=(("keluarga", N_("My household: what the village registry holds")),),
)
