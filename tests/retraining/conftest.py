"""The retrain tests' settings on temporary folders and database (tests.support.retrain)."""
from __future__ import annotations

import pytest

from bot.core.settings import get_settings
from tests.support.retrain import isolated_settings


@pytest.fixture
def retrain_env(tmp_path, monkeypatch):
    """(settings, sessions) on a temporary models folder, reports folder and database."""
    yield isolated_settings(monkeypatch, tmp_path)
    get_settings.cache_clear()
