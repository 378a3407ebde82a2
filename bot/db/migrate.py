"""Brings a database to the newest schema with Alembic (``bot.cli.migrate`` also fills products and
locations from gemeente.yml)."""
from __future__ import annotations

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
    # "heads": revisions made side by side on two branches (each after the same one) are both
    # applied; they touch different tables or columns.
    command.upgrade(alembic_config(url or get_settings().database_url), "heads")
