"""The secrets the assistant's own processes share: Rasa's API token, the secret the gateway
shows Rasa's input channel, and the secret Rasa shows the action server.

Each comes from its setting (the environment or ``.env``) or else from a file in ``var/``,
made once with a random value and readable by its owner only, so that ``make run``, the
gateway, Rasa and the action server agree without configuration. Secrets are passed between
processes through the environment or these files, never on a command line (which ``ps``
shows to every user of the machine).
"""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Optional

from bot.core.settings import PROJECT_ROOT, Settings

SECRETS_DIR = PROJECT_ROOT / "var"
API_TOKEN_FILE = SECRETS_DIR / "rasa-api.token"
CHANNEL_SECRET_FILE = SECRETS_DIR / "rasa-channel.secret"
ACTIONS_SECRET_FILE = SECRETS_DIR / "actions.secret"
# The headers that carry them: gateway -> Rasa's input channel, Rasa -> the action server.
CHANNEL_SECRET_HEADER = "X-Gateway-Secret"
ACTIONS_SECRET_HEADER = "X-Actions-Secret"
# The environment variables that pass them to the processes (the settings' names).
CHANNEL_SECRET_ENV = "RASA_CHANNEL_SECRET"
ACTIONS_SECRET_ENV = "ACTIONS_SECRET"
API_TOKEN_ENV = "RASA_API_TOKEN"


def shared_secret(configured: str, file: Path) -> str:
    """``configured`` when set, else the file's secret, made once (random, mode 0600). Two
    processes that make it at the same moment end up with the same one: the file is written
    beside its place and linked there only when no other process did so first."""
    if configured:
        return configured
    try:
        return _read(file)
    except FileNotFoundError:
        pass
    file.parent.mkdir(parents=True, exist_ok=True)
    draft = file.with_name(f".{file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    try:
        os.link(draft, file)  # fails when another process linked its own first: then that one counts
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return _read(file)


def _read(file: Path) -> str:
    for _ in range(50):  # a file linked a moment ago is complete; an edited one may be empty briefly
        value = file.read_text(encoding="utf-8").strip()
        if value:
            return value
        time.sleep(0.01)
    raise SystemExit(f"The secret file {file} is empty; remove it to make a new one.")


def api_token(settings: Settings, file: Optional[Path] = None) -> str:
    """Rasa's HTTP API token: RASA_API_TOKEN, or ``var/rasa-api.token``."""
    return shared_secret(settings.rasa_api_token, file or API_TOKEN_FILE)


def channel_secret(settings: Settings, file: Optional[Path] = None) -> str:
    """What the gateway shows Rasa's input channel: RASA_CHANNEL_SECRET, or ``var/rasa-channel.secret``."""
    return shared_secret(settings.rasa_channel_secret, file or CHANNEL_SECRET_FILE)


def actions_secret(settings: Settings, file: Optional[Path] = None) -> str:
    """What Rasa shows the action server: ACTIONS_SECRET, or ``var/actions.secret``."""
    return shared_secret(settings.actions_secret, file or ACTIONS_SECRET_FILE)


def same_secret(given: str, expected: str) -> bool:
    """Compares in constant time, so the answer's timing tells nothing about the secret."""
    return bool(expected) and secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
