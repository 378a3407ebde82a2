"""``python -m bot.cli.migrate``: brings the database to the newest schema and fills products and
locations from gemeente.yml.

Run by the set-up, so `make run` and `make test` always meet the current schema. Safe to run
again: Alembic applies only what is missing, and the sync only adds or updates.
"""
from __future__ import annotations

import sys

from bot.appointments.sync import sync_from_config
from bot.config.gemeente import get_gemeente
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade


def main() -> int:
    url = get_settings().database_url
    upgrade(url)
    with session_factory(url).begin() as session:
        sync_from_config(session, get_gemeente())
    return 0


if __name__ == "__main__":
    sys.exit(main())
