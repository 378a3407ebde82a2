"""``python -m bot.retraining.thresholds``: when should the assistant ask "Bedoelt u ...?"

The FallbackClassifier of config.yml asks below a confidence threshold and when the two best
topics are close (the ambiguity threshold). Asking too little answers the wrong topic with
confidence; asking too much bothers residents whose question was understood. This measures both
for a grid of thresholds with k-fold cross-validation of config.yml's intent classifier on the
training data only (data/nlu: the held-out sets stay unseen), and names the pair with the lowest
cost, a wrong answer counting ``--wrong-weight`` times a needless question.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
import yaml
from sklearn.model_selection import StratifiedKFold

from bot.core.settings import PROJECT_ROOT
from bot.nlp.intent_classifier import LinearIntentClassifier, build_model
from bot.retraining.realistic import examples

CONFIDENCES = (0.3, 0.35, 0.4, 0.45, 0.5)
MARGINS = (0.02, 0.05, 0.1, 0.15)


@dataclass(frozen=True)
class Outcome:
    """One pair of thresholds over all cross-validated predictions, as shares of the messages."""
    threshold: float
    margin: float
    wrong: float  # a wrong topic answered without asking
    asked_when_right: float  # a question the resident did not need

    def cost(self, wrong_weight: float) -> float:
        return wrong_weight * self.wrong + self.asked_when_right


def outcome(expected: Sequence[str], probabilities: np.ndarray, classes: Sequence[str],
            threshold: float, margin: float) -> Outcome:
    """What the assistant does with each prediction: answer (right or wrong) or ask."""
    wrong = asked_right = 0
    for gold, row in zip(expected, probabilities):
        order = np.argsort(-row)
        best, second = float(row[order[0]]), float(row[order[1]]) if len(order) > 1 else 0.0
        asks = best < threshold or best - second < margin
        if classes[order[0]] == gold:
            asked_right += asks
        elif not asks:
            wrong += 1
    n = len(expected) or 1
    return Outcome(threshold, margin, wrong / n, asked_right / n)


def classifier_config(config: Path) -> Dict[str, Any]:
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline", [])
    own: Dict[str, Any] = next((c for c in pipeline if str(c.get("name", "")).endswith("LinearIntentClassifier")), {})
    return {**LinearIntentClassifier.get_default_config(), **{k: v for k, v in own.items() if k != "name"}}


def cross_validated(train: List[Tuple[str, str]], config: Dict[str, Any],
                    folds: int) -> List[Tuple[List[str], np.ndarray, List[str]]]:
    """(expected, probabilities, classes) for each fold, the model trained on the other folds."""
    texts = [t for t, _ in train]
    labels = np.array([i for _, i in train])
    found = []
    for train_index, test_index in StratifiedKFold(folds, shuffle=True, random_state=config["random_seed"]).split(
            texts, labels):
        model = build_model(config)
        model.fit([texts[i] for i in train_index], labels[train_index])
        found.append(([str(labels[i]) for i in test_index], model.predict_proba([texts[i] for i in test_index]),
                      [str(c) for c in model.classes_]))
    return found


def sweep(folds_found: List[Tuple[List[str], np.ndarray, List[str]]]) -> List[Outcome]:
    expected = [gold for golds, _, _ in folds_found for gold in golds]
    outcomes = []
    for threshold in CONFIDENCES:
        for margin in MARGINS:
            parts = [outcome(golds, probabilities, classes, threshold, margin)
                     for golds, probabilities, classes in folds_found]
            weights = [len(golds) / len(expected) for golds, _, _ in folds_found]
            outcomes.append(Outcome(threshold, margin, sum(p.wrong * w for p, w in zip(parts, weights)),
                                    sum(p.asked_when_right * w for p, w in zip(parts, weights))))
    return outcomes


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--wrong-weight", type=float, default=2.0,
                        help="how many needless questions one wrong answer is worth (default 2)")
    args = parser.parse_args(argv)
    train = [pair for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")) for pair in examples(path)]
    outcomes = sweep(cross_validated(train, classifier_config(PROJECT_ROOT / "config.yml"), args.folds))
    print(f"{args.folds}-fold cross-validation on {len(train)} training messages; cost = "
          f"{args.wrong_weight:g} x wrong answers + needless questions")
    print("threshold  margin  wrong answered  asked when right  cost")
    for o in outcomes:
        print(f"{o.threshold:9.2f}  {o.margin:6.2f}  {o.wrong:14.1%}  {o.asked_when_right:16.1%}  "
              f"{o.cost(args.wrong_weight):.3f}")
    best = min(outcomes, key=lambda o: o.cost(args.wrong_weight))
    print(f"lowest cost: threshold {best.threshold}, ambiguity_threshold {best.margin}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
