"""Starting the project's real servers for the tests that need them: a free loopback port, and
the action server on a database of the test's own (``action_server_at``)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

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
