"""Starting a retrain's own process and ending a run whose process died (the routes that
use them are tested in tests/web/content/test_retrain.py; the ``api`` fixture is the same)."""
from __future__ import annotations

import time

from bot.retraining.launcher import background_command, end_abandoned_run, launch_in_background


def test_the_background_process_runs_the_queued_run():
    assert background_command(12)[-5:] == ["-m", "bot.retraining", "run", "--run", "12"]


def test_a_run_whose_process_died_is_ended_as_failed_and_frees_the_slot(api):
    run_id = api.post("/api/content/retrain").json()["run"]["id"]
    assert end_abandoned_run(api.sessions, run_id, -9)
    run = api.get(f"/api/content/retrain/{run_id}").json()["run"]
    assert run["status"] == "failed" and "exit code -9" in run["progress"][-1]
    assert api.post("/api/content/retrain").status_code == 202
    finished = api.finish(api.launched[-1], "deployed")
    assert not end_abandoned_run(api.sessions, finished.id, 0)  # a run that ended itself stays as it is
    assert api.get(f"/api/content/retrain/{finished.id}").json()["run"]["status"] == "deployed"


def test_the_real_launcher_starts_a_process_that_ends_a_run_it_cannot_carry_out(tmp_path, monkeypatch, api):
    """The background process really starts; given a run that is not queued it stops at once,
    and the watcher leaves the finished run alone."""
    run_id = api.post("/api/content/retrain").json()["run"]["id"]
    api.finish(run_id, "refused")
    launch_in_background(run_id, api.settings)
    log = api.settings.reports_dir / "retrain" / f"run-{run_id}" / "log.txt"
    deadline = time.monotonic() + 60
    while "not queued" not in (log.read_text() if log.exists() else "") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "not queued" in log.read_text()
    assert api.get(f"/api/content/retrain/{run_id}").json()["run"]["status"] == "refused"
