"""Handing a conversation from the bot to a person and back.

The bot side asks for a person (``request_person``); a KCC employee takes the chat, answers
it and hands it back to the bot or closes it. Every status change goes through ``_move``,
which checks that the change is allowed, sets its timestamp and keeps the conversation's own
status in step, so the rules live in one place. Each function first locks the conversation's
row (on PostgreSQL; SQLite's writers already take turns), so two employees cannot both take
one chat. No HTTP here: the Rasa actions call ``request_person`` with their own session.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config.content import get_content, render, topic_name
from bot.conversations import transcript
from bot.conversations.types import HandoverStatus, Message, Sender, Status
from bot.core import language
from bot.core.clock import iso_utc, utcnow
from bot.db.models import CallbackRequestRow, ConversationRow, HandoverRow, StaffAccountRow
from bot.staff.types import Staff


def _notice(session: Session, conversation_id: str, key: str, name: str = "") -> str:
    """What the resident is told when a person takes over, hands back or closes the chat
    (content/antwoorden.yml, section overname), in the conversation's language."""
    locale = session.execute(select(ConversationRow.locale).where(ConversationRow.id == conversation_id)).scalar()
    with language.using(locale):
        return render(get_content().text("overname", key), {"medewerker.naam": name})
MAX_TOPIC_CHARS = 100

_WAITING, _TAKEN, _RELEASED, _CLOSED = (HandoverStatus.WAITING, HandoverStatus.TAKEN,
                                        HandoverStatus.RELEASED, HandoverStatus.CLOSED)
# The allowed moves; None is "no open handover", the conversation is with the bot.
_MOVES = {None: {_WAITING}, _WAITING: {_TAKEN, _RELEASED, _CLOSED}, _TAKEN: {_RELEASED, _CLOSED},
          _RELEASED: set(), _CLOSED: set()}
_TIMESTAMP = {_WAITING: "requested_at", _TAKEN: "taken_at", _RELEASED: "released_at", _CLOSED: "closed_at"}
# The conversation's status before a move from each handover status, and after a move to each.
_CONVERSATION_BEFORE = {None: Status.BOT, _WAITING: Status.WAITING, _TAKEN: Status.TAKEN}
_CONVERSATION_AFTER = {_WAITING: Status.WAITING, _TAKEN: Status.TAKEN, _RELEASED: Status.BOT, _CLOSED: Status.CLOSED}


class ConversationNotFound(Exception):
    """There is no conversation with this id."""


class HandoverConflict(Exception):
    """The chat is not in a state that allows this; ``code`` for programs, the message for people."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Handover:
    """One handover as the KCC sees it; times in UTC without a zone, as stored."""
    conversation_id: str
    status: HandoverStatus
    topic: Optional[str]
    requested_at: datetime
    taken_at: Optional[datetime] = None
    taken_by: Optional[int] = None
    taken_by_name: Optional[str] = None
    released_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None
    summary: Optional[str] = None

    def waiting_seconds(self, now: datetime) -> int:
        """How long the resident waited for a person: until now, or until it was taken."""
        until = self.taken_at if self.taken_at is not None else now
        return max(0, int((until - self.requested_at).total_seconds()))

    def as_json(self, now: datetime, viewer: Optional[int] = None) -> Dict[str, Any]:
        return {
            "conversation_id": self.conversation_id, "status": self.status.value, "topic": self.topic,
            "topic_name": topic_name(get_content(), self.topic),
            "requested_at": iso_utc(self.requested_at), "waiting_seconds": self.waiting_seconds(now),
            "taken_at": iso_utc(self.taken_at), "taken_by": self.taken_by_name,
            "taken_by_me": viewer is not None and self.taken_by == viewer,
            "released_at": iso_utc(self.released_at), "closed_at": iso_utc(self.closed_at), "summary": self.summary,
        }


def request_person(session: Session, conversation_id: str, topic: Optional[str] = None) -> Handover:
    """Puts the conversation in the queue for a person; asking again while it waits or is
    taken changes nothing. ``topic`` is the last intent or a short label for the queue."""
    _lock(session, conversation_id)
    current = _open(session, conversation_id)
    if current is None:
        label = " ".join((topic or "").split())[:MAX_TOPIC_CHARS] or None
        current = _move(session, conversation_id, None, _WAITING, topic=label)
    return _view(session, current)


def take(session: Session, conversation_id: str, staff: Staff) -> Tuple[Handover, Optional[Message]]:
    """The employee takes a waiting chat, or one the bot still has; the resident is told who
    answers now. Taking one's own chat again changes nothing."""
    _lock(session, conversation_id)
    current = _open(session, conversation_id)
    if current is not None and current.status == _TAKEN.value:
        if current.taken_by == staff.account_id:
            return _view(session, current), None
        raise HandoverConflict("taken_by_other", "Another employee has already taken this chat.")
    now = transcript.utcnow()
    if current is None:
        current = _move(session, conversation_id, None, _WAITING, at=now)
    current = _move(session, conversation_id, current, _TAKEN, at=now, by=staff.account_id)
    text = _notice(session, conversation_id, "overgenomen", staff.display_name)
    notice = transcript.append(session, conversation_id, Sender.SYSTEM, text,
                               agent_name=staff.display_name)  # the widget's header names who answers now
    return _view(session, current), notice


