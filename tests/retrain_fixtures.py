"""Helpers for the retrain tests: settings on a temporary models folder, database and
reports folder, and a copy of the training inputs that can be damaged on purpose."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.settings import PROJECT_ROOT, get_settings


RASA_URL = "http://rasa.test:5005"  # only ever reached through a fake transport
TOKEN = "test-token"


@pytest.fixture
def retrain_env(tmp_path, monkeypatch):
    """(settings, sessions) on a temporary models folder, reports folder and database."""
    yield isolated_settings(monkeypatch, tmp_path)
    get_settings.cache_clear()


def isolated_settings(monkeypatch, tmp_path: Path, rasa_url: str = RASA_URL):
    """Settings whose models, reports and database live under ``tmp_path`` (never the
    project's own models folder, which a running assistant uses)."""
    monkeypatch.setenv("MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'retrain.db'}")
    monkeypatch.setenv("RASA_URL", rasa_url)
    monkeypatch.setenv("RASA_API_TOKEN", TOKEN)
    get_settings.cache_clear()
    settings = get_settings()
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url)
    return settings, session_factory(settings.database_url)


def copy_inputs(target: Path) -> Path:
    """config.yml, domain.yml and data/ of the project, copied to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT_ROOT / "config.yml", target / "config.yml")
    shutil.copy2(PROJECT_ROOT / "domain.yml", target / "domain.yml")
    shutil.copytree(PROJECT_ROOT / "data", target / "data")
    return target


def relabel(root: Path, intent: str, as_intent: str, keep: int = 3) -> int:
    """Damages the copy: all but ``keep`` examples of ``intent`` are labelled ``as_intent``
    (the intent keeps a few examples, so the data still passes validation). Returns how
    many examples moved."""
    moved = 0
    for path in sorted((root / "data" / "nlu").glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = document.get("nlu") or []
        extra = []
        for block in blocks:
            if block.get("intent") != intent:
                continue
            lines = [line for line in block["examples"].splitlines() if line.strip()]
            block["examples"] = "\n".join(lines[:keep]) + "\n"
            extra.append({"intent": as_intent, "examples": "\n".join(lines[keep:]) + "\n"})
            moved += len(lines[keep:])
        if extra:
            document["nlu"] = blocks + extra
            path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return moved
