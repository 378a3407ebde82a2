"""Figures from predictions: accuracy, macro-F1, F1 per intent, and the confusion matrix.

Computed here from (expected, predicted) pairs, so that the live and the new model are
measured by exactly the same code on exactly the same messages. A prediction of
``nlu_fallback`` (the model unsure) counts as wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple


@dataclass(frozen=True)
class Prediction:
    """One message: its text, the intent it should get, and what the model said."""
    text: str
    expected: str
    predicted: str
    confidence: float = 0.0

    @property
    def correct(self) -> bool:
        return self.expected == self.predicted


@dataclass(frozen=True)
class Scores:
    """How one model did on one set of messages."""
    accuracy: float
    macro_f1: float
    f1: Dict[str, float]  # per expected intent
    support: Dict[str, int]  # how many messages each intent has in the set
    count: int

    def as_json(self) -> dict:
        return {"accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4), "count": self.count,
                "f1": {k: round(v, 4) for k, v in sorted(self.f1.items())}, "support": dict(sorted(self.support.items()))}

    @classmethod
    def from_json(cls, raw: dict) -> "Scores":
        return cls(raw["accuracy"], raw["macro_f1"], dict(raw["f1"]), dict(raw["support"]), raw["count"])


def score(predictions: Sequence[Prediction]) -> Scores:
    """Accuracy over all messages; F1 per intent that the set expects; macro-F1 their mean."""
    if not predictions:
        raise ValueError("there are no messages to score")
    expected = sorted({p.expected for p in predictions})
    f1: Dict[str, float] = {}
    support: Dict[str, int] = {}
    for intent in expected:
        true_pos = sum(1 for p in predictions if p.expected == intent and p.predicted == intent)
        said = sum(1 for p in predictions if p.predicted == intent)
        wanted = sum(1 for p in predictions if p.expected == intent)
        support[intent] = wanted
        f1[intent] = 2 * true_pos / (said + wanted) if said + wanted else 0.0
    accuracy = sum(p.correct for p in predictions) / len(predictions)
    return Scores(accuracy, sum(f1.values()) / len(f1), f1, support, len(predictions))


def confusion(predictions: Sequence[Prediction], labels: Optional[List[str]] = None) -> Tuple[List[str], List[List[int]]]:
    """Rows: the expected intent; columns: the predicted one (labels sorted, fallback last)."""
    if labels is None:
        labels = sorted({p.expected for p in predictions} | {p.predicted for p in predictions})
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for p in predictions:
        if p.expected in index and p.predicted in index:
            matrix[index[p.expected]][index[p.predicted]] += 1
    return labels, matrix


@dataclass(frozen=True)
class Change:
    """A held-out message that the new model answers differently from the live one."""
    text: str
    expected: str
    before: str
    after: str

    @property
    def verdict(self) -> str:
        if self.after == self.expected:
            return "better"
        if self.before == self.expected:
            return "worse"
        return "different"

    def as_json(self) -> dict:
        return {"text": self.text, "expected": self.expected, "before": self.before, "after": self.after,
                "verdict": self.verdict}


def changes(before: Sequence[Prediction], after: Sequence[Prediction]) -> List[Change]:
    """The messages (matched by position: the same file) whose predicted intent changed."""
    if [p.text for p in before] != [p.text for p in after]:
        raise ValueError("the two models were not evaluated on the same messages")
    return [Change(a.text, a.expected, b.predicted, a.predicted)
            for b, a in zip(before, after) if b.predicted != a.predicted]
