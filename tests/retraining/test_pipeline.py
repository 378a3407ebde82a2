"""A real retrain, end to end, on a deliberately damaged copy of the training data: most
examples of one intent are relabelled as another. The gate must refuse the new model, the
live pointer must not move, and the run must be recorded with its progress and report.

Kept cheap: 2 cross-validation folds and the project's linear SVM pipeline (about a minute).
"""
from __future__ import annotations

import shutil

import pytest

from bot.core.settings import PROJECT_ROOT
from bot.retraining import live, model_store, nlu_eval, runs
from bot.retraining.pipeline import Inputs, Pipeline
from tests.support.retrain import copy_inputs, relabel

DAMAGED, INTO = "rijbewijs_aanvragen", "paspoort_id_aanvragen"


@pytest.fixture
def live_model(retrain_env):
    """The model of the project's data, live in the temporary models folder (copied when
    make train made it already, trained here otherwise)."""
    settings, _ = retrain_env
    current = model_store.current_model()
    target = settings.models_dir / model_store.model_path(settings.models_dir).name
    if current is not None:
        shutil.copy2(current, target)
    else:
        nlu_eval.train(PROJECT_ROOT, target)
    live.make_live(settings.models_dir, target)
    return target


def test_a_retrain_on_damaged_data_is_refused_and_the_live_model_stays(retrain_env, live_model, tmp_path):
    settings, sessions = retrain_env
    damaged = copy_inputs(tmp_path / "damaged")
    assert relabel(damaged, DAMAGED, INTO) > 30
    with sessions.begin() as session:
        run = runs.start(session, "content")
    lines = []

    finished = Pipeline(settings, sessions, run.id, Inputs(root=damaged), folds=2, echo=lines.append).run()

    assert finished.status == "refused", finished.progress
    assert live.read(settings.models_dir).model == live_model.name
    assert model_store.live_model(settings.models_dir) == live_model
    candidate = settings.models_dir / finished.candidate_model
    assert candidate.exists() and candidate != live_model  # kept for an override, but not live
    failures = finished.summary["decision"]["failures"]
    assert any(f.startswith(f"F1 of {DAMAGED}") for f in failures), failures
    heldout = finished.summary["heldout"]
    assert heldout["new"]["f1"][DAMAGED] < heldout["live"]["f1"][DAMAGED] - 0.5
    assert finished.summary["changed"]["worse"] > 0
    assert finished.summary["crossval"]["live"] is not None and finished.summary["crossval"]["new"] is not None
    # progress: every step reported with its timing, in the record as well as on the screen
    assert finished.progress == lines[: len(finished.progress)]
    for step in ("1/7 validate", "2/7 train", "3/7 held-out test", "4/7 cross-validation", "6/7 decide"):
        assert any(f"step {step}: done in" in line for line in finished.progress), step
    assert not any("step 7/7" in line for line in finished.progress)
    report = (settings.reports_dir / "retrain" / f"run-{run.id}" / "report.html").read_text(encoding="utf-8")
    assert "the gate refuses it" in report and DAMAGED in report
    with sessions.begin() as session:
        assert runs.active(session) is None  # the slot is free for the next run


def test_invalid_training_data_fails_before_training(retrain_env, live_model, tmp_path):
    settings, sessions = retrain_env
    broken = copy_inputs(tmp_path / "broken")
    (broken / "data" / "nlu" / "kapot.yml").write_text("version: '3.1'\nnlu:\n- intent: bestaat_niet\n"
                                                      "  examples: |\n    - hallo daar\n", encoding="utf-8")
    with sessions.begin() as session:
        run = runs.start(session, "content")
    finished = Pipeline(settings, sessions, run.id, Inputs(root=broken), folds=2, echo=lambda _: None).run()
    assert finished.status == "failed"
    assert any("bestaat_niet" in problem for problem in finished.summary["problems"]), finished.summary
    assert finished.candidate_model is None and live.read(settings.models_dir).model == live_model.name
    assert len(list(settings.models_dir.glob("gemeente-*.tar.gz"))) == 1
