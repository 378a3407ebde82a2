"""Reads what Rasa remembers of conversations: its SQL tracker store's ``events`` table
(``sender_id`` is the gateway's conversation id). User events carry the text and what the
model understood of it (``parse_data``: intent and confidence); action events say what the
assistant did, such as the fallback; loop events say which form runs (``active_loop``) and
``requested_slot`` which question it asked, so a form's answer can be told from a question.

Rasa creates the table on its first turn; before that (or when the tracker store cannot be
reached) there are simply no events, and the callers say so rather than fail.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, List, Optional, Set

from sqlalchemy import and_, column, inspect, or_, select, table
from sqlalchemy.exc import SQLAlchemyError

from bot.conversations.tracker_events import EVENTS_TABLE, engine_if_present

log = logging.getLogger(__name__)
_events = table(EVENTS_TABLE, column("id"), column("sender_id"), column("type_name"), column("timestamp"),
                column("intent_name"), column("action_name"), column("data"))
REQUESTED_SLOT = "requested_slot"  # Rasa stores a slot's name in action_name


@dataclass(frozen=True)
class TrackerEvent:
    """One user or action event; ``at`` in UTC without a zone, as our tables store times."""
    conversation_id: str
    kind: str  # "user", "action", "active_loop" (action: the form, None when it ends) or "slot"
    at: datetime
    text: Optional[str] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    ranking: tuple = ()  # intent names, most likely first
    action: Optional[str] = None
    slot_value: Optional[str] = None  # for "slot" (only requested_slot is read): the slot asked for

    @property
    def is_typed(self) -> bool:
        """A message the resident typed, not a button's payload such as ``/afspraak_maken``."""
        return self.kind == "user" and bool(self.text and not self.text.startswith("/"))


@dataclass(frozen=True)
class TrackerRead:
    events: List[TrackerEvent]
    available: bool  # False when the tracker store or its table is not there (yet)


def read_events(url: str, since: datetime) -> TrackerRead:
    """The user and action events from ``since`` on, per conversation in the order they happened."""
    try:
        engine = engine_if_present(url)
    except (SQLAlchemyError, ValueError, ImportError) as problem:
        log.warning("the tracker store cannot be opened: %s", problem)
        return TrackerRead([], False)
    if engine is None:
        return TrackerRead([], False)
    try:
        if not inspect(engine).has_table(EVENTS_TABLE):
            return TrackerRead([], False)
        query = (select(_events.c.sender_id, _events.c.type_name, _events.c.timestamp, _events.c.intent_name,
                        _events.c.action_name, _events.c.data)
                 .where(or_(_events.c.type_name.in_(["user", "action", "active_loop"]),
                            and_(_events.c.type_name == "slot", _events.c.action_name == REQUESTED_SLOT)),
                        _events.c.timestamp >= since.replace(tzinfo=timezone.utc).timestamp())
                 .order_by(_events.c.sender_id, _events.c.timestamp, _events.c.id))
        with engine.connect() as connection:
            rows = connection.execute(query).all()
    except SQLAlchemyError as problem:
        log.warning("the tracker store cannot be read: %s", problem)
        return TrackerRead([], False)
    finally:
        engine.dispose()
    return TrackerRead([_event(row) for row in rows], True)


# The slots in which the forms keep a resident's name (domain.yml).
NAME_SLOTS = ("naam", "terugbel_naam")


def collected_names(url: str, since: datetime) -> Dict[str, Set[str]]:
    """Per conversation, the names its forms collected (the name slots' values) from
    ``since`` on: the inbox masks them wherever the resident typed them."""
    try:
        engine = engine_if_present(url)
        if engine is None:
            return {}
    except (SQLAlchemyError, ValueError, ImportError):
        return {}
    found: Dict[str, Set[str]] = {}
    try:
        if not inspect(engine).has_table(EVENTS_TABLE):
            return {}
        query = (select(_events.c.sender_id, _events.c.data)
                 .where(_events.c.type_name == "slot",
                        _events.c.timestamp >= since.replace(tzinfo=timezone.utc).timestamp()))
        with engine.connect() as connection:
            for sender_id, raw in connection.execute(query):
                data = _json(raw)
                if data.get("name") in NAME_SLOTS and isinstance(data.get("value"), str) and data["value"].strip():
                    found.setdefault(sender_id, set()).add(data["value"].strip())
    except SQLAlchemyError as problem:
        log.warning("the tracker store cannot be read: %s", problem)
        return {}
    finally:
        engine.dispose()
    return found


def _event(row) -> TrackerEvent:
    sender_id, kind, stamp, intent_name, action_name, raw = row
    at = datetime.fromtimestamp(float(stamp or 0), timezone.utc).replace(tzinfo=None)
    if kind == "slot":
        value = _json(raw).get("value")
        return TrackerEvent(sender_id, kind, at, action=action_name, slot_value=value if isinstance(value, str) else None)
    if kind == "active_loop":
        name = _json(raw).get("name", action_name)
        return TrackerEvent(sender_id, kind, at, action=name if isinstance(name, str) and name else None)
    if kind != "user":
        return TrackerEvent(sender_id, kind, at, action=action_name)
    data = _json(raw)
    raw_parse = data.get("parse_data")
    parse = raw_parse if isinstance(raw_parse, dict) else {}
    raw_intent = parse.get("intent")
    intent = raw_intent if isinstance(raw_intent, dict) else {}
    ranking = tuple(str(entry.get("name")) for entry in parse.get("intent_ranking") or []
                    if isinstance(entry, dict) and entry.get("name"))
    confidence = intent.get("confidence")
    return TrackerEvent(sender_id, kind, at, text=data.get("text") if isinstance(data.get("text"), str) else None,
                        intent=intent.get("name") or intent_name,
                        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
                        ranking=ranking)


def _json(raw) -> dict:
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
