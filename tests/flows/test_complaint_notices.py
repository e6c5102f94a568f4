"""The complaint jobs' notices, rendered in each recipient's language (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.complaints import Escalation, draft_reminder_text, escalation_text, recipient_locale
from flows.complaints.jobs import category_labels, format_due
from flows.engine.i18n import load_catalogs

CATALOGS = load_catalogs()
CASE = Escalation(
    1, "ADU-3301-7KQ2MX", "violence", "Desa Kenanga", "Asia/Jayapura",
    datetime(2026, 12, 1, 5, 0, tzinfo=UTC), 1,
)  # fmt: skip


def test_every_category_has_a_label_in_both_languages() -> None:
    labels = category_labels()
    assert set(labels) >= {"violence", "wages", "documents", "missing", "other"}
    assert all(set(names) == {"id", "en"} for names in labels.values())


def test_the_deadline_is_shown_in_the_village_s_own_zone() -> None:
    at = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    assert format_due(at, "Asia/Jakarta") == "2026-12-01 12:00 WIB"
    assert format_due(at, "Asia/Makassar") == "2026-12-01 13:00 WITA"
    assert format_due(at, "Not/AZone") == "2026-12-01 12:00 WIB"


def test_an_escalation_reads_well_in_indonesian_and_english() -> None:
    assert escalation_text(CATALOGS, "id", CASE) == (
        "Laporan ADU-3301-7KQ2MX (Kekerasan / pelecehan) di Desa Kenanga sudah melewati batas "
        "waktunya (2026-12-01 14:00 WIT). Mohon segera ditangani lewat menu petugas (/petugas)."
    )
    assert escalation_text(CATALOGS, "en", CASE).startswith(
        "Report ADU-3301-7KQ2MX (Violence or abuse) in Desa Kenanga has waited past its deadline"
    )


def test_the_recipient_s_language_is_their_choice_then_their_app_s_then_indonesian() -> None:
    assert recipient_locale(CATALOGS, "en", "id") == "en"
    assert recipient_locale(CATALOGS, None, "en-US") == "en"
    assert recipient_locale(CATALOGS, None, "fr") == "id"
    assert draft_reminder_text(CATALOGS, "id").startswith("Anda sudah mulai menulis laporan")
