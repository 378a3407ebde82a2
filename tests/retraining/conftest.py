"""The retrain tests' settings on temporary folders and database, and the gateway's retrain API
with the background process replaced by a recorder (tests.support.retrain)."""
from __future__ import annotations

import pytest

from bot.core.settings import get_settings
from tests.support.retrain import isolated_settings, retrain_api


@pytest.fixture
def retrain_env(tmp_path, monkeypatch):
    """(settings, sessions) on a temporary models folder, reports folder and database."""
    yield isolated_settings(monkeypatch, tmp_path)
    get_settings.cache_clear()


@pytest.fixture
def api(tmp_path, monkeypatch, cheap_hashing):
    """The routes that start and show runs (tested in tests/web/content/test_retrain.py)."""
    with retrain_api(monkeypatch, tmp_path) as retrain:
        yield retrain
