"""Making a model live: point at it, then load it into the running Rasa without a restart.

Rasa's HTTP API (``PUT /model``) builds the new agent beside the old one and swaps them, so
residents keep being answered while it loads. The API is protected by a token (Rasa's
``--auth-token``) and Rasa listens on loopback only. When Rasa is not running, the pointer
alone is enough: ``make run`` starts the live model.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import httpx

from bot.core import secrets
from bot.core.settings import Settings
from bot.retraining import live

log = logging.getLogger(__name__)
LOAD_TIMEOUT_S = 120.0  # loading a model takes seconds; the old one answers meanwhile


@dataclass(frozen=True)
class HotLoad:
    """What happened to the running Rasa: loaded, or why not (in a sentence for people)."""
    loaded: bool
    message: str


# Rasa takes its API token only in the query string, and httpx logs every request's URL at
# INFO: the token must never reach a log, so httpx speaks only of problems.
logging.getLogger("httpx").setLevel(logging.WARNING)


def api_token(settings: Settings, token_file: Optional[Path] = None) -> str:
    """RASA_API_TOKEN, or else the machine's own random token (made once, readable by the
    owner only), so ``make run`` and ``make retrain`` agree on it without configuration."""
    return secrets.api_token(settings, token_file)


def hot_load(model: Path, rasa_url: str, token: str,
             transport: Optional[httpx.BaseTransport] = None) -> HotLoad:
    """Asks the running Rasa to load ``model`` and checks that it did."""
    base = rasa_url.rstrip("/")
    params = {"token": token}
    try:
        with httpx.Client(transport=transport, timeout=httpx.Timeout(LOAD_TIMEOUT_S, connect=3.0)) as client:
            answer = client.put(f"{base}/model", params=params, json={"model_file": str(model.resolve())})
            if answer.status_code in (401, 403):
                return HotLoad(False, "Rasa refused the API token (RASA_API_TOKEN); the new model is live "
                                      "from the next start (make run).")
            if answer.status_code != 204:
                return HotLoad(False, f"Rasa could not load the model (HTTP {answer.status_code}); the running "
                                      "server keeps the model it had until the next start.")
            status = client.get(f"{base}/status", params=params)
            running = status.json().get("model_file", "") if status.status_code == 200 else ""
    except httpx.TransportError:
        return HotLoad(False, "Rasa is not running; the live model is picked up at the next start (make run).")
    except ValueError:
        running = ""
    if Path(running).name != model.name:
        return HotLoad(False, f"Rasa answered, but reports {running or 'no model'} instead of {model.name}.")
    return HotLoad(True, f"The running Rasa server now uses {model.name} (loaded without a restart).")


def deploy(model: Path, settings: Settings, run_id: Optional[int] = None,
           transport: Optional[httpx.BaseTransport] = None) -> Tuple[live.LivePointer, HotLoad]:
    """Makes ``model`` live (the one before stays for a rollback) and loads it."""
    pointer = live.make_live(settings.models_dir, model, run_id)
    log.info("model %s is live (run %s)", model.name, run_id)
    return pointer, hot_load(model, settings.rasa_url, api_token(settings), transport)


def rollback(settings: Settings, transport: Optional[httpx.BaseTransport] = None) -> Tuple[str, live.LivePointer, HotLoad]:
    """Makes the previous model live again and loads it; returns the replaced model's name."""
    replaced, pointer = live.roll_back(settings.models_dir)
    log.info("rolled back from %s to %s", replaced, pointer.model)
    return replaced, pointer, hot_load(settings.models_dir / pointer.model, settings.rasa_url,
                                       api_token(settings), transport)
