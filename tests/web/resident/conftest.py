"""The resident API on a temporary SQLite database, with the fake Rasa behind it; and a gateway
for given environment settings (the widget's routes)."""
from __future__ import annotations

import httpx
import pytest
from starlette.testclient import TestClient

from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from bot.web.app import create_app
from tests.support.resident import FakeRasa


@pytest.fixture
def rasa():
    return FakeRasa()


@pytest.fixture
def rate_limits():
    """Settings for the rate limits; a test that sends many requests parametrizes this."""
    return {}


@pytest.fixture
def api(tmp_path, monkeypatch, rasa, rate_limits):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    for name, value in rate_limits.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("RASA_URL", "http://rasa.test:5005")
    monkeypatch.setenv("RASA_TIMEOUT_S", "0.3")
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    with TestClient(create_app(rasa_transport=httpx.MockTransport(rasa))) as client:
        yield client
    get_settings.cache_clear()


@pytest.fixture
def client_for(tmp_path, monkeypatch):
    """A gateway for these extra environment settings."""
    def make(**env):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        upgrade(get_settings().database_url)
        return TestClient(create_app(rasa_transport=httpx.MockTransport(FakeRasa())))

    yield make
    get_settings.cache_clear()
