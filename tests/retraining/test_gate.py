"""The gate's rule for "not worse", on constructed figures, and the figures themselves."""
from __future__ import annotations

import pytest

from bot.retraining import gate
from bot.retraining.scoring import Prediction, Scores, changes, confusion, score


def scores(accuracy=0.95, macro_f1=0.95, **f1) -> Scores:
    per_intent = f1 or {"paspoort_id_aanvragen": 0.95, "rijbewijs_aanvragen": 0.95}
    return Scores(accuracy, macro_f1, per_intent, {name: 10 for name in per_intent}, 10 * len(per_intent))


def test_a_better_model_passes():
    decision = gate.decide(scores(0.95), scores(0.97), scores(macro_f1=0.90), scores(macro_f1=0.92))
    assert decision.deploy and decision.failures == []


def test_a_model_within_the_tolerance_passes():
    decision = gate.decide(scores(0.950), scores(0.946), scores(macro_f1=0.900), scores(macro_f1=0.896))
    assert decision.deploy


@pytest.mark.parametrize("new_heldout, new_cv, failing", [
    (scores(0.94), scores(macro_f1=0.95), "held-out accuracy"),
    (scores(0.95), scores(macro_f1=0.94), "cross-validated macro-F1"),
    (scores(0.95, rijbewijs_aanvragen=0.80, paspoort_id_aanvragen=0.99), scores(macro_f1=0.95),
     "F1 of rijbewijs_aanvragen"),
])
def test_a_worse_model_is_refused_and_the_reason_is_named(new_heldout, new_cv, failing):
    decision = gate.decide(scores(0.95), new_heldout, scores(macro_f1=0.95), new_cv)
    assert not decision.deploy
    assert [f.split(":")[0] for f in decision.failures] == [failing]


def test_one_intent_that_stops_working_is_refused_even_when_the_average_improves():
    live = scores(0.90, paspoort_id_aanvragen=0.80, rijbewijs_aanvragen=1.0)
    new = scores(0.93, paspoort_id_aanvragen=1.0, rijbewijs_aanvragen=0.85)
    decision = gate.decide(live, new, scores(), scores())
    assert not decision.deploy and decision.failures[0].startswith("F1 of rijbewijs_aanvragen")


def test_intents_with_few_held_out_messages_do_not_decide_alone():
    live = Scores(0.95, 0.95, {"zeldzaam": 1.0}, {"zeldzaam": gate.MIN_SUPPORT - 1}, 4)
    new = Scores(0.95, 0.95, {"zeldzaam": 0.5}, {"zeldzaam": gate.MIN_SUPPORT - 1}, 4)
    assert gate.decide(live, new, scores(), scores()).deploy


def test_without_the_live_models_data_the_new_one_must_reach_the_floor():
    assert gate.decide(scores(), scores(), None, scores(macro_f1=gate.CV_FLOOR)).deploy
    refused = gate.decide(scores(), scores(), None, scores(macro_f1=gate.CV_FLOOR - 0.01))
    assert not refused.deploy
    assert refused.failures == [f"cross-validated macro-F1: >= {gate.CV_FLOOR} (the live model's data was not kept) "
                                f"(live n/a, new {gate.CV_FLOOR - 0.01:.3f})"]


def test_scores_count_accuracy_f1_per_intent_and_macro_f1():
    found = score([Prediction("a", "x", "x"), Prediction("b", "x", "y"), Prediction("c", "y", "y"),
                   Prediction("d", "y", "y")])
    assert found.accuracy == 0.75
    assert found.f1 == {"x": pytest.approx(2 / 3), "y": pytest.approx(0.8)}  # x: 1 of 2 found; y: 2 of 3 said
    assert found.macro_f1 == pytest.approx((2 / 3 + 0.8) / 2)
    assert found.support == {"x": 2, "y": 2}


def test_changed_predictions_are_listed_with_a_verdict():
    before = [Prediction("a", "x", "x"), Prediction("b", "x", "y"), Prediction("c", "y", "y"), Prediction("d", "y", "x")]
    after = [Prediction("a", "x", "y"), Prediction("b", "x", "x"), Prediction("c", "y", "y"), Prediction("d", "y", "z")]
    assert [(c.text, c.verdict) for c in changes(before, after)] == [("a", "worse"), ("b", "better"), ("d", "different")]
    with pytest.raises(ValueError):
        changes(before, after[:3])


def test_the_confusion_matrix_has_intended_rows_and_predicted_columns():
    labels, matrix = confusion([Prediction("a", "x", "x"), Prediction("b", "x", "y"), Prediction("c", "y", "y")])
    assert labels == ["x", "y"] and matrix == [[1, 1], [0, 1]]
