"""Seeded data for the content tools' tests: the gateway's tables with chosen times, and
Rasa's tracker store table (as Rasa 3.6 creates it) with user and action events. On SQLite
(Rasa's file beside ours) and on PostgreSQL (one database, a fresh schema per test), as
``bot.run`` lays them out."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Optional, Sequence

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine

from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.db.models import (AppointmentRow, CallbackRequestRow, ConversationMessageRow, ConversationRow, HandoverRow,
                           MessageFeedbackRow)
from bot.run import tracker_store_url
from bot.settings import get_settings
from bot.web.transcript import hash_token

NOW = datetime(2026, 11, 20, 12, 0)  # stored times are UTC without a zone
_tracker_tables = MetaData()
_events = Table("events", _tracker_tables, Column("id", Integer, primary_key=True),
                Column("sender_id", String(255), nullable=False), Column("type_name", String(255), nullable=False),
                Column("timestamp", Float), Column("intent_name", String(255)), Column("action_name", String(255)),
                Column("data", Text))


class Seed:
    """Writes conversations, messages, handovers, thumbs, appointments and Rasa events."""

    def __init__(self, url: str, tracker: str):
        self.url = url
        self.tracker = tracker
        self.sessions = session_factory(url)
        self._engine = None

    # -- the gateway's tables --
    def conversation(self, started: datetime = NOW, messages: Sequence[tuple] = ()) -> str:
        """A conversation with messages (sender, text[, minutes after the start]); returns its id."""
        conversation_id = str(uuid.uuid4())
        with self.sessions.begin() as session:
            session.add(ConversationRow(id=conversation_id, token_hash=hash_token("x"), status="bot", locale="nl",
                                        created_at=started, last_activity_at=started))
            session.flush()
            for seq, message in enumerate(messages, start=1):
                sender, text = message[0], message[1]
                minutes = message[2] if len(message) > 2 else seq
                session.add(ConversationMessageRow(conversation_id=conversation_id, seq=seq, sender=sender, text=text,
                                                   sent_at=started + timedelta(minutes=minutes)))
        return conversation_id

    def handover(self, conversation_id: str, requested_at: datetime) -> None:
        with self.sessions.begin() as session:
            session.add(HandoverRow(conversation_id=conversation_id, status="waiting", requested_at=requested_at))

    def thumbs(self, conversation_id: str, seq: int, helpful: bool, at: datetime = NOW) -> None:
        with self.sessions.begin() as session:
            session.add(MessageFeedbackRow(conversation_id=conversation_id, seq=seq, helpful=helpful, created_at=at))

    def callback(self, conversation_id: str, at: datetime = NOW) -> None:
        with self.sessions.begin() as session:
            session.add(CallbackRequestRow(conversation_id=conversation_id, name="Test", phone="0612345678",
                                           requested_at=at))

    def appointment(self, made: datetime, reference: str) -> None:
        """An appointment made at ``made`` (products and locations come from the migration sync)."""
        from bot.booking.sync import sync_from_config
        from bot.gemeente import get_gemeente

        with self.sessions.begin() as session:
            sync_from_config(session, get_gemeente())
            session.add(AppointmentRow(reference=reference, product_code="paspoort", location_code="gemeentehuis",
                                       desk=1, start_at=made + timedelta(days=3),
                                       end_at=made + timedelta(days=3, minutes=15), name="Test",
                                       email="t@example.nl", status="booked", created_at=made))

    # -- Rasa's events --
    def _tracker_engine(self):
        if self._engine is None:
            self._engine = create_engine(self.tracker, future=True)
            _tracker_tables.create_all(self._engine, checkfirst=True)
        return self._engine

    def user(self, conversation_id: str, text: str, intent: str, confidence: float, at: datetime,
             ranking: Optional[Sequence[tuple]] = None) -> None:
        ranking = ranking or [(intent, confidence)]
        data = {"event": "user", "timestamp": _stamp(at), "text": text,
                "parse_data": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [],
                               "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}}
        self._insert(conversation_id, "user", at, intent, None, data)

    def action(self, conversation_id: str, name: str, at: datetime) -> None:
        self._insert(conversation_id, "action", at, None, name, {"event": "action", "name": name})

    def _insert(self, conversation_id, kind, at, intent, action, data) -> None:
        with self._tracker_engine().begin() as connection:
            connection.execute(_events.insert().values(sender_id=conversation_id, type_name=kind, timestamp=_stamp(at),
                                                       intent_name=intent, action_name=action, data=json.dumps(data)))

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _stamp(at: datetime) -> float:
    return at.replace(tzinfo=timezone.utc).timestamp()


@pytest.fixture
def seed(database_url, monkeypatch) -> Seed:
    """Our schema at ``database_url`` (booking_fixtures: SQLite, and PostgreSQL when it runs)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TRACKER_STORE_URL", raising=False)
    get_settings.cache_clear()
    upgrade(database_url)
    seeded = Seed(database_url, tracker_store_url(database_url))
    yield seeded
    seeded.close()
    get_settings.cache_clear()