def send_agent_message(session: Session, conversation_id: str, staff: Staff, text: str) -> Message:
    """The employee's message to the resident; only the one who took the chat may send."""
    _lock(session, conversation_id)
    _holder_only(_open(session, conversation_id), staff, may_override=False)
    return transcript.append(session, conversation_id, Sender.AGENT, text, agent_name=staff.display_name)


def release(session: Session, conversation_id: str, staff: Staff, close: bool = False,
            summary: Optional[str] = None, may_override: bool = False) -> Tuple[Handover, Message]:
    """Hands the chat back to the bot, or closes it; the summary is kept. Only the employee
    who took it may, or someone with ``may_override`` (an administrator)."""
    _lock(session, conversation_id)
    current = _holder_only(_open(session, conversation_id), staff, may_override)
    current = _move(session, conversation_id, current, _CLOSED if close else _RELEASED, summary=summary)
    key = "afgesloten" if close else "terug_naar_assistent"
    notice = transcript.append(session, conversation_id, Sender.SYSTEM, _notice(session, conversation_id, key))
    return _view(session, current), notice


def queue(session: Session, status: HandoverStatus) -> List[Handover]:
    """The open handovers in one status, oldest request first."""
    rows = session.execute(_with_names().where(HandoverRow.status == status.value)
                           .order_by(HandoverRow.requested_at, HandoverRow.id)).all()
    return [_handover(row, name) for row, name in rows]


def history(session: Session, conversation_id: str) -> List[Handover]:
    """Every handover of one conversation, oldest first."""
    rows = session.execute(_with_names().where(HandoverRow.conversation_id == conversation_id)
                           .order_by(HandoverRow.requested_at, HandoverRow.id)).all()
    return [_handover(row, name) for row, name in rows]


def conversation_row(session: Session, conversation_id: str) -> ConversationRow:
    row = session.get(ConversationRow, conversation_id) if transcript.is_conversation_id(conversation_id) else None
    if row is None:
        raise ConversationNotFound(conversation_id)
    return row


def whole_transcript(session: Session, conversation_id: str, viewer: int) -> Dict[str, Any]:
    """The conversation as a KCC employee reads it: every message (of a file only its name:
    downloading is the resident's) and every handover."""
    conversation = conversation_row(session, conversation_id)
    now = utcnow()
    handovers = history(session, conversation_id)
    topic = conversation_topic(session, conversation_id, handovers)
    return {
        "conversation_id": conversation.id, "status": conversation.status, "locale": conversation.locale,
        "topic": topic, "topic_name": topic_name(get_content(), topic),
        "created_at": iso_utc(conversation.created_at),
        "last_activity_at": iso_utc(conversation.last_activity_at),
        "messages": [m.as_json(download_link=False) for m in transcript.messages_after(session, conversation_id, 0)],
        "handovers": [h.as_json(now, viewer) for h in handovers],
    }


