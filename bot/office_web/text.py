"""Words of the office web page that come from Python rather than a template.

Template words are extracted from the templates themselves (``locales/babel.cfg``); these are
the names of the office views and of the dashboard's figures, shown in several places.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.i18n import N_

__all__ = ["SITUATIONS", "VIEW_TITLES", "column_title"]

#: Each export (``storage.exports.EXPORTS`` key) → its title on the page.
VIEW_TITLES: Mapping[str, str] = {
    "residents": N_("Registered residents"),
    "residents-by-situation": N_("Residents by situation"),
    "registry-summary": N_("Migrant families: summary"),
    "workers-abroad": N_("Migrant families: workers abroad by country"),
    "businesses": N_("Migrant families: businesses by sector"),
    "unanswered-questions": N_("Questions the bot could not answer"),
    "topic-views": N_("Topics read per day"),
    "open-complaints": N_("Open complaints"),
    "complaints-per-month": N_("Complaints per month"),
    "complaint-response-times": N_("Complaint response times"),
    "checklist-progress": N_("Document checklists: progress"),
    "checklist-documents": N_("Document checklists: per document"),
    "job-notices-per-month": N_("Job notices per month"),
    "job-interests": N_("Job notices: interest per notice"),
    "announcement-reach": N_("Announcements: reach"),
    "parenting-children": N_("Parenting: children"),
    "parenting-updates-per-month": N_("Parenting: updates per month"),
    "parenting-messages-per-month": N_("Parenting: messages to parents"),
    "resident-list": N_("Resident list (personal data)"),
}

#: What residents told the bot about themselves.
SITUATIONS: Mapping[str, str] = {
    "prospective": N_("Wants to work abroad"),
    "family": N_("Family of a worker abroad"),
    "abroad": N_("Works abroad now"),
    "returned": N_("Came back home"),
    "unknown": N_("Not told"),
}


def column_title(column: str, locale: str, headers: Mapping[str, str]) -> str:
    """A column's heading: the export's Indonesian heading, or the plain name in English."""
    if locale == "id":
        return headers.get(column, column)
    return column.replace("_", " ").capitalize()
