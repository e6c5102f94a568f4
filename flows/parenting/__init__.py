"""Community parenting: families abroad follow their children's care at home, and nobody else.

Exports on purpose: ``CAPABILITY``; the effects, the reads (``ParentingQueries`` and its rows,
``RELATIONS``, ``LINK_STATUSES``) and the templates (for this capability's storage module); the
monthly summary's words (``monthly_text``) and ``Templates`` for the background job.
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.i18n import N_
from flows.parenting import children, desk, link
from flows.parenting.effects import (
    ChildLinkCodeCreated,
    ChildLinkCodeRevoked,
    ChildLinked,
    ChildPhotosShown,
    ChildRegistered,
    ChildRemoved,
    ChildRestrictionLifted,
    ChildRestrictionRecorded,
    ChildUnlinked,
    ChildUpdatePosted,
    FacilitatorAnswered,
    LinkConfirmed,
    LinkDecidedAtDesk,
    ParentingAnnounced,
    ParentingOptedIn,
    ParentWrote,
    PhotoConsentGiven,
    VideoCallDecided,
    VideoCallRequested,
    VillageConfirmationSet,
)
from flows.parenting.notices import monthly_text
from flows.parenting.ports import (
    LINK_STATUSES,
    RELATIONS,
    CallRow,
    ChildRow,
    CodeRow,
    LinkRow,
    MessageRow,
    OpenCodeRow,
    ParentingQueries,
    RestrictionRow,
    UpdateRow,
    WaitingRow,
    parenting_queries,
)
from flows.parenting.templates import Templates, load_templates

__all__ = [
    "CAPABILITY",
    "LINK_STATUSES",
    "RELATIONS",
    "CallRow",
    "ChildLinkCodeCreated",
    "ChildLinkCodeRevoked",
    "ChildLinked",
    "ChildPhotosShown",
    "ChildRegistered",
    "ChildRemoved",
    "ChildRestrictionLifted",
    "ChildRestrictionRecorded",
    "ChildRow",
    "ChildUnlinked",
    "ChildUpdatePosted",
    "CodeRow",
    "FacilitatorAnswered",
    "LinkConfirmed",
    "LinkDecidedAtDesk",
    "LinkRow",
    "MessageRow",
    "OpenCodeRow",
    "ParentWrote",
    "ParentingAnnounced",
    "ParentingOptedIn",
    "ParentingQueries",
    "PhotoConsentGiven",
    "RestrictionRow",
    "Templates",
    "UpdateRow",
    "VideoCallDecided",
    "VideoCallRequested",
    "VillageConfirmationSet",
    "WaitingRow",
    "load_templates",
    "monthly_text",
    "parenting_queries",
]

CAPABILITY = Capability(
    name="parenting",
    modules=(children, link, desk),
    commands={"anak": "children:list", "pengasuhan": "nurture:home", "parenting": "nurture:home"},
    deep_links={"anak": "childlink:accept"},
    menu_commands=(("anak", N_("My children: news from the village parenting group")),),
    load_content=load_templates,
)
