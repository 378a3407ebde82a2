"""Deletes a conversation's events from Rasa's tracker store (the SQL table ``events``,
keyed by ``sender_id``, which is our conversation id), so that deleting a conversation
deletes what Rasa remembers of it as well.

Rasa creates the table on its first turn; before that there is nothing to delete, and a
SQLite file that does not exist yet is left alone rather than created.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from sqlalchemy import column, create_engine, delete, inspect, table
from sqlalchemy.engine import make_url

EVENTS_TABLE = "events"
_events = table(EVENTS_TABLE, column("sender_id"))


def tracker_store_url(database_url: str) -> str:
    """Where Rasa keeps conversations, so a restart loses nothing: the same PostgreSQL
    database as the appointments, or for SQLite a file beside it (two programs writing one
    SQLite file would wait on each other's locks)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return str(url.set(database=str(Path(url.database).with_name("rasa-tracker.db"))))
    return str(url)


def tracker_url(database_url: str) -> str:
    """Where Rasa keeps its events: TRACKER_STORE_URL when set (it wins in ``bot.cli.run`` too),
    else what ``bot.cli.run`` derives from the database."""
    return os.environ.get("TRACKER_STORE_URL") or tracker_store_url(database_url)


def delete_events(url: str, conversation_ids: Sequence[str]) -> int:
    """Deletes the events of these conversations and returns how many rows went; 0 when
    the tracker store (or its table) does not exist."""
    if not conversation_ids:
        return 0
    engine = engine_if_present(url)
    if engine is None:
        return 0
    try:
        if not inspect(engine).has_table(EVENTS_TABLE):
            return 0
        with engine.begin() as connection:
            result = connection.execute(delete(_events).where(_events.c.sender_id.in_(list(conversation_ids))))
            return max(result.rowcount or 0, 0)
    finally:
        engine.dispose()


def engine_if_present(url: str):
    """An engine of its own, so Rasa's SQLite file keeps its own settings (no WAL forced on it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:" or not Path(parsed.database).exists():
            return None
        return create_engine(url, future=True, connect_args={"timeout": 30})
    return create_engine(url, future=True)


