"""Settings from the environment, then a ``.env`` file, then the defaults below.

One place for every knob, so ``.env.example`` can document them all. Paths are relative to
the project root unless absolute.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


@dataclass(frozen=True)
class Settings:
    gemeente_config: Path
    content_file: Path
    models_dir: Path
    rasa_host: str
    rasa_port: int
    actions_host: str
    actions_port: int
    log_level: str

    def __repr__(self) -> str:  # secrets, once there are any, must not reach logs
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!s}" for f in fields(self))
        return f"Settings({shown})"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"Setting {name} must be a whole number, not {raw!r}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    env = os.environ.get
    return Settings(
        gemeente_config=_path(env("GEMEENTE_CONFIG", "gemeente.yml")),
        content_file=_path(env("CONTENT_FILE", "content/antwoorden.yml")),
        models_dir=_path(env("MODELS_DIR", "models")),
        rasa_host=env("RASA_HOST", "127.0.0.1"),
        rasa_port=_int("RASA_PORT", 5005),
        actions_host=env("ACTIONS_HOST", "127.0.0.1"),
        actions_port=_int("ACTIONS_PORT", 5055),
        log_level=env("LOG_LEVEL", "INFO"),
    )
