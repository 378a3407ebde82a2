"""Starts a retrain in a process of its own (``python -m bot.retraining run``), so training
never slows the gateway down, and ends a run as failed when its process dies without
ending it, so one crash does not block every later run."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, List, Optional

from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import PROJECT_ROOT, Settings
from bot.db.engine import session_factory
from bot.retraining import runs

Launcher = Callable[[int, Settings], None]
log = logging.getLogger(__name__)


class LaunchFailed(Exception):
    """The retrain process could not be started; the run is recorded as failed."""


def report_folder(settings: Settings, run_id: int) -> Path:
    return settings.reports_dir / "retrain" / f"run-{run_id}"


def background_command(run_id: int) -> List[str]:
    return [sys.executable, "-m", "bot.retraining", "run", "--run", str(run_id)]


def launch_in_background(run_id: int, settings: Settings) -> None:
    """Starts the run's own process, its output in the run's report folder."""
    folder = report_folder(settings, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false",
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    with open(folder / "log.txt", "ab") as output:
        process = subprocess.Popen(background_command(run_id), cwd=PROJECT_ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    threading.Thread(target=_watch, args=(process, run_id, settings), name=f"retrain-{run_id}", daemon=True).start()


def start_run(sessions: "sessionmaker[Session]", settings: Settings, launcher: Launcher, username: str,
              reason: Optional[str]) -> runs.Run:
    """Queues a run and starts its process; ``runs.RunActive`` while another run goes on,
    LaunchFailed (the run recorded as failed) when the process cannot start."""
    with sessions.begin() as session:
        run = runs.start(session, username, reason)
    try:
        launcher(run.id, settings)
    except OSError as problem:
        with sessions.begin() as session:
            runs.add_progress(session, run.id, f"could not start the retrain process: {problem}")
            runs.finish(session, run.id, "failed", {"error": "the retrain process could not start"})
        raise LaunchFailed(run.id) from problem
    if reason:
        log.info("retrain run %s started by %s with an override: %s", run.id, username, reason)
    return run


def end_abandoned_run(sessions: "sessionmaker[Session]", run_id: int, exit_code: int) -> bool:
    """Ends the run as failed when its process stopped while it was still active."""
    with sessions.begin() as session:
        if runs.get(session, run_id).status not in runs.ACTIVE:
            return False
        runs.add_progress(session, run_id, f"the retrain process stopped unexpectedly (exit code {exit_code}); "
                                           f"its output is in retrain/run-{run_id}/log.txt")
        runs.finish(session, run_id, "failed", {"error": f"the retrain process stopped (exit code {exit_code})"})
    log.error("retrain run %s: its process stopped with exit code %s", run_id, exit_code)
    return True


def _watch(process: subprocess.Popen, run_id: int, settings: Settings) -> None:
    """Waits for the run's process (no zombie); when it died without ending its run (killed,
    or it could not even start), the run is ended as failed, so it does not block the next."""
    code = process.wait()
    end_abandoned_run(session_factory(settings.database_url), run_id, code)
