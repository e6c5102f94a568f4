"""Importing a village's registry from a spreadsheet: every row checked, then all or nothing.

One row per record, a ``Jenis data`` column saying which (household, abroad, returned,
business, training) and a ``Kunci keluarga`` column tying a household's rows together. Every
bad row is reported with its row number (the header is row 1, as a spreadsheet numbers them)
and the reason; if any row is bad nothing is written. Values follow the same rules as the
officers' chat (``flows/households/records.py``).

Re-importing: a household whose key already exists in the village is updated from the file
and its records are replaced by the file's rows for it, so importing the same file twice
changes nothing; households the file does not name are left alone. The import runs in one
transaction and is audited (actor: the OS user who ran it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.households import FieldError, clean_fields
from storage.audit import write_audit
from storage.household_models import Household
from storage.household_writes import RECORD_TABLES
from storage.models import Village, table_of, utcnow

__all__ = [
    "COLUMNS",
    "KIND_WORDS",
    "HouseholdImportError",
    "ImportReport",
    "ParsedHousehold",
    "RowError",
    "import_households",
    "parse_rows",
]

households = table_of(Household)
villages = table_of(Village)

#: The template's Indonesian headers → the field each fills (English keys are accepted too).
COLUMNS: Mapping[str, str] = {
    "Jenis data": "record",
    "Kunci keluarga": "key",
    "Nama kepala keluarga": "head_name",
    "Dusun": "dusun",
    "RT": "rt",
    "RW": "rw",
    "Alamat": "address",
    "Nama": "name",
    "Hubungan dengan kepala keluarga": "relation",
    "Negara": "country",
    "Sektor": "sector",
    "Tanggal": "date",
    "Agen (P3MI)": "agency",
    "Berdokumen": "documented",
    "Keterampilan": "skills",
    "Status usaha": "status",
    "Anggota koperasi": "cooperative_member",
    "Nama pelatihan": "training_name",
}
#: Words accepted in ``Jenis data`` for each kind of row.
KIND_WORDS: Mapping[str, tuple[str, ...]] = {
    "household": ("rumah tangga", "keluarga", "household"),
    "abroad": ("pmi", "di luar negeri", "luar negeri", "abroad"),
    "returned": ("purna", "pmi purna", "returned"),
    "business": ("usaha", "business"),
    "training": ("pelatihan", "training"),
}
#: Which column fills which field, per kind (the shared columns ``Nama`` and ``Tanggal``).
_FIELD_OF: Mapping[str, Mapping[str, str]] = {
    "household": {},
    "abroad": {"date": "since"},
    "returned": {"date": "returned_on"},
    "business": {"date": "started_on"},
    "training": {"date": "held_on", "name": "participant_name"},
}
_HEADER_OF = {v: k for k, v in COLUMNS.items()}


class HouseholdImportError(ValueError):
    """An import that cannot run at all (unknown village)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad row: its number as the spreadsheet shows it, and why."""

    row: int
    reason: str


@dataclass
class ParsedHousehold:
    """A household of the file with its records, values already checked."""

    key: str
    row: int
    values: dict[str, object] = field(default_factory=dict)
    records: list[tuple[str, dict[str, object]]] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    created: int = 0
    updated: int = 0
    records: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False


def _norm(text: object) -> str:
    return " ".join(str(text or "").replace("_", " ").split()).casefold()


def _columns(header: Sequence[object]) -> tuple[dict[int, str], list[RowError]]:
    known = {_norm(h): f for h, f in COLUMNS.items()} | {_norm(f): f for f in COLUMNS.values()}
    found: dict[int, str] = {}
    errors = []
    for index, title in enumerate(header):
        if not _norm(title):
            continue
        column = known.get(_norm(title))
        if column is None:
            errors.append(RowError(1, f"unknown column {str(title).strip()!r}"))
        else:
            found[index] = column
    for needed in ("record", "key"):
        if needed not in found.values():
            errors.append(RowError(1, f"missing column {_HEADER_OF[needed]!r}"))
    return found, errors


def _kind(word: object) -> str | None:
    typed = _norm(word)
    return next((k for k, words in KIND_WORDS.items() if typed in words or typed == k), None)


def _reason(kind: str, exc: FieldError, fields: Mapping[str, object]) -> str:
    if kind == "household" and exc.key == "head_name" and exc.problem == "missing":
        return "missing household head"
    column = next((c for c, f in _FIELD_OF[kind].items() if f == exc.key), exc.key)
    header = _HEADER_OF.get(column, column)
    shown = f" ({exc.value!r})" if exc.value else ""
    return f"{header}: {exc.problem}{shown}"


def parse_rows(
    header: Sequence[object], rows: Iterable[Sequence[object]]
) -> tuple[list[ParsedHousehold], list[RowError]]:
    """Check every row; the households (in file order) and every bad row's number and reason."""
    columns, errors = _columns(header)
    if errors:
        return [], errors
    found: dict[str, ParsedHousehold] = {}
    pending: list[tuple[int, str, str, dict[str, object]]] = []
    for number, cells in enumerate(rows, start=2):
        raw = {columns[i]: v for i, v in enumerate(cells) if i in columns}
        if not any(_norm(v) for v in raw.values()):
            continue  # a blank line in the sheet
        kind = _kind(raw.get("record"))
        key = " ".join(str(raw.get("key") or "").split())
        if kind is None:
            errors.append(
                RowError(number, f"unknown Jenis data {str(raw.get('record', '')).strip()!r}")
            )
            continue
        if not key:
            errors.append(RowError(number, "missing Kunci keluarga (household key)"))
            continue
        fields = {_FIELD_OF[kind].get(c, c): v for c, v in raw.items()}
        try:
            values = clean_fields(kind, fields)
        except FieldError as exc:
            errors.append(RowError(number, _reason(kind, exc, fields)))
            continue
        if kind == "household":
            if key in found:
                errors.append(RowError(number, f"household key {key!r} given twice "
                                               f"(first in row {found[key].row})"))  # fmt: skip
                continue
            found[key] = ParsedHousehold(key[:40], number, values)
        else:
            pending.append((number, key, kind, values))
    for number, key, kind, values in pending:
        if key not in found:
            errors.append(RowError(number, f"unknown household key {key!r} (no household row)"))
        else:
            found[key].records.append((kind, values))
    errors.sort(key=lambda e: e.row)
    return list(found.values()), errors


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run's writes."""


