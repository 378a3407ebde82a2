"""The commands behind make retrain and make rollback, and the console's background process:
what they refuse and what they print."""
from __future__ import annotations

from bot.retraining import live, runs
from bot.retraining.__main__ import main
from tests.support.retrain import model


def test_rollback_without_an_earlier_model_says_so(retrain_env, capsys):
    settings, _ = retrain_env
    live.make_live(settings.models_dir, model(settings.models_dir, "only"))
    assert main(["rollback"]) == 1
    assert "no earlier model" in capsys.readouterr().err


def test_rollback_restores_the_previous_model_and_says_which(retrain_env, capsys):
    settings, _ = retrain_env
    first, second = model(settings.models_dir, "first"), model(settings.models_dir, "second")
    live.make_live(settings.models_dir, first)
    live.make_live(settings.models_dir, second)
    assert main(["rollback", "--by", "beheer"]) == 0
    out = capsys.readouterr().out
    assert f"{first.name} is live again (was {second.name})" in out
    assert live.read(settings.models_dir).model == first.name


def test_nothing_changes_while_a_run_is_going(retrain_env, capsys):
    settings, sessions = retrain_env
    first, second = model(settings.models_dir, "first"), model(settings.models_dir, "second")
    live.make_live(settings.models_dir, first)
    live.make_live(settings.models_dir, second)
    with sessions.begin() as session:
        busy = runs.start(session, "content")
    assert main(["retrain"]) == 1
    assert main(["rollback"]) == 1
    assert main(["deploy", "--run", str(busy.id), "--reason", "nu"]) == 1
    assert f"run {busy.id}" in capsys.readouterr().err
    assert live.read(settings.models_dir).model == second.name


def test_the_background_process_only_takes_a_queued_run(retrain_env, capsys):
    _, sessions = retrain_env
    with sessions.begin() as session:
        run = runs.start(session, "content")
        runs.finish(session, run.id, "refused", {})
    assert main(["run", "--run", str(run.id)]) == 1
    assert main(["run", "--run", "999"]) == 1
    assert "not queued" in capsys.readouterr().err
