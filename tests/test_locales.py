"""Catalogs: complete in Indonesian, no fuzzy entries, same placeholders, in sync with code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from flows.engine.i18n import load_catalogs, resolve_locale

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _catalog(locale: str) -> Catalog:
    with (LOCALES / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def _ids(catalog: Catalog) -> set[str]:
    return {str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_every_message_has_an_indonesian_translation_and_none_is_fuzzy() -> None:
    catalog = _catalog("id")
    missing = [
        m.id
        for m in catalog
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("locale", ["id", "en"])
def test_translations_keep_the_same_placeholders(locale: str) -> None:
    wrong = []
    for message in _catalog(locale):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set(PLACEHOLDER.findall(ids[0]))
        wrong += [ids[0] for s in strings if s and set(PLACEHOLDER.findall(s)) != expected]
    assert wrong == []


def test_catalogs_hold_every_string_the_code_marks(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(LOCALES / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    with pot.open("rb") as fh:
        in_code = _ids(read_po(fh))
    assert in_code - _ids(_catalog("id")) == set(), (
        "run `make locales` and translate the new strings"
    )
    assert in_code - _ids(_catalog("en")) == set(), "run `make locales`"


def test_compiled_catalogs_translate_and_fall_back() -> None:
    catalogs = load_catalogs()
    assert catalogs.locales[0] == "id"
    assert catalogs.get("id").gettext("Main menu") == "Menu utama"
    assert catalogs.get("en").gettext("Main menu") == "Main menu"
    assert catalogs.get("xx").gettext("Main menu") == "Main menu"


@pytest.mark.parametrize(
    ("chosen", "app_language", "expected"),
    [
        ("en", "id", "en"),
        (None, "en-US", "en"),
        (None, "in", "id"),
        (None, "fr", "id"),
        ("zz", None, "id"),
    ],
)
def test_locale_is_the_choice_then_the_app_language_then_indonesian(
    chosen: str | None, app_language: str | None, expected: str
) -> None:
    assert resolve_locale(chosen, app_language, ("id", "en"), "id") == expected
