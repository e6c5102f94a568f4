"""The checklist content: the base document list and the destination/job templates.

Loaded and validated once at startup from ``content/checklists.toml`` (the file and key of
the first error stop the bot). Each item and template carries its source and grade; only
grade A and B facts may become text a person reads, so a C-graded entry is refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

from flows.engine.content import (
    ContentError,
    content_root,
    read_toml,
    require_date,
    require_list_of_str,
    require_str,
)

__all__ = ["BASE_ITEMS", "ChecklistContent", "DocumentItem", "Template", "load_checklists"]

CONTENT_ROOT: Traversable = content_root("flows.checklists")
FILE = "checklists.toml"
#: The base list every checklist starts from: UU 18/2017 Pasal 13, then the desk's own items.
BASE_ITEMS = (
    "ktp", "kk", "birth_or_diploma", "marital_status", "permission", "competence", "health",
    "passport", "work_visa", "placement_agreement", "employment_agreement", "bpjs",
)  # fmt: skip
GRADES = ("A", "B")


def _text(row: Mapping[str, Any], key: str, file: str, where: str) -> dict[str, str]:
    """``key_id`` (required) and ``key_en`` (optional) as {locale: text}."""
    found = {"id": require_str(row, f"{key}_id", file, where=where)}
    if isinstance(row.get(f"{key}_en"), str) and row[f"{key}_en"].strip():
        found["en"] = row[f"{key}_en"].strip()
    return found


def _pick(texts: Mapping[str, str], locale: str) -> str:
    return texts.get(locale) or texts.get("en") or texts["id"]


@dataclass(frozen=True, slots=True)
class DocumentItem:
    """One document: what it is, where to get it, what to bring, its cost where known."""

    id: str
    group: str
    titles: Mapping[str, str]
    what: Mapping[str, str]
    where: Mapping[str, str]
    bring: Mapping[str, str]
    cost: Mapping[str, str]
    expires: bool
    zero_cost: bool
    source: str
    grade: str

    def title(self, locale: str) -> str:
        """The item's name in ``locale`` (Indonesian when untranslated)."""
        return _pick(self.titles, locale)

    def text(self, field_name: str, locale: str) -> str:
        """One of what/where/bring/cost in ``locale`` ("" when not given)."""
        texts: Mapping[str, str] = getattr(self, field_name)
        return _pick(texts, locale) if texts else ""


@dataclass(frozen=True, slots=True)
class Template:
    """A destination and job: the extra items, and what the facts say about costs there."""

    id: str
    labels: Mapping[str, str]
    extra: tuple[str, ...]
    zero_cost: bool
    worker_pays: tuple[str, ...]
    notes: Mapping[str, str]
    costs: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    source: str = ""
    grade: str = "B"

    def label(self, locale: str) -> str:
        """The template's name in ``locale``."""
        return _pick(self.labels, locale)

    def note(self, locale: str) -> str:
        """The template's note (costs, the official channel) in ``locale``."""
        return _pick(self.notes, locale)

    @property
    def items(self) -> tuple[str, ...]:
        """Every item of a checklist started from this template, in order."""
        return (*BASE_ITEMS, *self.extra)


@dataclass(frozen=True, slots=True)
class ChecklistContent:
    """The loaded file."""

    checked_on: date
    disclaimer: Mapping[str, str]
    items: Mapping[str, DocumentItem]
    templates: Mapping[str, Template]

    def item(self, item_id: str) -> DocumentItem | None:
        """The item with this id, if the content still has it."""
        return self.items.get(item_id)

    def template(self, template_id: str) -> Template | None:
        """The template with this id, if the content still has it."""
        return self.templates.get(template_id)

    def disclaimer_text(self, locale: str) -> str:
        """'Guidance, not complete legal advice', in ``locale``."""
        return _pick(self.disclaimer, locale)

    def cost(self, template: Template | None, item: DocumentItem, locale: str) -> str:
        """What the facts file says this item costs for this destination ("" when nothing)."""
        if template is not None:
            special = template.costs.get(item.id)
            if special:
                return _pick(special, locale)
            if item.id in template.worker_pays:
                return _pick(WORKER_PAYS, locale)
            if template.zero_cost and item.zero_cost:
                return _pick(NOT_CHARGED, locale)
        return item.text("cost", locale)


