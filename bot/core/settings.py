"""Settings from the environment, then a ``.env`` file, then the defaults below.

One place for every knob, so ``.env.example`` can document them all. Paths are relative to
the project root unless absolute.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Tuple

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parents[2]


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
    database_url: str
    booking_backend: str
    smtp_host: str
    smtp_port: int
    smtp_username: str
    smtp_password: str
    smtp_starttls: bool
    mail_from: str
    outbox_dir: Path
    web_host: str
    web_port: int
    rasa_url: str
    rasa_timeout_s: float
    staff_session_hours: float
    staff_cookie_secure: bool
    staff_idle_minutes: float
    staff_max_sessions: int
    staff_login_max_failures: int
    staff_login_max_failures_per_address: int
    staff_login_window_minutes: float
    audit_retention_days: int
    transcript_retention_days: int
    rate_limit_per_conversation: int
    rate_limit_per_address: int
    trust_forwarded_for: bool
    trust_forwarded_proto: bool
    read_timeout_s: float
    redis_url: str
    widget_origins: Tuple[str, ...]
    rasa_api_token: str
    rasa_channel_secret: str
    actions_secret: str
    retrain_folds: int
    retrain_estimate_s: int
    reports_dir: Path
    training_data_dir: Path
    new_topics_file: Path

    @property
    def actions_url(self) -> str:
        """Where the action server answers (endpoints.yml builds the same from the two parts)."""
        return f"http://{self.actions_host}:{self.actions_port}"

    def __repr__(self) -> str:  # secrets must not reach logs or tracebacks
        shown = ", ".join(f"{f.name}={_shown(f.name, getattr(self, f.name))}" for f in fields(self))
        return f"Settings({shown})"


_SECRETS = ("smtp_password", "rasa_api_token", "rasa_channel_secret", "actions_secret")
_URLS_WITH_PASSWORDS = ("database_url", "redis_url")


def _shown(name: str, value: object) -> str:
    if name in _SECRETS:
        return "***" if value else "''"
    if name in _URLS_WITH_PASSWORDS:
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", str(value))
    return str(value)


def _database_url(value: str) -> str:
    """A relative SQLite path is relative to the project root, wherever the command runs."""
    prefix = "sqlite:///"
    if value.startswith(prefix) and not value.startswith(prefix + "/") and value != prefix + ":memory:":
        return prefix + str(PROJECT_ROOT / value[len(prefix):])
    return value


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "true" if default else "false").strip().lower()
    if raw in ("1", "true", "yes", "ja", "on"):
        return True
    if raw in ("0", "false", "no", "nee", "off", ""):
        return False
    raise SystemExit(f"Setting {name} must be true or false, not {raw!r}")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"Setting {name} must be a whole number, not {raw!r}") from None


def _positive_int(name: str, default: int) -> int:
    return _int_at_least(name, default, 1)


def _int_at_least(name: str, default: int, minimum: int) -> int:
    value = _int(name, default)
    if value < minimum:
        raise SystemExit(f"Setting {name} must be at least {minimum}, not {value}")
    return value


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, str(default))
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"Setting {name} must be a number, not {raw!r}") from None
    if not value > 0:
        raise SystemExit(f"Setting {name} must be more than 0, not {raw!r}")
    return value


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def _origins(name: str) -> Tuple[str, ...]:
    """Comma-separated web origins such as ``https://www.gemeente.nl``."""
    found = tuple(part.strip().rstrip("/") for part in os.environ.get(name, "").split(",") if part.strip())
    wrong = [origin for origin in found if not _ORIGIN.fullmatch(origin)]
    if wrong:
        raise SystemExit(f"Setting {name} must list origins such as https://www.gemeente.nl, not {wrong[0]!r}")
    return found


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
        database_url=_database_url(env("DATABASE_URL", "sqlite:///var/gemeente.db")),
        booking_backend=env("BOOKING_BACKEND", "database"),
        smtp_host=env("SMTP_HOST", ""),
        smtp_port=_int("SMTP_PORT", 25),
        smtp_username=env("SMTP_USERNAME", ""),
        smtp_password=env("SMTP_PASSWORD", ""),
        smtp_starttls=_bool("SMTP_STARTTLS", False),
        mail_from=env("MAIL_FROM", "noreply@gemeente.example"),
        outbox_dir=_path(env("OUTBOX_DIR", "var/outbox")),
        web_host=env("WEB_HOST", "127.0.0.1"),
        web_port=_int("WEB_PORT", 8000),
        rasa_url=env("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
        rasa_timeout_s=_float("RASA_TIMEOUT_S", 5.0),
        staff_session_hours=_float("STAFF_SESSION_HOURS", 8.0),
        staff_cookie_secure=_bool("STAFF_COOKIE_SECURE", True),
        staff_idle_minutes=_float("STAFF_IDLE_MINUTES", 15.0),
        staff_max_sessions=_positive_int("STAFF_MAX_SESSIONS", 3),
        staff_login_max_failures=_positive_int("STAFF_LOGIN_MAX_FAILURES", 5),
        staff_login_max_failures_per_address=_positive_int("STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
        staff_login_window_minutes=_float("STAFF_LOGIN_WINDOW_MINUTES", 15.0),
        audit_retention_days=_positive_int("AUDIT_RETENTION_DAYS", 365),
        transcript_retention_days=_positive_int("TRANSCRIPT_RETENTION_DAYS", 90),
        rate_limit_per_conversation=_positive_int("RATE_LIMIT_PER_CONVERSATION", 20),
        rate_limit_per_address=_positive_int("RATE_LIMIT_PER_ADDRESS", 60),
        trust_forwarded_for=_bool("TRUST_FORWARDED_FOR", False),
        trust_forwarded_proto=_bool("TRUST_FORWARDED_PROTO", False),
        read_timeout_s=_float("READ_TIMEOUT_S", 10.0),
        redis_url=env("REDIS_URL", "").strip(),
        widget_origins=_origins("WIDGET_ORIGINS"),
        rasa_api_token=env("RASA_API_TOKEN", ""),
        rasa_channel_secret=env("RASA_CHANNEL_SECRET", ""),
        actions_secret=env("ACTIONS_SECRET", ""),
        retrain_folds=_int_at_least("RETRAIN_FOLDS", 5, 2),
        retrain_estimate_s=_positive_int("RETRAIN_ESTIMATE_S", 120),
        reports_dir=_path(env("REPORTS_DIR", "reports")),
        training_data_dir=_path(env("TRAINING_DATA_DIR", "data/nlu")),
        new_topics_file=_path(env("NEW_TOPICS_FILE", "nlu_inbox/nieuwe_onderwerpen.yml")),
    )
