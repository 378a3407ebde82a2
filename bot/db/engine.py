"""One engine and one session factory per database URL, made once.

SQLite (the embedded default) gets WAL, a busy timeout and ``BEGIN IMMEDIATE``: writers
queue for the lock instead of failing, and a transaction sees a stable state. Since every
transaction then holds SQLite's one write lock, a process keeps one connection: its threads
queue for it in Python, and the next one goes as soon as the last commits, where SQLite's
busy handler would let them sleep and poll (measured under load: seconds of waiting).
PostgreSQL is used as it is; the rules that must never break are constraints in both.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.core.settings import get_settings

SQLITE_BUSY_TIMEOUT_S = 30


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy, not pysqlite, opens transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S,
                                                               "check_same_thread": False},
                               poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=SQLITE_BUSY_TIMEOUT_S)
        _prepare_sqlite(engine)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def session_factory(url: Optional[str] = None) -> "sessionmaker[Session]":
    """Sessions for one unit of work each: ``with factory.begin() as session: ...``."""
    if url is None:
        url = get_settings().database_url
    return sessionmaker(engine_for(url), future=True, expire_on_commit=False)
