"""The record of retrain runs: one active at a time, progress, the end of a run, an
override (who, when, why) and a rollback, through the same functions the console uses."""
from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from bot.core.clock import utcnow
from bot.db.models import RetrainRunRow
from bot.retraining import live, runs
from bot.retraining.pipeline import OverrideNotAllowed, override, rollback
from tests.support.retrain import FakeRasaApi, model

TOKEN = "test-token"


def start(sessions, who="content", reason=None):
    with sessions.begin() as session:
        return runs.start(session, who, reason)


def refused_run(sessions, candidate):
    run = start(sessions)
    with sessions.begin() as session:
        runs.set_models(session, run.id, candidate.name, None)
        runs.finish(session, run.id, "refused", {"decision": {"deploy": False}})
    return run


def test_only_one_run_is_active_and_the_next_may_start_when_it_ends(retrain_env):
    _, sessions = retrain_env
    first = start(sessions)
    assert first.status == "queued"
    with pytest.raises(runs.RunActive) as refused:
        start(sessions, "admin")
    assert refused.value.run_id == first.id
    with sessions.begin() as session:
        runs.add_progress(session, first.id, "step 1/7 validate", status="running")
        done = runs.finish(session, first.id, "deployed", {"seconds": 1})
    assert (done.status, done.progress) == ("deployed", ["step 1/7 validate"]) and done.finished_at
    assert start(sessions).id == first.id + 1


def test_a_run_whose_process_died_stops_blocking_after_a_while(retrain_env):
    _, sessions = retrain_env
    stuck = start(sessions)
    with sessions.begin() as session:
        session.execute(update(RetrainRunRow).values(updated_at=utcnow() - runs.STALE_AFTER - timedelta(minutes=1)))
    fresh = start(sessions)
    with sessions.begin() as session:
        assert runs.get(session, stuck.id).status == "failed"
        assert runs.active(session).id == fresh.id


def test_the_database_itself_allows_one_active_run(retrain_env):
    from sqlalchemy.exc import IntegrityError

    _, sessions = retrain_env
    start(sessions)
    with pytest.raises(IntegrityError):
        with sessions.begin() as session:
            now = utcnow()
            session.add(RetrainRunRow(status="queued", started_by="x", started_at=now, updated_at=now, active_slot=1))


def test_an_override_makes_the_refused_model_live_and_logs_who_when_and_why(retrain_env):
    settings, sessions = retrain_env
    old, candidate = model(settings.models_dir, "old"), model(settings.models_dir, "candidate")
    live.make_live(settings.models_dir, old)
    run = refused_run(sessions, candidate)
    rasa = FakeRasaApi(token=TOKEN)
    changed = override(settings, sessions, run.id, "inge", "De nieuwe intent is nodig voor de campagne.",
                       httpx.MockTransport(rasa))
    assert changed.status == "deployed" and changed.summary["overridden"] is True
    assert (changed.override_by, changed.override_reason) == ("inge", "De nieuwe intent is nodig voor de campagne.")
    assert changed.override_at is not None
    assert any("override by inge" in line for line in changed.progress)
    assert live.read(settings.models_dir).model == candidate.name
    assert rasa.loaded == str(candidate.resolve())


@pytest.mark.parametrize("status", ["deployed", "failed", "running"])
def test_only_a_refused_run_can_be_overridden(retrain_env, status):
    settings, sessions = retrain_env
    old, candidate = model(settings.models_dir, "old"), model(settings.models_dir, "candidate")
    live.make_live(settings.models_dir, old)
    run = start(sessions)
    with sessions.begin() as session:
        runs.set_models(session, run.id, candidate.name, old.name)
        runs.add_progress(session, run.id, "x", status=status)
    with pytest.raises(OverrideNotAllowed):
        override(settings, sessions, run.id, "inge", "reason")
    assert live.read(settings.models_dir).model == old.name


def test_an_override_of_a_model_that_was_pruned_is_refused(retrain_env):
    settings, sessions = retrain_env
    old, candidate = model(settings.models_dir, "old"), model(settings.models_dir, "candidate")
    live.make_live(settings.models_dir, old)
    run = refused_run(sessions, candidate)
    candidate.unlink()
    with pytest.raises(OverrideNotAllowed, match="no longer on disk"):
        override(settings, sessions, run.id, "inge", "reason")


def test_a_rollback_restores_the_previous_model_and_marks_the_run_that_made_it_live(retrain_env):
    settings, sessions = retrain_env
    old, candidate = model(settings.models_dir, "old"), model(settings.models_dir, "new")
    live.make_live(settings.models_dir, old)
    run = start(sessions)
    with sessions.begin() as session:
        runs.set_models(session, run.id, candidate.name, old.name)
        runs.finish(session, run.id, "deployed", {})
    live.make_live(settings.models_dir, candidate, run.id)
    rasa = FakeRasaApi(token=TOKEN)
    rolled = rollback(settings, sessions, "admin", httpx.MockTransport(rasa))
    assert (rolled.id, rolled.status) == (run.id, "rolled_back")
    assert rolled.summary["rollback"]["by"] == "admin" and rolled.summary["rollback"]["restored"] == old.name
    assert live.read(settings.models_dir).model == old.name and rasa.loaded == str(old.resolve())


