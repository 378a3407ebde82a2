"""The content owners' retrain API with the background process replaced by a recorder
(tests.support.retrain)."""
from __future__ import annotations

import pytest

from tests.support.retrain import retrain_api


@pytest.fixture
def api(tmp_path, monkeypatch, cheap_hashing):
    with retrain_api(monkeypatch, tmp_path) as retrain:
        yield retrain
