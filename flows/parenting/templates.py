"""Templates for common updates about a child, as content (Indonesian and English).

Facilitators can add or reword templates without a release; the bot refuses to start on a
malformed file, naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from flows.engine.content import ContentError, content_root, read_toml, require_str

__all__ = ["CONTENT_ROOT", "Template", "Templates", "load_templates"]

CONTENT_ROOT: Traversable = content_root("flows.parenting")


@dataclass(frozen=True, slots=True)
class Template:
    """One kind of update: its label and starting text per language."""

    id: str
    labels: dict[str, str]
    texts: dict[str, str]

    def label(self, locale: str) -> str:
        """The template's name in ``locale`` (Indonesian when there is none)."""
        return self.labels.get(locale) or self.labels["id"]

    def text(self, locale: str, name: str) -> str:
        """The starting text in ``locale`` with the child's name filled in."""
        return (self.texts.get(locale) or self.texts["id"]).replace("{name}", name)


@dataclass(frozen=True, slots=True)
class Templates:
    """All templates, in the order the bot lists them."""

    items: tuple[Template, ...]

    def get(self, template_id: str) -> Template | None:
        """The template with that id, if it exists."""
        return next((t for t in self.items if t.id == template_id), None)


def load_templates(root: Traversable = CONTENT_ROOT) -> Templates:
    """Read ``templates.toml``."""
    file = root / "templates.toml"
    data = read_toml(file, schema=1)
    rows = data.get("template")
    if not isinstance(rows, list) or not rows:
        raise ContentError(file.name, "template", "must be a non-empty array of tables")
    items = []
    for index, row in enumerate(rows):
        where = f"template[{index}]."
        if not isinstance(row, dict):
            raise ContentError(file.name, where.rstrip("."), "must be a table")
        labels = {
            k.removesuffix("_label"): require_str(row, k, file.name, where=where)
            for k in row
            if k.endswith("_label")
        }
        texts = {
            k.removesuffix("_text"): require_str(row, k, file.name, where=where)
            for k in row
            if k.endswith("_text")
        }
        if "id" not in labels or "id" not in texts:
            raise ContentError(file.name, where + "id_label", "Indonesian label and text required")
        items.append(Template(require_str(row, "id", file.name, where=where), labels, texts))
    if len({t.id for t in items}) != len(items) or len(items) > 7:
        raise ContentError(file.name, "template", "ids must be unique, at most 7 templates")
    return Templates(tuple(items))