async def import_households(
    engine: AsyncEngine,
    village_code: str,
    parsed: Sequence[ParsedHousehold],
    *,
    actor: str,
    dry_run: bool = False,
) -> ImportReport:
    """Write the checked households in one transaction (undone again for a dry run)."""
    report = ImportReport(dry_run=dry_run)
    try:
        async with engine.begin() as conn:
            village = (
                await conn.execute(select(villages.c.id).where(villages.c.code == village_code))
            ).scalar_one_or_none()
            if village is None:
                raise HouseholdImportError(f"no village with code {village_code}")
            now = utcnow()
            for item in parsed:
                await _write(conn, village, item, report, by=f"admin:{actor}"[:64], now=now)
            await write_audit(
                conn, actor_type="admin", actor_id=actor, village_id=village, action="import",
                subject=("import", "households"),
                detail={"created": report.created, "updated": report.updated,
                        "records": report.records},
            )  # fmt: skip
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


async def _write(
    conn: Any, village: int, item: ParsedHousehold, report: ImportReport, *, by: str, now: Any
) -> None:
    existing = (
        await conn.execute(
            select(households.c.id).where(households.c.village_id == village,
                                          households.c.household_key == item.key)
        )
    ).scalar_one_or_none()  # fmt: skip
    if existing is None:
        household = (
            await conn.execute(
                insert(households).values(
                    village_id=village, household_key=item.key, created_at=now, updated_at=now,
                    updated_by=by, **item.values,
                ).returning(households.c.id)
            )
        ).scalar_one()  # fmt: skip
        report.created += 1
    else:
        household = existing
        await conn.execute(
            update(households).where(households.c.id == household)
            .values(updated_at=now, updated_by=by, **item.values)
        )  # fmt: skip
        for table in RECORD_TABLES.values():
            await conn.execute(delete(table).where(table.c.household_id == household))
        report.updated += 1
    for kind, values in item.records:
        await conn.execute(insert(RECORD_TABLES[kind]).values(household_id=household, **values))
        report.records[kind] = report.records.get(kind, 0) + 1
