"""The figures content owners and managers follow: conversations per day, what residents
ask most, how often the assistant did not understand or needed a person, appointments
made, and residents' thumbs.

Definitions (the console shows them too):

* a conversation counts when the resident wrote at least one message; its day is the day it
  started, in the municipality's time zone;
* fallback rate: typed resident messages the assistant did not understand (fallback), out of
  all typed messages (button presses are left out: they are always understood);
* handover rate: conversations in which the resident was put in the queue for a person;
* resolved without a person: conversations with no request for a person at all (no
  handover, no call-back request, and no "I want a person" message, also outside office
  hours); an approximation, since a resident may also just give up.

Message figures come from Rasa's events; without them (tracker store not there) they are
``None`` and ``tracker_available`` says so.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, List, Optional, Sequence, Set, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.content_tools.inbox import FALLBACK_INTENT, PERSON_INTENTS, is_fallback
from bot.content_tools.tracker import TrackerEvent
from bot.db.models import (
    AppointmentRow,
    CallbackRequestRow,
    ConversationMessageRow,
    ConversationRow,
    HandoverRow,
    MessageFeedbackRow,
)

TOP_INTENTS = 10


@dataclass(frozen=True)
class Period:
    """Whole local days, ``first`` to ``last`` inclusive."""
    first: date
    last: date
    zone: ZoneInfo

    @classmethod
    def last_days(cls, days: int, today: date, zone: ZoneInfo) -> "Period":
        return cls(today - timedelta(days=days - 1), today, zone)

    @property
    def start_utc(self) -> datetime:
        return self._utc(self.first)

    @property
    def end_utc(self) -> datetime:
        return self._utc(self.last + timedelta(days=1))

    def days(self) -> List[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def day_of(self, stored: datetime) -> date:
        """The local day of a stored time (UTC without a zone)."""
        return stored.replace(tzinfo=timezone.utc).astimezone(self.zone).date()

    def _utc(self, day: date) -> datetime:
        return datetime.combine(day, time(0), self.zone).astimezone(timezone.utc).replace(tzinfo=None)


def analytics(session: Session, period: Period, events: Sequence[TrackerEvent], tracker_available: bool) -> dict:
    start, end = period.start_utc, period.end_utc
    conversations = _conversations(session, start, end)
    handed_over = _ids(session, select(HandoverRow.conversation_id).join(
        ConversationRow, ConversationRow.id == HandoverRow.conversation_id)
        .where(ConversationRow.created_at >= start, ConversationRow.created_at < end))
    called_back = _ids(session, select(CallbackRequestRow.conversation_id).join(
        ConversationRow, ConversationRow.id == CallbackRequestRow.conversation_id)
        .where(ConversationRow.created_at >= start, ConversationRow.created_at < end))
    in_window = [e for e in events if start <= e.at < end]
    asked_person = {e.conversation_id for e in in_window if e.kind == "user" and e.intent in PERSON_INTENTS}
    needed_person = (handed_over | called_back | asked_person) & set(conversations)

    per_day, appointments = _per_day(session, period, conversations)
    messages = _messages(events, period, per_day)
    votes = Counter(session.execute(select(MessageFeedbackRow.helpful).where(
        MessageFeedbackRow.created_at >= start, MessageFeedbackRow.created_at < end)).scalars().all())
    total = len(conversations)
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat(),
                   "days": len(per_day), "timezone": str(period.zone)},
        "tracker_available": tracker_available,
        "conversations": total,
        **_message_figures(messages, tracker_available),
        "per_day": [{"date": day.isoformat(), "conversations": counts["conversations"],
                     "handovers": counts["handovers"], "appointments": counts["appointments"],
                     "fallbacks": counts["fallbacks"] if tracker_available else None}
                    for day, counts in per_day.items()],
        "handovers": len(handed_over & set(conversations)),
        "handover_rate": _share(len(handed_over & set(conversations)), total),
        "appointments_made": appointments,
        "resolved_without_person": _share(total - len(needed_person), total),
        "feedback": {"helpful": votes.get(True, 0), "not_helpful": votes.get(False, 0)},
    }


@dataclass
class _Messages:
    """What the residents typed in the period, from Rasa's events."""
    typed: int = 0
    fallbacks: int = 0
    intents: Counter = field(default_factory=Counter)


def _per_day(session: Session, period: Period, conversations: Dict[str, datetime]) -> Tuple[Dict[date, Counter], int]:
    """Conversations, handovers and appointments per local day; and the appointments made."""
    start, end = period.start_utc, period.end_utc
    per_day: Dict[date, Counter] = {day: Counter() for day in period.days()}
    for started in conversations.values():
        per_day[period.day_of(started)]["conversations"] += 1
    for (requested,) in session.execute(select(HandoverRow.requested_at).where(
            HandoverRow.requested_at >= start, HandoverRow.requested_at < end)):
        per_day[period.day_of(requested)]["handovers"] += 1
    appointments = session.execute(select(AppointmentRow.created_at).where(
        AppointmentRow.created_at >= start, AppointmentRow.created_at < end)).scalars().all()
    for made in appointments:
        per_day[period.day_of(made)]["appointments"] += 1
    return per_day, len(appointments)


def _messages(events: Sequence[TrackerEvent], period: Period, per_day: Dict[date, Counter]) -> _Messages:
    """Typed messages, the ones that fell back (also counted per day) and the intents recognised."""
    found = _Messages()
    for index, event in enumerate(events):
        if event.kind != "user" or not period.start_utc <= event.at < period.end_utc:
            continue
        if event.intent and event.intent != FALLBACK_INTENT:
            found.intents[event.intent] += 1
        if event.is_typed:
            found.typed += 1
            if is_fallback(events, index):
                found.fallbacks += 1
                per_day[period.day_of(event.at)]["fallbacks"] += 1
    return found


def _message_figures(messages: _Messages, tracker_available: bool) -> dict:
    """The figures that need Rasa's events: unknown (None, or no intents) without them."""
    if not tracker_available:
        return {"messages": None, "top_intents": [], "fallbacks": None, "fallback_rate": None}
    top = sorted(messages.intents.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_INTENTS]
    return {"messages": messages.typed, "top_intents": [{"intent": name, "count": count} for name, count in top],
            "fallbacks": messages.fallbacks, "fallback_rate": _share(messages.fallbacks, messages.typed)}


def _conversations(session: Session, start: datetime, end: datetime) -> Dict[str, datetime]:
    """The conversations started in the window in which the resident wrote something."""
    wrote = exists().where(ConversationMessageRow.conversation_id == ConversationRow.id,
                           ConversationMessageRow.sender == "resident")
    rows = session.execute(select(ConversationRow.id, ConversationRow.created_at).where(
        ConversationRow.created_at >= start, ConversationRow.created_at < end, wrote)).all()
    return {conversation_id: created for conversation_id, created in rows}


def _ids(session: Session, query) -> Set[str]:
    return {value for value in session.execute(query.distinct()).scalars() if value}


def _share(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None
