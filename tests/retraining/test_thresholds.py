"""When the assistant asks: the outcome of a pair of thresholds, and the sweep's lowest cost."""
from __future__ import annotations

import numpy as np

from bot.retraining.thresholds import Outcome, classifier_config, outcome, sweep


def test_a_confident_wrong_topic_is_answered_and_a_close_call_is_asked():
    classes = ["a", "b", "c"]
    probabilities = np.array([[0.8, 0.1, 0.1],    # right, sure: answered
                              [0.7, 0.2, 0.1],    # wrong (b expected), sure: answered wrongly
                              [0.45, 0.4, 0.15],  # right but close: asked when right
                              [0.3, 0.6, 0.1]])   # wrong (c expected), b sure: answered wrongly
    found = outcome(["a", "b", "a", "c"], probabilities, classes, threshold=0.4, margin=0.1)
    assert found.wrong == 0.5 and found.asked_when_right == 0.25


def test_below_the_confidence_threshold_even_a_wrong_topic_is_asked():
    found = outcome(["b"], np.array([[0.35, 0.3, 0.35]]), ["a", "b", "c"], threshold=0.4, margin=0.0)
    assert found.wrong == 0.0 and found.asked_when_right == 0.0


def test_the_cost_weighs_a_wrong_answer_against_a_needless_question():
    assert Outcome(0.4, 0.1, wrong=0.05, asked_when_right=0.03).cost(2.0) == 0.13


def test_the_sweep_weighs_folds_by_their_size_and_covers_every_pair():
    classes = ["a", "b"]
    folds = [(["a"], np.array([[0.9, 0.1]]), classes),
             (["b", "b", "b"], np.array([[0.56, 0.44]] * 3), classes)]
    outcomes = sweep(folds)
    assert len(outcomes) == 20
    strict = next(o for o in outcomes if o.threshold == 0.3 and o.margin == 0.02)
    assert strict.wrong == 0.75 and strict.asked_when_right == 0.0
    careful = next(o for o in outcomes if o.threshold == 0.3 and o.margin == 0.15)
    assert careful.wrong == 0.0


def test_the_classifier_settings_come_from_config_yml(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: bot.nlp.intent_classifier.LinearIntentClassifier\n    C: 3.0\n")
    found = classifier_config(config)
    assert found["C"] == 3.0 and found["char_max_ngram"] == 4
