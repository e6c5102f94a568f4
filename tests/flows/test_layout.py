"""The layout rule: one package per capability, and capabilities meet only through exports.

A capability package (``flows/<name>/``) may import the engine, its own modules, and from
another capability package only the names that package exports on purpose (listed here; each
package's docstring says why). The engine imports no capability. Storage modules reach a
capability through the same exports. Breaking the rule is how five capabilities would end up
editing each other's files.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
CAPABILITIES = sorted(
    p.name for p in FLOWS.iterdir() if p.is_dir() and (p / "__init__.py").is_file()
)
CAPABILITIES.remove("engine")

#: What each capability exports on purpose to the others.
EXPORTS: dict[str, set[str]] = {
    "checklists": {
        "CAPABILITY",
        "CHECKLIST_STATUSES",
        "EXPIRY_WARNINGS",
        "ITEM_STATUSES",
        "READY_STATUSES",
        "REMIND_AFTER",
        "RETURN_REASONS",
        "WARNED_ROLES",
        "ChecklistClosed",
        "ChecklistContent",
        "ChecklistExpirySet",
        "ChecklistFileRequested",
        "ChecklistFileSent",
        "ChecklistFileWithdrawn",
        "ChecklistItemMarked",
        "ChecklistItemReturned",
        "ChecklistItemVerified",
        "ChecklistPersonViewed",
        "ChecklistQueries",
        "ChecklistRemindersSet",
        "ChecklistRow",
        "ChecklistStarted",
        "DocumentFile",
        "ExpiryWarning",
        "FileRow",
        "HistoryRow",
        "ItemDetail",
        "ItemRow",
        "PersonRow",
        "QueueRow",
        "checklist_queries",
        "expiry_text",
        "load_checklists",
        "reminder_text",
    },
    "jobs": {
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
    },
    "households": {
        "ABROAD_SECTORS",
        "BUSINESS_SECTORS",
        "BUSINESS_STATUSES",
        "CAPABILITY",
        "CHOICE_LABELS",
        "CORRECTION_STATUSES",
        "CodeRow",
        "CorrectionRow",
        "DOCUMENTED",
        "FIELDS",
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
        "RECORD_KINDS",
        "RELATIONS",
        "RecordRow",
        "as_text",
        "clean_fields",
        "household_queries",
    },
    "parenting": {
        "CAPABILITY",
        "CallRow",
        "ChildLinkCodeRevoked",
        "ChildPhotosShown",
        "ChildRestrictionLifted",
        "LinkDecidedAtDesk",
        "OpenCodeRow",
        "RestrictionRow",
        "WaitingRow",
        "ChildLinkCodeCreated",
        "ChildLinked",
        "ChildRegistered",
        "ChildRemoved",
        "ChildRestrictionRecorded",
        "ChildRow",
        "ChildUnlinked",
        "ChildUpdatePosted",
        "CodeRow",
        "FacilitatorAnswered",
        "LINK_STATUSES",
        "LinkConfirmed",
        "LinkRow",
        "MessageRow",
        "ParentWrote",
        "ParentingAnnounced",
        "ParentingOptedIn",
        "ParentingQueries",
        "PhotoConsentGiven",
        "RELATIONS",
        "Templates",
        "UpdateRow",
        "VideoCallDecided",
        "VideoCallRequested",
        "VillageConfirmationSet",
        "load_templates",
        "monthly_text",
        "parenting_queries",
    },
    "complaints": {
        "CAPABILITY",
        "DRAFT_KEPT_FOR",
        "DRAFT_REMIND_AFTER",
        "ESCALATE_AGAIN_AFTER",
        "ESCALATION_ROLES",
        "OPEN_STATUSES",
        "STATUSES",
        "CaseEvidence",
        "CaseMessage",
        "CaseRow",
        "ComplaintAdded",
        "ComplaintDraftDiscarded",
        "ComplaintDraftSaved",
        "ComplaintQueries",
        "ComplaintSubmitted",
        "ComplaintWithdrawn",
        "Escalation",
        "EvidenceRequested",
        "OfficerAnswered",
        "OfficerChangedStatus",
        "OfficerTookCase",
        "complaint_queries",
        "draft_reminder_text",
        "escalation_text",
        "recipient_locale",
    },
    "announcements": {
        "CAPABILITY",
        "AnnouncementCancelled",
        "AnnouncementCreated",
        "AnnouncementQueries",
        "AnnouncementRow",
        "Reach",
        "is_valid",
    },
    "welcome": {
        "CAPABILITY",
        "SITUATIONS",
        "AnnouncementsMuted",
        "Place",
        "Region",
        "SituationChosen",
        "TimezoneChosen",
        "WelcomeQueries",
        "rank_places",
    },
    "information": {
        "CAPABILITY",
        "answer_question",
        "VillageTopicAdded",
        "VillageTopicWithdrawn",
        "InformationQueries",
        "information_queries",
        "emergency_help",
        "sounds_like_danger",
        "QuestionCount",
        "QuestionUnanswered",
        "TopicViewed",
        "VillageTopicRow",
    },
    "office": {
        "CAPABILITY",
        "FORMATS",
        "OFFERED",
        "ExportKind",
        "ExportRequested",
        "export_failed_text",
        "export_kind",
        "export_ready_text",
        "export_refused_text",
        "offered_to",
        "LINK_VALID",
        "VIEW_PERMISSIONS",
        "WebSignInIssued",
        "token_hash",
        "view_permission",
    },
    "officers": {
        "CAPABILITY",
        "access",
        "acting_role",
        "by_officer",
        "village_data",
        "OfficerFields",
        "AuditRow",
        "InviteAccepted",
        "InviteCreated",
        "InviteRevoked",
        "InviteRow",
        "OfficerRemoved",
        "OfficerRoleChanged",
        "TeamMember",
        "OfficerActed",
        "OfficerQueries",
        "OfficerRole",
        "officer_queries",
    },
}


def _imports(path: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(module, imported names) for every absolute import in a file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, tuple(alias.name for alias in node.names)


def _violations(path: Path, own: str | None) -> list[str]:
    problems = []
    for module, names in _imports(path):
        parts = module.split(".")
        if parts[0] != "flows" or len(parts) == 1:
            continue
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}: {module}"
        if parts[1] == "registry":
            problems.append(f"{where} (only the composition root uses the registry)")
        elif parts[1] == "engine" or parts[1] == own:
            continue
        elif len(parts) > 2:
            problems.append(f"{where} (reach into another capability's module)")
        else:
            hidden = set(names) - EXPORTS.get(parts[1], set())
            if hidden:
                problems.append(f"{where} imports {sorted(hidden)}, not exported on purpose")
    return problems


def test_every_capability_is_listed_with_its_exports() -> None:
    assert set(CAPABILITIES) == set(EXPORTS)


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_a_capability_imports_others_only_through_their_exports(capability: str) -> None:
    problems = [
        problem
        for path in (FLOWS / capability).rglob("*.py")
        for problem in _violations(path, capability)
    ]
    assert problems == []


def test_exports_are_really_exported() -> None:
    import importlib

    for name, exported in EXPORTS.items():
        package = importlib.import_module(f"flows.{name}")
        assert exported <= set(package.__all__), name


def test_the_engine_knows_no_capability() -> None:
    problems = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (FLOWS / "engine").rglob("*.py")
        for module, _ in _imports(path)
        if module.startswith("flows.") and not module.startswith("flows.engine")
    ]
    assert problems == []


def test_storage_reaches_capabilities_only_through_their_exports() -> None:
    problems = [
        problem for path in (ROOT / "storage").rglob("*.py") for problem in _violations(path, None)
    ]
    assert problems == []


def test_the_rule_catches_a_reach_into_another_capability(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from flows.information.questions import scrub\n"
        "from flows.officers import PERMISSIONS\n"
        "from flows.officers import access\n",
        encoding="utf-8",
    )
    problems = _violations(bad, "welcome")
    assert len(problems) == 2 and "questions" in problems[0] and "PERMISSIONS" in problems[1]