#: Cost lines that follow from a template's rule (Perban BP2MI 9/2020; Taiwan's exemption).
NOT_CHARGED = {
    "id": "Untuk pekerjaan ini biaya dokumen ini tidak boleh dibebankan kepada Anda "
    "(Perban BP2MI 9/2020). Laporkan bila diminta bayar.",
    "en": "For this job you may not be charged for this document (Perban BP2MI 9/2020). "
    "Report anyone who asks you to pay.",
}
WORKER_PAYS = {
    "id": "Untuk negara ini biasanya dibayar sendiri oleh pekerja; tanyakan biaya resmi ke "
    "kantor yang menerbitkan.",
    "en": "For this country it is usually paid by the worker; ask the issuing office for the "
    "official fee.",
}


def _item(row: Mapping[str, Any], file: str, index: int) -> DocumentItem:
    where = f"items[{index}]."
    grade = require_str(row, "grade", file, where=where)
    if grade not in GRADES:
        raise ContentError(file, f"{where}grade", "only A or B facts may reach a person")
    return DocumentItem(
        id=require_str(row, "id", file, where=where),
        group=require_str(row, "group", file, where=where),
        titles=_text(row, "title", file, where),
        what=_text(row, "what", file, where),
        where=_text(row, "where", file, where),
        bring=_text(row, "bring", file, where),
        cost=_text(row, "cost", file, where) if "cost_id" in row else {},
        expires=bool(row.get("expires", False)),
        zero_cost=bool(row.get("zero_cost", False)),
        source=require_str(row, "source", file, where=where),
        grade=grade,
    )


def _template(
    row: Mapping[str, Any], file: str, index: int, items: Mapping[str, DocumentItem]
) -> Template:
    where = f"templates[{index}]."
    extra = require_list_of_str(row, "extra", file, where=where)
    pays = require_list_of_str(row, "worker_pays", file, where=where)
    for item_id in (*extra, *pays):
        if item_id not in items:
            raise ContentError(file, f"{where}extra", f"unknown item {item_id!r}")
    raw_costs = row.get("costs", {})
    costs: dict[str, dict[str, str]] = {}
    for key, value in raw_costs.items():
        item_id, _, locale = key.rpartition("_")
        if item_id not in items or not isinstance(value, str):
            raise ContentError(file, f"{where}costs.{key}", "must name an item: <item>_id/_en")
        costs.setdefault(item_id, {})[locale] = value
    if require_str(row, "grade", file, where=where) not in GRADES:
        raise ContentError(file, f"{where}grade", "only A or B facts may reach a person")
    return Template(
        id=require_str(row, "id", file, where=where),
        labels=_text(row, "label", file, where),
        extra=extra,
        zero_cost=bool(row.get("zero_cost", False)),
        worker_pays=pays,
        notes=_text(row, "note", file, where),
        costs=costs,
        source=require_str(row, "source", file, where=where),
        grade=str(row["grade"]),
    )


@cache
def load_checklists(root: Traversable = CONTENT_ROOT) -> ChecklistContent:
    """Load and validate the checklist content (raises ``ContentError`` naming file and key)."""
    data = read_toml(root / FILE, schema=1)
    rows = data.get("items")
    if not isinstance(rows, list) or not rows:
        raise ContentError(FILE, "items", "at least one item is required")
    items = {}
    for index, row in enumerate(rows):
        item = _item(row, FILE, index)
        if item.id in items:
            raise ContentError(FILE, f"items[{index}].id", f"{item.id!r} given twice")
        items[item.id] = item
    for base in BASE_ITEMS:
        if base not in items:
            raise ContentError(FILE, "items", f"the base item {base!r} is missing")
    templates = {}
    for index, row in enumerate(data.get("templates", [])):
        template = _template(row, FILE, index, items)
        templates[template.id] = template
    if not templates:
        raise ContentError(FILE, "templates", "at least one template is required")
    return ChecklistContent(
        checked_on=require_date(data, "checked_on", FILE),
        disclaimer=_text(data, "disclaimer", FILE, ""),
        items=items,
        templates=templates,
    )
