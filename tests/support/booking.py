"""The booking tests' clock and their PostgreSQL on loopback (database `test`), which the
``database_url`` fixture uses when it is running."""
from __future__ import annotations

import os
import uuid
from datetime import datetime

from sqlalchemy import create_engine, text

from bot.core.clock import TIMEZONE

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


def postgres_schema_url():
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
