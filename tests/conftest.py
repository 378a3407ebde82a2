"""Shared fixtures: the shipped configuration and content, a fixed "today", trackers from
JSON files in tests/data/, and Rasa SDK's dispatcher and domain."""
from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

from bot.faq.answers import Answers  # noqa: E402
from bot.config.content import load_content  # noqa: E402
from bot.config.gemeente import load_gemeente  # noqa: E402
from bot.core.settings import PROJECT_ROOT  # noqa: E402

pytest_plugins = ["tests.fixtures.booking", "tests.fixtures.staff", "tests.fixtures.browser"]

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture(scope="session")
def config():
    return load_gemeente(PROJECT_ROOT / "gemeente.yml")


@pytest.fixture(scope="session")
def content():
    return load_content(PROJECT_ROOT / "content" / "antwoorden.yml")


@pytest.fixture
def answers(config, content):
    return Answers(content, config, on=TODAY)


@pytest.fixture
def gemeente_file(tmp_path):
    """A writable copy of the shipped gemeente.yml, and a way to edit it as data."""
    target = tmp_path / "gemeente.yml"
    shutil.copy(PROJECT_ROOT / "gemeente.yml", target)

    class Editable:
        path = target

        def load(self):
            return yaml.safe_load(target.read_text(encoding="utf-8"))

        def save(self, data):
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return Editable()


@pytest.fixture
def dispatcher():
    from rasa_sdk.executor import CollectingDispatcher

    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain():
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def tracker():
    """tracker("name") loads tests/data/name.json into a rasa_sdk Tracker."""
    from rasa_sdk import Tracker

    def load(name: str, **overrides):
        state = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
        state.update(overrides)
        return Tracker.from_dict(state)

    return load
