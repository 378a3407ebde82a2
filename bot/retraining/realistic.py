"""``make nlu-realistic``: the trained model on realistic held-out messages (typos, long and
indirect wording, boundary pairs, municipal questions outside burgerzaken, English), beside a
bag-of-words baseline trained on the same data, so a figure says what the pipeline adds.

Confidently wrong: a wrong intent above the fallback threshold of config.yml, so the resident
gets a wrong answer instead of "Bedoelt u ...?". The share counts every message in the file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import yaml

from bot.core.settings import PROJECT_ROOT
from bot.retraining.evaluation import REALISTIC_HELDOUT_FILE, REPORTS, _rasa
from bot.retraining.model_store import current_model

FALLBACK = "nlu_fallback"
_ENTITY = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Figures:
    """One classifier on the held-out messages."""
    name: str
    messages: int
    accuracy: float
    macro_f1: float
    confidently_wrong: int

    @property
    def confidently_wrong_share(self) -> float:
        return self.confidently_wrong / self.messages if self.messages else 0.0

    def line(self) -> str:
        return (f"{self.name}: accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f}, confidently wrong "
                f"{self.confidently_wrong} of {self.messages} ({self.confidently_wrong_share:.1%})")


def examples(path: Path) -> List[Tuple[str, str]]:
    """(text, intent) of a Rasa NLU file, entity markup removed."""
    found = []
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append((_ENTITY.sub(r"\1", line[2:]).strip(), str(block["intent"])))
    return found


def fallback_threshold(config: Path = PROJECT_ROOT / "config.yml") -> float:
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline", [])
    return next((float(c.get("threshold", 0.3)) for c in pipeline if c.get("name") == "FallbackClassifier"), 0.3)


def score(name: str, expected: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
          threshold: float) -> Figures:
    """Accuracy, macro-F1 over the expected intents, and wrong predictions at or above the threshold."""
    from sklearn.metrics import f1_score

    labels = sorted(set(expected))
    right = sum(e == p for e, p in zip(expected, predicted))
    wrong_and_sure = sum(e != p and p != FALLBACK and c >= threshold
                         for e, p, c in zip(expected, predicted, confidence))
    return Figures(name, len(expected), right / len(expected) if expected else 0.0,
                   float(f1_score(expected, predicted, labels=labels, average="macro", zero_division=0)),
                   wrong_and_sure)


def model_figures(model: Path, heldout: Path, threshold: float, out: Path) -> Figures:
    """The trained model, through Rasa's own test command (its report and errors go to ``out``)."""
    _rasa(["test", "nlu", "--model", str(model), "--nlu", str(heldout), "--out", str(out)])
    errors = {e["text"]: e["intent_prediction"] for e in json.loads((out / "intent_errors.json").read_text())}
    expected, predicted, confidence = [], [], []
    for text, intent in examples(heldout):
        wrong = errors.get(text)
        expected.append(intent)
        predicted.append(str(wrong["name"]) if wrong else intent)
        confidence.append(float(wrong.get("confidence") or 0.0) if wrong else 1.0)
    return score("model", expected, predicted, confidence, threshold)


def baseline_figures(train_dir: Path, heldout: Path, threshold: float) -> Figures:
    """Word counts and logistic regression on the same training data: what any text classifier gets."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    train = [pair for path in sorted(train_dir.glob("*.yml")) for pair in examples(path)]
    classifier = make_pipeline(CountVectorizer(lowercase=True), LogisticRegression(max_iter=2000))
    classifier.fit([t for t, _ in train], [i for _, i in train])
    test = examples(heldout)
    probabilities = classifier.predict_proba([t for t, _ in test])
    classes = classifier.classes_
    predicted = [str(classes[row.argmax()]) for row in probabilities]
    return score("bag-of-words baseline", [i for _, i in test], predicted, [float(row.max()) for row in probabilities],
                 threshold)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="default: the model for the current data")
    parser.add_argument("--heldout", type=Path, default=REALISTIC_HELDOUT_FILE)
    parser.add_argument("--min-accuracy", type=float, default=0.0, help="fail below this accuracy")
    args = parser.parse_args(argv)
    model: Optional[Path] = args.model or current_model()
    if model is None:
        print("realistic: no model for the current data; run make train", file=sys.stderr)
        return 1
    threshold = fallback_threshold()
    out = REPORTS / "nlu-realistic"
    found = model_figures(model, args.heldout, threshold, out)
    base = baseline_figures(PROJECT_ROOT / "data" / "nlu", args.heldout, threshold)
    print(f"realistic held-out set ({args.heldout.relative_to(PROJECT_ROOT)}, fallback threshold {threshold}):")
    print("  " + found.line())
    print("  " + base.line())
    print(f"  the model is {100 * (found.accuracy - base.accuracy):+.1f} points of accuracy from the baseline; "
          f"errors: {out.relative_to(PROJECT_ROOT)}/intent_errors.json")
    if found.accuracy < args.min_accuracy:
        print(f"realistic held-out accuracy {found.accuracy:.3f} < {args.min_accuracy}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
