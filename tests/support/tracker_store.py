"""Rasa's SQLTrackerStore table in a SQLite file, and its events, for the retention and
deletion tests."""
from __future__ import annotations

import sqlite3


def make_tracker(url: str) -> None:
    """Rasa's SQLTrackerStore table, as Rasa 3.6 creates it."""
    path = url.split("///", 1)[1]
    with sqlite3.connect(path) as connection:
        connection.execute("create table events (id integer primary key, sender_id varchar(255) not null, "
                           "type_name varchar(255) not null, timestamp float, intent_name varchar(255), "
                           "action_name varchar(255), data text)")


def add_events(url: str, conversation_id: str, count: int) -> None:
    path = url.split("///", 1)[1]
    with sqlite3.connect(path) as connection:
        connection.executemany("insert into events (sender_id, type_name, timestamp, data) values (?, 'user', 0, '{}')",
                               [(conversation_id,)] * count)


def events_of(url: str, conversation_id: str) -> int:
    path = url.split("///", 1)[1]
    with sqlite3.connect(path) as connection:
        return connection.execute("select count(*) from events where sender_id = ?", (conversation_id,)).fetchone()[0]
