"""The package a deployer installs (``pip install .``) carries everything it needs to run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PROBE = """
import json, bot, flows, storage, locales
from importlib import resources
files = resources.files
print(json.dumps({
    "modules": [m.__file__ for m in (bot, flows, storage, locales)],
    "topics": sorted(p.name for p in
               (files("flows.information") / "content" / "topics" / "id").iterdir()),
    "catalogs": [(files("locales") / loc / "LC_MESSAGES" / "messages.po").is_file()
                 for loc in ("id", "en")],
    "migrations": sorted(p.name for p in (files("storage") / "migrations" / "versions").iterdir()
                         if p.name.endswith(".py") and p.name[0].isdigit()),
}))
"""


def test_the_installed_package_is_self_contained(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert all("site-packages" in path for path in found["modules"]), (
        "run from the installed package"
    )
    assert found["topics"] == ["abroad.toml", "after.toml", "asked.toml", "before.toml"]
    assert found["catalogs"] == [True, True]
    assert found["migrations"][:3] == [
        "0001_initial_schema.py",
        "0002_unanswered_questions.py",
        "0003_office_views.py",
    ]
