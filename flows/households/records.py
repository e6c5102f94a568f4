"""What a household's records hold, and how a typed or imported value becomes a stored one.

One set of rules serves the officer's chat, the storage write (which checks again) and the
spreadsheet import, so a value the chat refuses is refused by the import too, for the same
reason. Fixed lists are stored as short English codes (the office reads the raw tables);
people may type a code, its English name or its Indonesian name. Values travel between the
flows and storage as canonical strings (dates as DD-MM-YYYY, months as MM-YYYY, lists as
codes, yes/no as ``yes``/``no``) so an edit can show what is stored and keep it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = [
    "ABROAD_SECTORS",
    "BUSINESS_SECTORS",
    "BUSINESS_STATUSES",
    "CHOICES",
    "CORRECTION_STATUSES",
    "DOCUMENTED",
    "FIELDS",
    "RECORD_KINDS",
    "RELATIONS",
    "FieldError",
    "FieldSpec",
    "as_text",
    "clean_fields",
    "parse_value",
]

#: What a worker abroad does (the programme's reporting categories).
ABROAD_SECTORS = (
    "domestic_care",
    "manufacturing",
    "plantation_agriculture",
    "construction",
    "fishing_crew",
    "services_hospitality",
    "health_care",
    "other",
)
#: What a household's productive business does.
BUSINESS_SECTORS = (
    "food_drink",
    "retail",
    "agriculture",
    "livestock",
    "fishery",
    "crafts",
    "services",
    "other",
)
BUSINESS_STATUSES = ("planned", "running", "paused", "closed")
#: Whether the worker left through the official procedure (placement registered).
DOCUMENTED = ("yes", "no", "unknown")
#: How a worker abroad is related to the household head.
RELATIONS = ("spouse", "child", "parent", "sibling", "in_law", "grandchild", "head", "other")
CORRECTION_STATUSES = ("open", "done", "declined")
#: The records hanging off a household (the household itself is kind ``household``).
RECORD_KINDS = ("abroad", "returned", "business", "training")

FieldType = Literal["text", "number", "date", "month", "choice", "yes_no"]

#: Words people (and spreadsheets) use for each code, besides the code itself.
_ALIASES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "sector_abroad": {
        "domestic_care": (
            "pekerja rumah tangga",
            "prt",
            "perawat",
            "pengasuh",
            "caregiver",
            "domestic work",
            "domestic work/caregiving",
            "art",
        ),
        "manufacturing": ("manufaktur", "pabrik", "factory"),
        "plantation_agriculture": (
            "perkebunan",
            "pertanian",
            "perkebunan/pertanian",
            "plantation",
            "agriculture",
            "ladang",
        ),
        "construction": ("konstruksi", "bangunan"),
        "fishing_crew": (
            "perikanan",
            "abk",
            "awak kapal",
            "nelayan",
            "fishing",
            "ship crew",
            "fishing/ship crew",
        ),
        "services_hospitality": (
            "jasa",
            "perhotelan",
            "restoran",
            "jasa/perhotelan",
            "services",
            "hospitality",
            "services/hospitality",
        ),
        "health_care": ("kesehatan", "perawat kesehatan", "nurse", "health care"),
        "other": ("lainnya", "lain-lain", "lain"),
    },
    "sector_business": {
        "food_drink": (
            "makanan",
            "minuman",
            "makanan & minuman",
            "makanan dan minuman",
            "kuliner",
            "food",
            "food & drink",
            "food and drink",
        ),
        "retail": ("warung", "toko", "dagang", "perdagangan", "warung/toko", "shop", "retail/shop"),
        "agriculture": ("pertanian", "tani"),
        "livestock": ("peternakan", "ternak"),
        "fishery": ("perikanan", "tambak", "ikan"),
        "crafts": ("kerajinan", "craft"),
        "services": ("jasa", "service"),
        "other": ("lainnya", "lain-lain", "lain"),
    },
    "status": {
        "planned": ("rencana", "direncanakan"),
        "running": ("berjalan", "jalan", "aktif", "active"),
        "paused": ("berhenti sementara", "vakum", "istirahat"),
        "closed": ("tutup", "berhenti", "selesai"),
    },
    "documented": {
        "yes": ("ya", "y", "prosedural", "resmi", "documented", "true", "1"),
        "no": ("tidak", "t", "non-prosedural", "tidak resmi", "undocumented", "false", "0"),
        "unknown": ("tidak tahu", "belum tahu", "?", "tidak diketahui", "not known"),
    },
    "relation": {
        "spouse": ("suami", "istri", "pasangan", "husband", "wife", "suami/istri"),
        "child": ("anak",),
        "parent": ("orang tua", "ayah", "ibu", "bapak", "father", "mother"),
        "sibling": ("saudara", "kakak", "adik", "saudara kandung", "brother", "sister"),
        "in_law": ("menantu", "mertua", "ipar", "in-law"),
        "grandchild": ("cucu",),
        "head": ("kepala keluarga", "kepala", "household head"),
        "other": ("lainnya", "famili lain", "lain"),
    },
}

CHOICES: Mapping[str, tuple[str, ...]] = {
    "sector_abroad": ABROAD_SECTORS,
    "sector_business": BUSINESS_SECTORS,
    "status": BUSINESS_STATUSES,
    "documented": DOCUMENTED,
    "relation": RELATIONS,
}
_YES = frozenset({"yes", "ya", "y", "true", "1", "iya", "anggota", "member"})
_NO = frozenset({"no", "tidak", "t", "n", "false", "0", "bukan", ""})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a record: its column, its kind of value, and whether it must be given."""

    key: str
    type: FieldType
    required: bool = True
    choices: str = ""  # the CHOICES list, for type "choice"
    limit: int = 120


