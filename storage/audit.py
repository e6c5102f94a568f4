"""Writing the audit log: one place builds every audit row, for officers and administrators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import AuditEntry, table_of, utcnow, village_id_of

__all__ = ["audit_officer", "write_audit"]

audit = table_of(AuditEntry)


async def write_audit(
    conn: AsyncConnection,
    *,
    actor_type: str,
    actor_id: str,
    village_id: Any,
    action: str,
    subject: tuple[str, str] = ("", ""),
    detail: dict[str, object] | None = None,
) -> None:
    """Record one action in the caller's transaction (``village_id``: an id or a subquery)."""
    await conn.execute(
        insert(audit).values(
            at=utcnow(),
            actor_type=actor_type,
            actor_id=actor_id,
            village_id=village_id,
            action=action,
            subject_type=subject[0],
            subject_id=subject[1],
            detail=detail or {},
        )
    )


async def audit_officer(
    conn: AsyncConnection,
    officer: str,
    village_code: str,
    action: str,
    subject: tuple[str, str] = ("", ""),
    detail: dict[str, object] | None = None,
) -> None:
    """Record an officer's action in a village, named by its code."""
    await write_audit(
        conn,
        actor_type="officer",
        actor_id=officer,
        village_id=village_id_of(village_code),
        action=action,
        subject=subject,
        detail=detail,
    )
