"""Callback requests: when nobody is there to chat, a resident leaves a name and a phone
number, and the KCC calls back in its next phone hours.

Only what the call needs is asked (AVG): a name, a Dutch phone number and, if the resident
wants, a moment that suits them. Never a BSN: a number that looks like one is refused with
that reason and not kept. The KCC side lists the requests and marks one done, once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config.content import get_content, topic_name
from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.core.clock import TIMEZONE, iso_utc
from bot.db.models import CallbackRequestRow, ConversationRow, StaffAccountRow
from bot.forms.fields import clean_moment, clean_name, clean_phone

TOPIC_MAX = 100
NOTE_MAX = 500
STATUSES = ("open", "done")


class CallbackNotFound(Exception):
    """There is no callback request with this id."""


class AlreadyHandled(Exception):
    """The callback request was marked done before; it stays as it was."""


class NotHandled(Exception):
    """The callback request is still open: there is nothing to undo."""


class HandledByOther(Exception):
    """Someone else marked the callback request done; only they (or an administrator) undo it."""


def next_call_moment(config: GemeenteConfig, now: datetime) -> datetime:
    """When the KCC can call: now in its phone hours, else the start of the next ones
    (gemeente.yml ``telefonisch_bereikbaar``), in the municipality's time zone."""
    local = now.astimezone(TIMEZONE)
    for offset in range(15):
        day = (local + timedelta(days=offset)).date()
        for window in config.telefonisch_bereikbaar.get(WEEKDAYS[day.weekday()], []):
            start = datetime.combine(day, window.start, TIMEZONE)
            end = datetime.combine(day, window.end, TIMEZONE)
            if local < end:
                return max(start, local)
    raise ValueError("gemeente.yml has no phone hours in the next two weeks")


@dataclass(frozen=True)
class Callback:
    """One callback request as the KCC sees it; times in UTC without a zone, as stored."""
    id: int
    conversation_id: Optional[str]
    name: str
    phone: str
    topic: Optional[str]
    preferred_time: Optional[str]
    status: str
    requested_at: datetime
    handled_at: Optional[datetime] = None
    handled_by: Optional[str] = None
    note: Optional[str] = None

    def as_json(self) -> Dict[str, Any]:
        """The ``Callback`` of the KCC API (GET /api/kcc/callbacks)."""
        return {"id": self.id, "conversation_id": self.conversation_id, "name": self.name, "phone": self.phone,
                "topic": self.topic, "topic_name": topic_name(get_content(), self.topic),
                "preferred_time": self.preferred_time, "status": self.status,
                "requested_at": iso_utc(self.requested_at), "handled_at": iso_utc(self.handled_at),
                "handled_by": self.handled_by, "note": self.note}


def request_callback(session: Session, *, name: str, phone: str, preferred_time: Optional[str],
                     topic: Optional[str], conversation_id: Optional[str], at: datetime) -> Callback:
    """Stores a request; the values are checked again here (``InvalidInput`` otherwise), so
    nothing unchecked is kept. The link to the conversation is kept only for a website chat
    that exists."""
    name = clean_name(name)
    phone = clean_phone(phone)
    preferred_time = clean_moment(preferred_time or "")
    label = " ".join((topic or "").split())[:TOPIC_MAX] or None
    if conversation_id is not None and session.get(ConversationRow, conversation_id) is None:
        conversation_id = None
    row = CallbackRequestRow(conversation_id=conversation_id, name=name, phone=phone, topic=label,
                             preferred_time=preferred_time, status="open", requested_at=_utc(at))
    session.add(row)
    session.flush()
    return _callback(row, None)


def callbacks(session: Session, status: str) -> List[Callback]:
    """The requests in one status, oldest first."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    rows = session.execute(_with_names().where(CallbackRequestRow.status == status)
                           .order_by(CallbackRequestRow.requested_at, CallbackRequestRow.id)).all()
    return [_callback(row, name) for row, name in rows]


def mark_done(session: Session, callback_id: int, account_id: int, note: Optional[str], at: datetime) -> Callback:
    """The KCC called back: the request is done, with who did it and a note. Once only."""
    row = session.execute(select(CallbackRequestRow).where(CallbackRequestRow.id == callback_id)
                          .with_for_update()).scalar()
    if row is None:
        raise CallbackNotFound(callback_id)
    if row.status == "done":
        raise AlreadyHandled(callback_id)
    row.status, row.handled_at, row.handled_by, row.note = "done", _utc(at), account_id, note
    session.flush()
    return _callback(row, session.get(StaffAccountRow, account_id).display_name)


def reopen(session: Session, callback_id: int, account_id: int, may_override: bool = False) -> Callback:
    """Undoes "done": the request is open again, without who handled it, when or the note.
    Only the employee who marked it done may, or someone with ``may_override`` (an administrator)."""
    row = session.execute(select(CallbackRequestRow).where(CallbackRequestRow.id == callback_id)
                          .with_for_update()).scalar()
    if row is None:
        raise CallbackNotFound(callback_id)
    if row.status != "done":
        raise NotHandled(callback_id)
    if row.handled_by != account_id and not may_override:
        raise HandledByOther(callback_id)
    row.status, row.handled_at, row.handled_by, row.note = "open", None, None, None
    session.flush()
    return _callback(row, None)


def _utc(moment: datetime) -> datetime:
    """UTC without a zone, as every table stores times; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _with_names():
    return (select(CallbackRequestRow, StaffAccountRow.display_name)
            .outerjoin(StaffAccountRow, StaffAccountRow.id == CallbackRequestRow.handled_by))


def _callback(row: CallbackRequestRow, handled_by: Optional[str]) -> Callback:
    return Callback(id=row.id, conversation_id=row.conversation_id, name=row.name, phone=row.phone, topic=row.topic,
                    preferred_time=row.preferred_time, status=row.status, requested_at=row.requested_at,
                    handled_at=row.handled_at, handled_by=handled_by, note=row.note)
