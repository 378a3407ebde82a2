"""The content tools' tests: our schema seeded with chosen times (tests.support.content)."""
from __future__ import annotations

import pytest

from bot.conversations.tracker_events import tracker_store_url
from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from tests.support.content import Seed


@pytest.fixture
def seed(database_url, monkeypatch) -> Seed:
    """Our schema at ``database_url`` (``database_url``: SQLite, and PostgreSQL when it runs)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TRACKER_STORE_URL", raising=False)
    get_settings.cache_clear()
    upgrade(database_url)
    seeded = Seed(database_url, tracker_store_url(database_url))
    yield seeded
    seeded.close()
    get_settings.cache_clear()
