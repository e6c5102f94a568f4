"""Writing an export as CSV or XLSX, row by row, with Indonesian column headers.

XLSX is written with openpyxl's write-only mode (rows go to disk as they come, never a whole
sheet in memory), with real types (dates as dates, numbers as numbers) and a frozen header
row, because the office opens these files in a spreadsheet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

__all__ = ["HEADERS", "write_export"]

#: Column → its Indonesian header (a column not listed keeps its own name).
HEADERS = {
    "village_code": "Kode desa",
    "village_name": "Nama desa",
    "residents": "Warga terdaftar",
    "unreachable": "Tidak bisa dihubungi",
    "last_message_at": "Pesan terakhir",
    "locale": "Bahasa",
    "example_question": "Contoh pertanyaan",
    "times_asked": "Berapa kali ditanyakan",
    "last_asked_at": "Terakhir ditanyakan",
    "topic_id": "Topik",
    "day": "Tanggal",
    "views": "Dibuka",
    "reference": "Nomor laporan",
    "category": "Kategori",
    "status": "Status",
    "urgent": "Mendesak",
    "created_at": "Diterima",
    "due_at": "Batas jawaban",
    "age_days": "Umur (hari)",
    "overdue": "Lewat batas",
    "escalation_level": "Tingkat eskalasi",
    "taken": "Sudah ditangani",
    "month": "Bulan",
    "complaints": "Laporan",
    "responded": "Dijawab",
    "responded_in_time": "Dijawab tepat waktu",
    "avg_hours_to_first_response": "Rata-rata jam sampai jawaban pertama",
    "resolved": "Selesai",
    "avg_hours_to_resolution": "Rata-rata jam sampai selesai",
    # checklists
    "checklists": "Daftar dokumen",
    "active_checklists": "Daftar aktif",
    "kept_for_relatives": "Untuk kerabat",
    "items": "Dokumen",
    "items_ready": "Dokumen siap",
    "items_verified": "Dokumen diperiksa",
    "items_waiting": "Menunggu diperiksa",
    "items_returned": "Dikembalikan",
    "item": "Dokumen",
    "missing": "Belum ada",
    "ready": "Siap",
    "verified": "Diperiksa",
    "returned": "Dikembalikan",
    # job board
    "notice_reference": "Nomor lowongan",
    "job_title": "Pekerjaan",
    "country": "Negara",
    "sector": "Sektor",
    "openings": "Lowongan",
    "notices": "Lowongan diumumkan",
    "still_open": "Masih dibuka",
    "subscribers_told": "Pelanggan diberi tahu",
    "interests": "Minat",
    "interested": "Tertarik",
    "withdrawn": "Dibatalkan",
    # announcements
    "announcement_id": "Nomor pengumuman",
    "send_at": "Waktu kirim",
    "recipients": "Penerima",
    "queued": "Dalam antrean",
    "sent": "Terkirim",
    "failed": "Gagal",
    "blocked": "Memblokir bot",
    "cancelled": "Dibatalkan",
    # parenting
    "children": "Anak",
    "with_photo_consent": "Setuju foto",
    "followed_by_a_parent": "Diikuti orang tua",
    "topic": "Topik",
    "updates": "Kabar",
    "kind": "Jenis",
    "messages": "Pesan",
    # resident list (personal data)
    "resident_id": "Nomor warga",
    "first_name": "Nama depan",
    "situation": "Situasi",
    "registered_at": "Terdaftar",
    "province_code": "Kode provinsi",
    "regency_code": "Kode kabupaten/kota",
    "district_code": "Kode kecamatan",
    "households": "Rumah tangga",
    "workers_abroad": "PMI di luar negeri",
    "documented_workers": "PMI prosedural",
    "undocumented_workers": "PMI non-prosedural",
    "returned_workers": "PMI purna",
    "businesses": "Usaha produktif",
    "running_businesses": "Usaha berjalan",
    "cooperative_members": "Anggota koperasi",
    "trained_people": "Peserta pelatihan",
    "workers": "Jumlah PMI",
    "household_id": "ID rumah tangga",
    "household_key": "Kunci keluarga",
    "head_name": "Kepala keluarga",
    "dusun": "Dusun",
    "rt": "RT",
    "rw": "RW",
    "address": "Alamat",
    "trainings": "Pelatihan",
    "linked_to_resident": "Terhubung ke akun warga",
    "updated_at": "Diperbarui",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")


def _typed(value: Any) -> Any:
    """Dates and times as such (SQLite gives text); timezone dropped for the spreadsheet."""
    if isinstance(value, str):
        if _DATE.match(value):
            return date.fromisoformat(value)
        if _TIME.match(value):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


async def write_export(
    batches: AsyncIterator[tuple[Sequence[str], Sequence[Sequence[Any]]]],
    path: Path,
    fmt: str,
) -> int:
    """Write the batches to ``path`` as ``fmt`` (csv or xlsx); returns how many rows."""
    if fmt == "csv":
        return await _csv(batches, path)
    if fmt == "xlsx":
        return await _xlsx(batches, path)
    raise ValueError(f"unknown format {fmt!r}: csv or xlsx")


async def _csv(
    batches: AsyncIterator[tuple[Sequence[str], Sequence[Sequence[Any]]]], path: Path
) -> int:
    count = 0
    header_written = False
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel reads UTF-8
        writer = csv.writer(handle)
        async for columns, rows in batches:
            if not header_written:
                writer.writerow([HEADERS.get(c, c) for c in columns])
                header_written = True
            writer.writerows(rows)
            count += len(rows)
    return count


async def _xlsx(
    batches: AsyncIterator[tuple[Sequence[str], Sequence[Sequence[Any]]]], path: Path
) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.freeze_panes = "A2"
    count = 0
    header_written = False
    async for columns, rows in batches:
        if not header_written:
            bold = []
            for column in columns:
                cell = WriteOnlyCell(sheet, value=HEADERS.get(column, column))
                cell.font = Font(bold=True)
                bold.append(cell)
            sheet.append(bold)
            header_written = True
        for row in rows:
            sheet.append([_typed(v) for v in row])
        count += len(rows)
    book.save(path)
    return count