def conversation_topic(session: Session, conversation_id: str, handovers: Optional[List[Handover]] = None
                       ) -> Optional[str]:
    """What the conversation is about, as the queue and the call-back requests name it: the
    topic of its newest handover that has one, else of its newest call-back request."""
    for handover in reversed(handovers if handovers is not None else history(session, conversation_id)):
        if handover.topic:
            return handover.topic
    return session.execute(select(CallbackRequestRow.topic)
                           .where(CallbackRequestRow.conversation_id == conversation_id,
                                  CallbackRequestRow.topic.is_not(None))
                           .order_by(CallbackRequestRow.requested_at.desc(), CallbackRequestRow.id.desc())
                           .limit(1)).scalar()


def _move(session: Session, conversation_id: str, handover: Optional[HandoverRow], to: HandoverStatus, *,
          at: Optional[datetime] = None, by: Optional[int] = None, topic: Optional[str] = None,
          summary: Optional[str] = None) -> HandoverRow:
    """The one place a handover changes status: checks the move, sets the status's timestamp
    and moves the conversation's status with it."""
    current = HandoverStatus(handover.status) if handover is not None else None
    conversation_status = transcript.status_of(session, conversation_id)
    if conversation_status is Status.CLOSED:
        raise HandoverConflict("conversation_closed", "This conversation is closed.")
    if to not in _MOVES[current] or conversation_status is not _CONVERSATION_BEFORE.get(current):
        raise HandoverConflict("invalid_transition", f"A chat that is {_describe(current)} cannot become {to.value}.")
    if to is _TAKEN and by is None:
        raise ValueError("a chat is taken by someone")
    at = at or transcript.utcnow()
    if handover is None:
        handover = HandoverRow(conversation_id=conversation_id, status=to.value, topic=topic, requested_at=at)
        session.add(handover)
    handover.status = to.value
    setattr(handover, _TIMESTAMP[to], at)
    if by is not None:
        handover.taken_by = by
    if summary is not None:
        handover.summary = summary
    transcript.change_status(session, conversation_id, _CONVERSATION_AFTER[to])
    session.flush()
    return handover


def _holder_only(current: Optional[HandoverRow], staff: Staff, may_override: bool) -> HandoverRow:
    if current is None or current.status != _TAKEN.value:
        raise HandoverConflict("not_taken", "Nobody has taken this chat; take it first.")
    if current.taken_by != staff.account_id and not may_override:
        raise HandoverConflict("taken_by_other", "Another employee has this chat; only they can do this.")
    return current


def _lock(session: Session, conversation_id: str) -> None:
    """Waits for other changes to this conversation (PostgreSQL); 'not found' when there is none."""
    found = None
    if transcript.is_conversation_id(conversation_id):
        found = session.execute(select(ConversationRow.id).where(ConversationRow.id == conversation_id)
                                .with_for_update()).scalar()
    if found is None:
        raise ConversationNotFound(conversation_id)


def _open(session: Session, conversation_id: str) -> Optional[HandoverRow]:
    return session.execute(select(HandoverRow).where(
        HandoverRow.conversation_id == conversation_id,
        HandoverRow.status.in_([_WAITING.value, _TAKEN.value]))).scalar()


def _with_names():
    return (select(HandoverRow, StaffAccountRow.display_name)
            .outerjoin(StaffAccountRow, StaffAccountRow.id == HandoverRow.taken_by))


def _view(session: Session, row: HandoverRow) -> Handover:
    name = session.get(StaffAccountRow, row.taken_by).display_name if row.taken_by is not None else None
    return _handover(row, name)


def _handover(row: HandoverRow, taken_by_name: Optional[str]) -> Handover:
    return Handover(conversation_id=row.conversation_id, status=HandoverStatus(row.status), topic=row.topic,
                    requested_at=row.requested_at, taken_at=row.taken_at, taken_by=row.taken_by,
                    taken_by_name=taken_by_name, released_at=row.released_at, closed_at=row.closed_at,
                    summary=row.summary)


def _describe(status: Optional[HandoverStatus]) -> str:
    return "with the bot" if status is None else status.value
