"""The audit log: ``record`` adds one event in the caller's transaction, ``search`` reads them
back for an administrator, ``as_csv`` exports them, and ``purge`` removes those past their
retention period (``AUDIT_RETENTION_DAYS``, one year by default; run by ``make purge``).

The table is append-only: a database trigger refuses every update, and nothing but ``purge``
deletes. An event never holds a message's text: ``details`` takes only short facts (a status,
a count, a code), and ``record`` refuses anything longer or under a key that names a text.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.db.models import AuditEventRow

STAFF, RESIDENT, SYSTEM, UNKNOWN = "staff", "resident", "system", "unknown"
ACTOR_KINDS = (STAFF, RESIDENT, SYSTEM, UNKNOWN)
OK, REFUSED, FAILED = "ok", "refused", "failed"
RESULTS = (OK, REFUSED, FAILED)
MAX_DETAIL_CHARS = 64
MAX_SEARCH_ROWS = 1000
_TEXT_KEYS = frozenset({"text", "message", "summary", "note", "body", "password", "code"})
_FIELD_LIMITS = {"actor": 100, "action": 40, "object_type": 40, "object_id": 100, "origin": 64}
Detail = Union[str, int, float, bool, None]


class AuditError(ValueError):
    """An event the log refuses to hold (it could carry a text); a programming error."""


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor_kind: str
    actor: str
    action: str
    object_type: Optional[str]
    object_id: Optional[str]
    result: str
    origin: Optional[str]
    details: Dict[str, Detail]


def record(session: Session, actor_kind: str, actor: str, action: str, *, object_type: Optional[str] = None,
           object_id: Optional[Any] = None, result: str = OK, origin: Optional[str] = None,
           details: Optional[Mapping[str, Detail]] = None, at: Optional[datetime] = None,
           unless_within: Optional[timedelta] = None) -> None:
    """Adds one event to the caller's transaction (so it commits, or not, with what it records).

    ``unless_within`` is for reads that a page repeats by itself (a transcript polled every two
    seconds): the event is left out when the same actor had the same result of the same action
    on the same object from the same address within that time."""
    if actor_kind not in ACTOR_KINDS or result not in RESULTS:
        raise AuditError(f"unknown actor kind {actor_kind!r} or result {result!r}")
    at = at or utcnow()
    object_key = None if object_id is None else str(object_id)[:_FIELD_LIMITS["object_id"]]
    if unless_within is not None and _recorded_since(session, at - unless_within, actor[:100], action, object_type,
                                                     object_key, result, origin):
        return
    row = AuditEventRow(at=at, actor_kind=actor_kind, actor=_cut(actor, "actor") or "?",
                        action=_cut(action, "action"), object_type=_cut(object_type, "object_type"),
                        object_id=_cut(None if object_id is None else str(object_id), "object_id"),
                        result=result, origin=_cut(origin, "origin"),
                        details=json.dumps(_checked(details), sort_keys=True) if details else None)
    session.add(row)


def search(session: Session, *, actor: Optional[str] = None, action: Optional[str] = None,
           object_type: Optional[str] = None, object_id: Optional[str] = None, result: Optional[str] = None,
           since: Optional[datetime] = None, until: Optional[datetime] = None,
           limit: int = 200) -> List[AuditEvent]:
    """The events that match every given filter, newest first, at most ``limit``."""
    query = select(AuditEventRow)
    for column, wanted in ((AuditEventRow.actor, actor), (AuditEventRow.action, action),
                           (AuditEventRow.object_type, object_type), (AuditEventRow.object_id, object_id),
                           (AuditEventRow.result, result)):
        if wanted:
            query = query.where(column == wanted)
    if since is not None:
        query = query.where(AuditEventRow.at >= since)
    if until is not None:
        query = query.where(AuditEventRow.at < until)
    query = query.order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc()).limit(max(1, min(limit, MAX_SEARCH_ROWS)))
    return [_event(row) for row in session.execute(query).scalars()]


CSV_COLUMNS = ("id", "at", "actor_kind", "actor", "action", "object_type", "object_id", "result", "origin",
               "details")


def as_csv(events: Iterable[AuditEvent]) -> str:
    """The events as CSV (UTF-8, a header row); cells that a spreadsheet would run as a formula
    start with a quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow([_cell(value) for value in (
            event.id, event.at.isoformat(timespec="seconds") + "Z", event.actor_kind, event.actor, event.action,
            event.object_type or "", event.object_id or "", event.result, event.origin or "",
            json.dumps(event.details, sort_keys=True) if event.details else "")])
    return out.getvalue()


def purge(session: Session, cutoff: datetime) -> int:
    """Deletes the events from before ``cutoff``; the number deleted."""
    return session.execute(delete(AuditEventRow).where(AuditEventRow.at < cutoff)).rowcount or 0


def _recorded_since(session: Session, since: datetime, actor: str, action: str, object_type: Optional[str],
                    object_id: Optional[str], result: str, origin: Optional[str]) -> bool:
    query = select(AuditEventRow.id).where(
        AuditEventRow.at >= since, AuditEventRow.actor == actor, AuditEventRow.action == action,
        AuditEventRow.result == result,
        AuditEventRow.object_type.is_(None) if object_type is None else AuditEventRow.object_type == object_type,
        AuditEventRow.object_id.is_(None) if object_id is None else AuditEventRow.object_id == object_id,
        AuditEventRow.origin.is_(None) if origin is None else AuditEventRow.origin == origin[:64])
    return session.execute(query.limit(1)).first() is not None


def _checked(details: Optional[Mapping[str, Detail]]) -> Dict[str, Detail]:
    checked: Dict[str, Detail] = {}
    for key, value in (details or {}).items():
        if key in _TEXT_KEYS:
            raise AuditError(f"the audit log never holds a {key}")
        if isinstance(value, str) and len(value) > MAX_DETAIL_CHARS:
            raise AuditError(f"detail {key!r} is longer than {MAX_DETAIL_CHARS} characters")
        if not isinstance(value, (str, int, float, bool, type(None))):
            raise AuditError(f"detail {key!r} is not a plain value")
        checked[key] = value
    return checked


def _cut(value: Optional[str], field: str) -> Optional[str]:
    return None if value is None else value[:_FIELD_LIMITS[field]]


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(id=row.id, at=row.at, actor_kind=row.actor_kind, actor=row.actor, action=row.action,
                      object_type=row.object_type, object_id=row.object_id, result=row.result, origin=row.origin,
                      details=json.loads(row.details) if row.details else {})
