"""Brings a database to the newest schema and fills products and locations from gemeente.yml.

Run by the set-up, so `make run` and `make test` always meet the current schema. Safe to run
again: Alembic applies only what is missing, and the sync only adds or updates.
"""
from __future__ import annotations

import sys
from typing import Optional

from alembic import command
from alembic.config import Config

from bot.core.settings import PROJECT_ROOT, get_settings


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


def upgrade(url: Optional[str] = None) -> None:
    command.upgrade(alembic_config(url or get_settings().database_url), "head")


def main() -> int:
    from bot.appointments.sync import sync_from_config
    from bot.db.engine import session_factory
    from bot.config.gemeente import get_gemeente

    url = get_settings().database_url
    upgrade(url)
    with session_factory(url).begin() as session:
        sync_from_config(session, get_gemeente())
    return 0


if __name__ == "__main__":
    sys.exit(main())
