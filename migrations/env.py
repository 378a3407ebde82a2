"""Alembic's entry point: migrate the database of the settings (or the one given)."""
from __future__ import annotations

from alembic import context

from bot.db.engine import engine_for
from bot.db.models import Base


def _url() -> str:
    url = context.config.attributes.get("database_url")
    if url:
        return url
    from bot.core.settings import get_settings

    return get_settings().database_url


def run_migrations_online() -> None:
    engine = engine_for(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run them against a database")
run_migrations_online()
