"""The realistic held-out figures: what counts as confidently wrong, and the baseline beside the model."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.nlp.intent_classifier import fold_text
from bot.retraining.realistic import FALLBACK, baseline_figures, english_right, examples, fallback_threshold, score


def test_a_wrong_answer_above_the_threshold_is_confidently_wrong_and_a_fallback_is_not():
    figures = score("m", ["a", "a", "b", "b"], ["a", "b", FALLBACK, "a"], [0.9, 0.8, 0.35, 0.2], threshold=0.35)
    assert figures.accuracy == 0.25
    assert figures.confidently_wrong == 1  # "b" at 0.8; the fallback and the unsure "a" ask instead
    assert figures.confidently_wrong_share == pytest.approx(0.25)


def test_the_threshold_is_the_fallback_classifiers_of_config_yml(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: WhitespaceTokenizer\n  - name: FallbackClassifier\n    threshold: 0.42\n")
    assert fallback_threshold(config) == 0.42


def test_examples_lose_their_entity_markup(tmp_path):
    nlu = tmp_path / "x.yml"
    nlu.write_text('version: "3.1"\nnlu:\n- intent: paspoort_id_aanvragen\n  examples: |\n'
                   "    - wat kost een [paspoort](document)\n- synonym: id\n  examples: |\n    - idkaart\n")
    assert examples(nlu) == [("wat kost een paspoort", "paspoort_id_aanvragen")]


def test_the_baseline_learns_from_the_training_files_it_is_given(tmp_path):
    train = tmp_path / "nlu"
    train.mkdir()
    (train / "a.yml").write_text('version: "3.1"\nnlu:\n- intent: afval\n  examples: |\n'
                                 + "".join(f"    - wanneer komt de vuilniswagen {i}\n" for i in range(5))
                                 + "- intent: paspoort\n  examples: |\n"
                                 + "".join(f"    - wat kost een paspoort {i}\n" for i in range(5)))
    heldout = tmp_path / "held.yml"
    heldout.write_text('version: "3.1"\nnlu:\n- intent: afval\n  examples: |\n    - komt de vuilniswagen morgen\n'
                       "- intent: paspoort\n  examples: |\n    - kost een paspoort veel\n")
    figures = baseline_figures(train, heldout, 0.35)
    assert figures.messages == 2 and figures.accuracy == 1.0


@pytest.mark.parametrize("name, at_least", [("nlu_realistic.yml", 500), ("nlu_test.yml", 300), ("nlu_heldout_fresh.yml", 450)])
def test_no_held_out_file_shares_a_message_with_the_training_data(name, at_least):
    root = Path(__file__).resolve().parents[2]
    train = {_compared(t) for path in (root / "data" / "nlu").glob("*.yml") for t, _ in examples(path)}
    held = [_compared(t) for t, _ in examples(root / "tests" / name)]
    assert len(held) >= at_least and not set(held) & train


def _compared(text: str) -> str:
    """A message as the classifier sees it: case, accents and punctuation do not make it new."""
    return re.sub(r"[^\w]+", " ", fold_text(text)).strip()


def test_a_wrong_intent_the_assistant_asks_about_is_not_confidently_wrong_and_asking_when_right_is_counted():
    from bot.retraining.realistic import score

    figures = score("m", ["a", "a", "b"], ["a", "b", "a"], [0.9, 0.8, 0.9], 0.35, asked=[True, True, False])
    assert figures.confidently_wrong == 1 and figures.asked_when_right == 1


def test_confused_pairs_are_counted_most_frequent_first_without_the_messages():
    from bot.retraining.realistic import confused_pairs

    assert confused_pairs(["a", "a", "b", "c", "a"], ["b", "b", "b", "a", "a"]) == [("a", "b", 2), ("c", "a", 1)]


def test_the_english_messages_are_counted_apart():
    texts = ["how much is a passport", "wat kost een paspoort", "I lost my driving licence", "ok"]
    expected = ["paspoort_id_aanvragen", "paspoort_id_aanvragen", "reisdocument_kwijt", "bevestigen"]
    predicted = ["paspoort_id_aanvragen", "out_of_scope", "rijbewijs_aanvragen", "bevestigen"]
    assert english_right(texts, expected, predicted) == (1, 2)