def test_a_rollback_of_a_model_no_run_made_live_is_recorded_too(retrain_env):
    settings, sessions = retrain_env
    first, second = model(settings.models_dir, "first"), model(settings.models_dir, "second")
    live.make_live(settings.models_dir, first)
    live.make_live(settings.models_dir, second)
    rolled = rollback(settings, sessions, "admin")  # Rasa is not running: picked up at the next start
    assert rolled.status == "rolled_back" and rolled.candidate_model == second.name
    assert "next start" in rolled.summary["rollback"]["hot_load"]
    with pytest.raises(live.NothingToRollBack):
        rollback(settings, sessions, "admin")


def test_a_run_started_with_an_override_records_the_starter_when_it_deploys(retrain_env):
    _, sessions = retrain_env
    run = start(sessions, "inge", reason="De oude intent verdwijnt bewust.")
    assert run.override_requested and run.override_by is None
    with sessions.begin() as session:
        done = runs.finish(session, run.id, "deployed", {"overridden": True})
    assert (done.override_by, done.override_reason) == ("inge", "De oude intent verdwijnt bewust.")
    assert done.override_at is not None
    other = start(sessions, "inge", reason="niet nodig")
    with sessions.begin() as session:
        passed = runs.finish(session, other.id, "deployed", {})  # the gate passed: no override happened
    assert passed.override_by is None


def test_the_live_models_cross_validation_is_reused_from_when_it_was_the_new_one(retrain_env):
    from bot.retraining import model_store, pipeline
    from bot.retraining.scoring import Scores

    settings, sessions = retrain_env
    trained = model(settings.models_dir, "earlier")
    model_store.keep_inputs(trained, model_store.PROJECT_ROOT)
    figures = Scores(0.9, 0.91, {"bedankt": 0.95}, {"bedankt": 40}, 40)
    pipeline._store_crossval(trained, 5, figures)
    run = start(sessions)
    lines = []
    found = pipeline.Pipeline(settings, sessions, run.id, folds=5, echo=lines.append)._live_cross_validation(
        trained, model_store.PROJECT_ROOT, new_cv=None)
    assert found == figures
    assert "from when it was trained" in lines[-1]
    assert pipeline._stored_crossval(trained, 2) is None  # other folds: computed anew


def test_a_run_started_with_an_override_deploys_the_refused_model_and_says_who_and_why(retrain_env):
    from bot.retraining import pipeline

    settings, sessions = retrain_env
    old, candidate = model(settings.models_dir, "old"), model(settings.models_dir, "candidate")
    live.make_live(settings.models_dir, old)
    run = start(sessions, "inge", reason="Bewust: het onderwerp verhuist naar een andere intent.")
    rasa = FakeRasaApi(token=TOKEN)
    lines = []
    steps = pipeline.Pipeline(settings, sessions, run.id, echo=lines.append, rasa_transport=httpx.MockTransport(rasa))
    steps._deploy(candidate, overridden_because=run.override_reason)
    assert steps.summary["overridden"] is True and "now uses" in steps.summary["hot_load"]
    assert any("override by inge: Bewust" in line for line in lines)
    assert live.read(settings.models_dir).model == candidate.name and live.read(settings.models_dir).run_id == run.id
    assert rasa.loaded == str(candidate.resolve())
    with sessions.begin() as session:
        done = runs.finish(session, run.id, "deployed", steps.summary)
    assert done.override_by == "inge"


def test_a_long_step_says_it_is_still_working(retrain_env, monkeypatch):
    import time as clock

    from bot.retraining import pipeline

    _, sessions = retrain_env
    settings, _ = retrain_env
    monkeypatch.setattr(pipeline, "HEARTBEAT_S", 0.05)
    run = start(sessions)
    lines = []
    steps = pipeline.Pipeline(settings, sessions, run.id, echo=lines.append)
    with steps._step(2, "training"):
        clock.sleep(0.3)
    assert lines[0].endswith("step 2/7 train: training") and "step 2/7 train: done in" in lines[-1]
    assert any("step 2/7 train: still working" in line for line in lines[1:-1])
    with sessions.begin() as session:
        assert runs.get(session, run.id).progress == lines


def test_of_many_simultaneous_starts_one_wins_and_no_progress_line_is_lost(database_url):
    """The rules that must hold under concurrency, on SQLite and PostgreSQL."""
    import threading

    from bot.db.engine import session_factory
    from bot.db.migrate import upgrade

    upgrade(database_url)
    sessions = session_factory(database_url)
    started, refused, barrier = [], [], threading.Barrier(8)

    def try_start(who):
        barrier.wait()
        try:
            started.append(start(sessions, who).id)
        except runs.RunActive:
            refused.append(who)

    threads = [threading.Thread(target=try_start, args=(f"user{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(started) == 1 and len(refused) == 7

    def write(prefix):
        for i in range(15):
            with sessions.begin() as session:
                runs.add_progress(session, started[0], f"{prefix} {i}")

    writers = [threading.Thread(target=write, args=(name,)) for name in ("step", "heartbeat")]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    with sessions.begin() as session:
        assert len(runs.get(session, started[0]).progress) == 30
