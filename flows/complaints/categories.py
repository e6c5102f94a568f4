"""The kinds of problems people report, with their deadlines, as content.

Outreach staff can rename a category or change its deadline without a release; the bot
refuses to start on a malformed file, naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, content_root, read_toml, require_str

__all__ = ["CONTENT_ROOT", "Categories", "Category", "load_categories"]

CONTENT_ROOT: Traversable = content_root("flows.complaints")


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of problem: its labels per language, urgency and target time to answer."""

    id: str
    urgent: bool
    due: timedelta
    labels: dict[str, str]

    def label(self, locale: str) -> str:
        """The category's name in ``locale`` (Indonesian when there is none)."""
        return self.labels.get(locale) or self.labels["id"]


@dataclass(frozen=True, slots=True)
class Categories:
    """All categories, in the order the bot lists them."""

    items: tuple[Category, ...]

    def get(self, category_id: str) -> Category | None:
        """The category with that id, if it exists."""
        return next((c for c in self.items if c.id == category_id), None)


def load_categories(root: Traversable = CONTENT_ROOT) -> Categories:
    """Read ``categories.toml``."""
    file = root / "categories.toml"
    data = read_toml(file, schema=1)
    rows = data.get("category")
    if not isinstance(rows, list) or not rows:
        raise ContentError(file.name, "category", "must be a non-empty array of tables")
    items = []
    for index, row in enumerate(rows):
        where = f"category[{index}]."
        if not isinstance(row, dict):
            raise ContentError(file.name, where.rstrip("."), "must be a table")
        hours = row.get("due_hours")
        if not isinstance(hours, int) or not 1 <= hours <= 24 * 30:
            raise ContentError(file.name, f"{where}due_hours", "must be hours, 1 to 720")
        labels = {
            key.removesuffix("_label"): require_str(row, key, file.name, where=where)
            for key in row
            if key.endswith("_label")
        }
        if "id" not in labels:
            raise ContentError(file.name, f"{where}id_label", "an Indonesian label is required")
        items.append(
            Category(
                id=require_str(row, "id", file.name, where=where),
                urgent=bool(row.get("urgent", False)),
                due=timedelta(hours=hours),
                labels=labels,
            )
        )
    if len({c.id for c in items}) != len(items):
        raise ContentError(file.name, "category", "ids must be unique")
    return Categories(tuple(items))
