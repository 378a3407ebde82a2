"""Rasa's SQL tracker store with fewer and cheaper statements per turn (``endpoints.yml``).

The table, its rows and what is read are Rasa's own (``SQLTrackerStore``): the events of a
conversation's latest session, in the order they were stored. Two things differ, measured to
matter under load (``make bench-chat``):

- Rasa builds its queries anew at every turn, so SQLAlchemy works out their cache keys each
  time. Here the statements are built once.
- Rasa stores a turn's events with one ORM object and one INSERT each (a turn has about ten).
  Here they go in as one batch, in the same transaction as before.

Everything else (creating the table, PostgreSQL's schema, retrieving all sessions, deleting)
is Rasa's. Deleting a conversation's events is ``bot.conversations.tracker_events``.
"""
from __future__ import annotations

import itertools
import json
from typing import Any, Dict, Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import bindparam, func, insert, or_, select

_events = SQLTrackerStore.SQLEvent.__table__
_session_start = (
    select(func.max(_events.c.timestamp))
    .where(_events.c.sender_id == bindparam("sender_id"), _events.c.type_name == SessionStarted.type_name)
    .scalar_subquery()
)
# The events of the latest session (all of them when no session has started), as Rasa reads them.
_latest_session = (_events.c.sender_id == bindparam("sender_id")) & or_(
    _events.c.timestamp >= _session_start, _session_start.is_(None))
LATEST_SESSION_EVENTS = select(_events.c.data).where(_latest_session).order_by(_events.c.id)
LATEST_SESSION_COUNT = select(func.count()).select_from(_events).where(_latest_session)
ADD_EVENTS = insert(_events)


def row(sender_id: Text, event_data: Dict[Text, Any], type_name: Text) -> Dict[Text, Any]:
    """The row Rasa stores for one event."""
    return {
        "sender_id": sender_id,
        "type_name": type_name,
        "timestamp": event_data.get("timestamp"),
        "intent_name": (event_data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": event_data.get("name"),
        "data": json.dumps(event_data),
    }


class ConversationTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with its statements built once and a turn's events stored at once."""

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            stored = session.execute(LATEST_SESSION_EVENTS, {"sender_id": sender_id}).scalars().all()
        events = [json.loads(data) for data in stored]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            new = [row(tracker.sender_id, event.as_dict(), event.type_name)
                   for event in self._additional_events(session, tracker)]
            if new:
                session.execute(ADD_EVENTS, new)
            session.commit()

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events that are not stored yet (those after the stored ones)."""
        stored = session.execute(LATEST_SESSION_COUNT, {"sender_id": tracker.sender_id}).scalar_one()
        return itertools.islice(tracker.events, stored, len(tracker.events))