#: Each kind's fields, in the order the chat asks them.
FIELDS: Mapping[str, tuple[FieldSpec, ...]] = {
    "household": (
        FieldSpec("head_name", "text"),
        FieldSpec("dusun", "text", required=False, limit=80),
        FieldSpec("rt", "number", required=False),
        FieldSpec("rw", "number", required=False),
        FieldSpec("address", "text", required=False, limit=200),
    ),
    "abroad": (
        FieldSpec("name", "text"),
        FieldSpec("relation", "choice", required=False, choices="relation"),
        FieldSpec("country", "text", limit=60),
        FieldSpec("sector", "choice", choices="sector_abroad"),
        FieldSpec("since", "month", required=False),
        FieldSpec("agency", "text", required=False),
        FieldSpec("documented", "choice", required=False, choices="documented"),
    ),
    "returned": (
        FieldSpec("name", "text"),
        FieldSpec("returned_on", "date"),
        FieldSpec("country", "text", limit=60),
        FieldSpec("skills", "text", required=False, limit=500),
    ),
    "business": (
        FieldSpec("name", "text"),
        FieldSpec("sector", "choice", choices="sector_business"),
        FieldSpec("started_on", "date", required=False),
        FieldSpec("status", "choice", choices="status"),
        FieldSpec("cooperative_member", "yes_no", required=False),
    ),
    "training": (
        FieldSpec("training_name", "text", limit=160),
        FieldSpec("held_on", "date"),
        FieldSpec("participant_name", "text"),
    ),
}
#: What an optional field holds when left empty.
_EMPTY: Mapping[str, object] = {
    "text": "",
    "number": None,
    "date": None,
    "month": None,
    "yes_no": False,
}
_DEFAULT_CHOICE = {"relation": "other", "documented": "unknown"}


class FieldError(ValueError):
    """A value that cannot be stored: ``problem`` names why (for a reply or an import report)."""

    def __init__(self, key: str, problem: str, value: str = "") -> None:
        super().__init__(f"{key}: {problem}" + (f" ({value!r})" if value else ""))
        self.key = key
        self.problem = problem
        self.value = value


def _plain(value: object) -> str:
    return " ".join(str(value).split()).strip() if value is not None else ""


def _parse_date(key: str, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _plain(value)
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            found = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if 1950 <= found.year <= 2100:
            return found
    raise FieldError(key, "bad date", text)


def _parse_month(key: str, value: object) -> date:
    text = _plain(value)
    found = re.fullmatch(r"(\d{1,2})[-/.](\d{4})|(\d{4})[-/.](\d{1,2})", text)
    if found:
        month = int(found.group(1) or found.group(4))
        year = int(found.group(2) or found.group(3))
        if 1 <= month <= 12 and 1950 <= year <= 2100:
            return date(year, month, 1)
        raise FieldError(key, "bad date", text)
    return _parse_date(key, value).replace(day=1)


def _parse_choice(key: str, field: FieldSpec, value: object) -> str:
    typed = _plain(value).casefold().replace("_", " ")
    for code in CHOICES[field.choices]:
        words = {code.replace("_", " "), *_ALIASES[field.choices].get(code, ())}
        if typed in words:
            return code
    problem = {"sector_abroad": "unknown sector", "sector_business": "unknown sector",
               "status": "unknown status", "documented": "unknown documented value",
               "relation": "unknown relation"}[field.choices]  # fmt: skip
    raise FieldError(key, problem, _plain(value))


def parse_value(field: FieldSpec, value: object) -> object:
    """The stored value of one field (``FieldError`` with the reason when it cannot be)."""
    text = _plain(value)
    if not text and not isinstance(value, (date, datetime)):
        if field.required:
            raise FieldError(field.key, "missing")
        if field.type == "choice":
            return _DEFAULT_CHOICE.get(field.choices, "")
        return _EMPTY[field.type]
    if field.type == "text":
        return text[: field.limit]
    if field.type == "number":
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text.isdigit() or not 0 < int(text) < 1000:
            raise FieldError(field.key, "not a number", text)
        return int(text)
    if field.type == "date":
        return _parse_date(field.key, value)
    if field.type == "month":
        return _parse_month(field.key, value)
    if field.type == "yes_no":
        if text.casefold() in _YES:
            return True
        if text.casefold() in _NO:
            return False
        raise FieldError(field.key, "not yes or no", text)
    return _parse_choice(field.key, field, value)


def clean_fields(kind: str, raw: Mapping[str, object]) -> dict[str, object]:
    """Every field of a ``kind`` record, parsed (``FieldError`` on the first bad one)."""
    specs = FIELDS.get(kind)
    if specs is None:
        raise FieldError("kind", "unknown record kind", kind)
    return {spec.key: parse_value(spec, raw.get(spec.key)) for spec in specs}


def as_text(field: FieldSpec, value: object) -> str:
    """A stored value as the chat carries it (the canonical string ``parse_value`` reads)."""
    if value is None:
        return ""
    if field.type == "month" and isinstance(value, date):
        return value.strftime("%m-%Y")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
