"""Databases for booking tests: SQLite in a temporary file, and PostgreSQL on loopback
(database `test`) when it is running; each test gets a fresh schema."""
from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from bot.booking.database import DatabaseScheduler
from bot.booking.sync import sync_from_config
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.facts import TIMEZONE

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=TIMEZONE)  # Monday morning, before opening


def postgres_available() -> bool:
    try:
        engine = create_engine(POSTGRES_URL, future=True, connect_args={"connect_timeout": 2})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means: not available here
        return False


def _postgres_schema_url():
    """A fresh schema per test, so tests never see each other's appointments."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, future=True)
    with admin.begin() as connection:
        connection.execute(text(f"create schema {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    return url, lambda: _drop_schema(admin, schema)


def _drop_schema(admin, schema):
    with admin.begin() as connection:
        connection.execute(text(f"drop schema {schema} cascade"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not postgres_available():
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL} (start it, or set TEST_POSTGRES_URL)")
    url, cleanup = _postgres_schema_url()
    try:
        yield url
    finally:
        from bot.db.engine import engine_for

        engine_for(url).dispose()
        cleanup()


@pytest.fixture
def sessions(database_url, config):
    upgrade(database_url)
    factory = session_factory(database_url)
    with factory.begin() as session:
        sync_from_config(session, config)
    return factory


@pytest.fixture
def clock():
    class Clock:
        now = NOW

        def __call__(self):
            return self.now

    return Clock()


@pytest.fixture
def scheduler(sessions, config, clock):
    return DatabaseScheduler(sessions, config=lambda: config, now=clock)
