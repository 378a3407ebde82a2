"""Starting the project's real servers for the tests that need them: a free loopback port, the
action server on a database of the test's own (``action_server_at``), and the whole stack of
``make run`` (``whole_stack``)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, Optional, Tuple

import pytest

from bot.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def action_server_at(folder: Path, extra_env: Optional[Dict[str, str]] = None) -> Iterator[Tuple[str, Dict[str, str]]]:
    """The action server on a migrated SQLite database in ``folder``, mails to its outbox;
    yields the webhook URL and the environment it runs with."""
    env = {**os.environ, "SANIC_HOST": "127.0.0.1", "DATABASE_URL": f"sqlite:///{folder / 'gemeente.db'}",
           "OUTBOX_DIR": str(folder / "outbox"), "SMTP_HOST": "", "RASA_TELEMETRY_ENABLED": "false",
           **(extra_env or {})}
    subprocess.run([sys.executable, "-m", "bot.db.migrate"], cwd=PROJECT_ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the action server did not start")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/webhook", env
    finally:
        process.terminate()
        process.wait(10)


STACK_PASSWORD = "een lang wachtwoord voor de test"


@dataclass
class Stack:
    """The servers of ``make run`` (by name: actions, rasa, gateway), the gateway's address
    and a session factory on their database."""
    services: Dict[str, object]
    url: str
    sessions: object


@contextlib.contextmanager
def whole_stack(folder: Path, model: Path, accounts: Iterable[Tuple[str, str, str]] = (),
                timeout_s: str = "5") -> Iterator[Stack]:
    """Action server, Rasa (the given model) and the gateway as ``make run`` starts them, on
    free loopback ports with a database in ``folder``; ``accounts`` are (username, name, role)
    with ``STACK_PASSWORD``."""
    from bot import run
    from bot.db.engine import session_factory
    from bot.db.migrate import main as migrate
    from bot.retraining.deploy import api_token
    from bot.settings import get_settings
    from bot.web import staff_accounts

    ports = {name: str(free_port()) for name in ("WEB_PORT", "RASA_PORT", "ACTIONS_PORT")}
    with pytest.MonkeyPatch.context() as env:
        for name, value in {**ports, "DATABASE_URL": f"sqlite:///{folder / 'gemeente.db'}",
                            "OUTBOX_DIR": str(folder / "outbox"), "SMTP_HOST": "", "LOG_LEVEL": "WARNING",
                            "RASA_URL": f"http://127.0.0.1:{ports['RASA_PORT']}", "STAFF_COOKIE_SECURE": "false",
                            "RASA_TIMEOUT_S": timeout_s}.items():
            env.setenv(name, value)
        get_settings.cache_clear()
        settings = get_settings()
        migrate()
        sessions = session_factory(settings.database_url)
        with sessions.begin() as session:
            for username, name, role in accounts:
                staff_accounts.create_account(session, username, name, STACK_PASSWORD, frozenset({role}))
        processes = run._environment(settings)
        services = {"actions": run.action_server(settings, processes),
                    "rasa": run.rasa_server(settings, processes, model, api_token(settings)),
                    "gateway": run.web_gateway(settings, processes)}
    get_settings.cache_clear()
    for service in services.values():
        service.start()
    try:
        if not run._wait_until_ready(list(services.values())):
            pytest.fail("the stack did not start")
        yield Stack(services, f"http://127.0.0.1:{ports['WEB_PORT']}", sessions)
    finally:
        run._stop_all(list(services.values()))
