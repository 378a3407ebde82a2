"""A scratch database for the booking benchmarks: SQLite in a temp folder, or the
PostgreSQL given by --postgres, in a schema of its own that is dropped afterwards."""
from __future__ import annotations

import contextlib
import tempfile
import uuid
from typing import Iterator

from sqlalchemy import create_engine, text

from bot.appointments.sync import sync_from_config
from bot.config.gemeente import get_gemeente
from bot.db.engine import session_factory
from bot.db.migrate import upgrade


@contextlib.contextmanager
def scratch_database(postgres_url: str = "") -> Iterator[str]:
    if not postgres_url:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            _prepare(url)
            yield url
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, future=True)
    with admin.begin() as connection:
        connection.execute(text(f"create schema {schema}"))
    try:
        url = f"{postgres_url}?options=-csearch_path%3D{schema}"
        _prepare(url)
        yield url
    finally:
        from bot.db.engine import engine_for

        engine_for(url).dispose()
        with admin.begin() as connection:
            connection.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


def _prepare(url: str) -> None:
    upgrade(url)
    with session_factory(url).begin() as session:
        sync_from_config(session, get_gemeente())
