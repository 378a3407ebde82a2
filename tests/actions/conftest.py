"""The actions' fixtures: trackers from JSON files in tests/data/, Rasa SDK's dispatcher, and a
real (temporary) database and outbox for the booking actions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.appointments.sync import sync_from_config
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def dispatcher():
    from rasa_sdk.executor import CollectingDispatcher

    return CollectingDispatcher()


@pytest.fixture
def tracker():
    """tracker("name") loads tests/data/name.json into a rasa_sdk Tracker."""
    from rasa_sdk import Tracker

    def load(name: str, **overrides):
        state = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
        state.update(overrides)
        return Tracker.from_dict(state)

    return load


@pytest.fixture
def live(tmp_path, monkeypatch, config):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'actions.db'}")
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("SMTP_HOST", "")
    get_settings.cache_clear()
    url = get_settings().database_url
    upgrade(url)
    with session_factory(url).begin() as session:
        sync_from_config(session, config)
    yield tmp_path
    get_settings.cache_clear()
