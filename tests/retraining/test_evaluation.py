"""The NLU quality gate of ``make test``: the scores read from Rasa's report, and the exit
code and message when the held-out accuracy or the cross-validated macro-F1 is below its
floor (Rasa itself is replaced: it is run for real by scripts/test.sh)."""
from __future__ import annotations

import json

import pytest

from bot.retraining import evaluation
from bot.retraining.evaluation import HELDOUT_ACCURACY_FLOOR, MACRO_F1_FLOOR, Score


def write_report(folder, accuracy, macro_f1, per_intent):
    folder.mkdir(parents=True, exist_ok=True)
    report = {name: {"precision": f1, "recall": f1, "f1-score": f1, "support": 10} for name, f1 in per_intent.items()}
    report.update({"accuracy": accuracy, "macro avg": {"f1-score": macro_f1, "support": 30},
                   "weighted avg": {"f1-score": 0.01, "support": 30}})
    (folder / "intent_report.json").write_text(json.dumps(report))
    return folder


def test_the_score_is_read_from_rasas_report_and_names_the_weakest_intents(tmp_path):
    out = write_report(tmp_path / "report", 0.93, 0.91, {"groet": 1.0, "emigratie": 0.72, "afval": 0.85})
    score = evaluation._score(out, 12.0)
    assert (score.accuracy, score.macro_f1, score.seconds) == (0.93, 0.91, 12.0)
    assert score.weakest(2) == ["emigratie 0.72", "afval 0.85"]  # the averages are no intents


@pytest.fixture
def gate(tmp_path, monkeypatch):
    """The gate with Rasa's runs replaced: set ``gate.heldout`` and ``gate.crossval`` scores."""
    class Gate:
        heldout = 0.95
        crossval = 0.95

    def fake(name):
        def run(*args):
            value = getattr(Gate, name)
            return Score(value, value, 1.0, write_report(tmp_path / name, value, value, {"groet": value}))
        return run

    monkeypatch.setattr(evaluation, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(evaluation, "REPORTS", tmp_path / "reports")
    monkeypatch.setattr(evaluation, "heldout", fake("heldout"))
    monkeypatch.setattr(evaluation, "crossval", fake("crossval"))
    monkeypatch.setattr(evaluation, "current_model", lambda: tmp_path / "model.tar.gz")
    return Gate


def test_the_gate_passes_when_both_scores_reach_their_floor(gate, capsys):
    gate.heldout, gate.crossval = HELDOUT_ACCURACY_FLOOR, MACRO_F1_FLOOR
    assert evaluation.main(["gate"]) == 0
    out = capsys.readouterr()
    assert "held-out test set: accuracy 0.900" in out.out and "5-fold cross-validation" in out.out
    assert "FAILED" not in out.err


@pytest.mark.parametrize("heldout, crossval, failure", [
    (0.89, 0.95, "held-out accuracy 0.890 < 0.9"),
    (0.95, 0.89, "cross-validation macro-F1 0.890 < 0.9"),
], ids=["held-out", "cross-validation"])
def test_the_gate_fails_below_either_floor_and_says_which(gate, capsys, heldout, crossval, failure):
    gate.heldout, gate.crossval = heldout, crossval
    assert evaluation.main(["gate"]) == 1
    assert capsys.readouterr().err.strip() == f"NLU quality gate FAILED: {failure}"


def test_without_a_model_the_gate_fails_and_says_to_train(gate, monkeypatch, capsys):
    monkeypatch.setattr(evaluation, "current_model", lambda: None)
    assert evaluation.main(["gate"]) == 1
    assert "no model for the current data; run make train" in capsys.readouterr().err
