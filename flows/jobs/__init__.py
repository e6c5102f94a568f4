"""Job board: verified vacancies from the village desk, subscriptions, and "cek loker".

Officers publish notices (``jobdesk``), residents browse them, say "Saya tertarik" and
subscribe (``jobs``), and anyone can send an offer they received to be checked (``cekloker``):
the bot points out the red flags it sees at once and the desk gives a verdict.

Exports on purpose: ``CAPABILITY``; the effects, reads (``JobQueries``, ``NoticeRow``,
``InterestedRow``, ``OfferRow``) and states for this capability's storage module; the content
loader and the red-flag detector for the benchmark (``load_job_content``, ``red_flags``).
Other capabilities reach the flows only by target name (``cekloker:start``, ``jobs:menu``).
"""

from __future__ import annotations

from flows.engine.capability import Capability
from flows.engine.i18n import N_
from flows.jobs import browse, cekloker, desk
from flows.jobs.content import JobContent, load_job_content
from flows.jobs.effects import (
    InterestedMessaged,
    InterestRegistered,
    InterestWithdrawn,
    NoticeClosed,
    NoticeEdited,
    NoticePublished,
    OfferAnswered,
    OfferSubmitted,
    SubscriptionAdded,
    SubscriptionRemoved,
)
from flows.jobs.ports import (
    APPLY_VIA,
    EMPLOYER_TYPES,
    NOTICE_STATUSES,
    OFFER_STATUSES,
    VERDICTS,
    InterestedRow,
    JobQueries,
    NoticeRow,
    OfferRow,
    job_queries,
)
from flows.jobs.redflags import Finding, red_flags

__all__ = [
    "APPLY_VIA",
    "CAPABILITY",
    "EMPLOYER_TYPES",
    "NOTICE_STATUSES",
    "OFFER_STATUSES",
    "VERDICTS",
    "Finding",
    "InterestRegistered",
    "InterestWithdrawn",
    "InterestedMessaged",
    "InterestedRow",
    "JobContent",
    "JobQueries",
    "NoticeClosed",
    "NoticeEdited",
    "NoticePublished",
    "NoticeRow",
    "OfferAnswered",
    "OfferRow",
    "OfferSubmitted",
    "SubscriptionAdded",
    "SubscriptionRemoved",
    "job_queries",
    "load_job_content",
    "red_flags",
]

CAPABILITY = Capability(
    name="jobs",
    modules=(browse, cekloker, desk),
    commands={
        "loker": "jobs:menu",
        "lowongan": "jobs:menu",
        "jobs": "jobs:menu",
        "cekloker": "cekloker:start",
        "langganan": "jobs:subscriptions",
    },
    deep_links={"job": "jobs:linked"},
    menu_commands=(
        ("loker", N_("Job notices checked by the village desk")),
        ("cekloker", N_("Check a job offer you received")),
    ),
    load_content=load_job_content,
)
