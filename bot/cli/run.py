"""``make run``: the action server, the Rasa server and the web gateway as one command.

Starts them on loopback (Rasa through ``bot.cli.rasa_server``: its own command line with two
speed-ups), waits until each answers, says where to chat, and on Ctrl-C (or when one stops)
stops the others cleanly. ``--shell`` chats in the terminal instead.

Rasa starts with the live model (``make retrain`` decides which that is) and its HTTP API
on, protected by a token, so a retrained model can be loaded without a restart.

The processes share three secrets (``bot.core.secrets``): Rasa's API token, the secret the
gateway shows Rasa's only input channel, and the one Rasa shows the action server. They go
to the processes in their environment, never on a command line, which ``ps`` shows to anyone.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from bot.conversations.tracker_events import tracker_store_url
from bot.core import secrets
from bot.core.settings import PROJECT_ROOT, Settings, get_settings
from bot.retraining.deploy import api_token
from bot.retraining.model_store import current_model, live_model

STARTUP_TIMEOUT_S = 180


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: Optional[str]
    env: dict
    process: Optional[subprocess.Popen] = None
    log_file: Optional[Path] = None  # where its output goes (default: this terminal)

    def start(self) -> None:
        output = open(self.log_file, "ab") if self.log_file is not None else None  # noqa: SIM115 - the child keeps it
        try:
            self.process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=self.env,
                                            start_new_session=True, stdout=output, stderr=output)
        finally:
            if output is not None:
                output.close()

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def answers(self) -> bool:
        if not self.health_url:
            return self.is_running()
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, grace_s: float = 10) -> None:
        process = self.process
        if process is None or not self.is_running():
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _environment(settings: Settings) -> dict:
    tracker = tracker_store_url(settings.database_url)
    return {
        "TRACKER_STORE_URL": tracker,  # endpoints.yml reads these two
        "TRACKER_DIALECT": tracker.split(":", 1)[0].split("+", 1)[0],
        **os.environ,
        "SANIC_HOST": settings.actions_host,  # rasa-sdk binds here; loopback by default
        "ACTIONS_HOST": settings.actions_host,  # endpoints.yml reads these two
        "ACTIONS_PORT": str(settings.actions_port),
        "TF_INTRA_OP_PARALLELISM_THREADS": os.environ.get("TF_INTRA_OP_PARALLELISM_THREADS", "2"),
        "TF_INTER_OP_PARALLELISM_THREADS": os.environ.get("TF_INTER_OP_PARALLELISM_THREADS", "1"),
        "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "LOG_LEVEL": settings.log_level.upper(),  # read by Rasa and rasa-sdk
        # gateway -> Rasa's channel, and Rasa (endpoints.yml) -> the action server
        secrets.CHANNEL_SECRET_ENV: secrets.channel_secret(settings),
        secrets.ACTIONS_SECRET_ENV: secrets.actions_secret(settings),
    }


def action_server(settings: Settings, env: dict) -> Service:
    """rasa-sdk's server, answering only calls that carry the actions secret (bot.cli.action_server)."""
    return Service(
        "action server",
        [sys.executable, "-m", "bot.cli.action_server", "--actions", "actions", "--port", str(settings.actions_port)],
        f"{settings.actions_url}/health",
        env,
    )


def rasa_server(settings: Settings, env: dict, model: Path, token: str) -> Service:
    """Rasa with its HTTP API for loading models, which only a caller with the token may use
    (given in the environment; ``bot.cli.rasa_server`` hands it to Rasa inside the process).
    The health check asks ``/``: Rasa answers it only once the model is loaded."""
    return Service(
        "Rasa server",
        [sys.executable, "-m", "bot.cli.rasa_server", "run", "--model", str(model), "--enable-api",
         "--interface", settings.rasa_host, "--port", str(settings.rasa_port),
         "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
        f"http://{settings.rasa_host}:{settings.rasa_port}/",
        {**env, secrets.API_TOKEN_ENV: token},
    )


def web_gateway(settings: Settings, env: dict) -> Service:
    return Service(
        "web gateway",
        [sys.executable, "-m", "bot.web"],
        f"http://{settings.web_host}:{settings.web_port}/openapi.json",
        env,
    )


def _wait_until_ready(services: List[Service]) -> bool:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    pending = list(services)
    while pending and time.monotonic() < deadline:
        for service in list(pending):
            if not service.is_running():
                print(f"run: the {service.name} stopped during start-up", file=sys.stderr)
                return False
            if service.answers():
                print(f"run: the {service.name} is ready")
                pending.remove(service)
        time.sleep(1)
    if pending:
        print(f"run: no answer from {', '.join(s.name for s in pending)} after {STARTUP_TIMEOUT_S} s",
              file=sys.stderr)
    return not pending


def _stop_all(services: List[Service]) -> None:
    for service in reversed(services):
        service.stop()


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="chat in the terminal")
    args = parser.parse_args(argv)
    settings = get_settings()
    model = live_model()
    if model is None:
        print("run: no live model; run make train first", file=sys.stderr)
        return 1
    if model != current_model():
        print(f"run: starting the live model {model.name}; the training data changed since. "
              "make retrain checks a new model and makes it live when it is not worse.", flush=True)
    env = _environment(settings)
    services = [action_server(settings, env)]
    if not args.shell:
        services += [rasa_server(settings, env, model, api_token(settings)), web_gateway(settings, env)]

    stopping = False

    def _on_signal(signum, frame):  # noqa: ARG001 - signal handler signature
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _on_signal)
    try:
        for service in services:
            service.start()
        if not _wait_until_ready(services):
            return 1
        if args.shell:
            return subprocess.call([sys.executable, "-m", "rasa", "shell", "--model", str(model),
                                    "--endpoints", "endpoints.yml"], cwd=PROJECT_ROOT, env=env)
        base = f"http://{settings.rasa_host}:{settings.rasa_port}"
        web = f"http://{settings.web_host}:{settings.web_port}"
        print(
            "\nThe assistant is running. Stop it with Ctrl-C.\n"
            f"  website chat (demo page): {web}/\n"
            f"  staff console (KCC, agencies, content owners): {web}/kcc "
            "(accounts: python -m bot.staff create)\n"
            f"  chat API (gateway): {web}/api/conversations (see {web}/openapi.json)\n"
            f"  parse a message: curl -s \"{base}/model/parse?token=$(cat var/rasa-api.token)\" "
            "-d '{\"text\": \"wat kost een paspoort\"}'  (or RASA_API_TOKEN)\n"
            "  chat in the terminal instead: make shell\n",
            flush=True,
        )
        while not stopping and all(s.is_running() for s in services):
            time.sleep(0.5)
        for service in services:
            if not service.is_running():
                print(f"run: the {service.name} stopped; stopping the rest", file=sys.stderr)
                return 1
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        print("run: stopping", flush=True)
        _stop_all(services)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
