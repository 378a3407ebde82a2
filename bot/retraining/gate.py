"""The rule for "not worse": when a new model may replace the live one.

Both models are measured on the same held-out file (tests/nlu_test.yml, never trained on)
and by cross-validation with the same seeded folds. The new model passes when ALL hold:

1. held-out accuracy  >= live held-out accuracy - TOLERANCE
2. cross-validated macro-F1 >= live cross-validated macro-F1 - TOLERANCE
   (when the live model's training data was not kept: >= the project floor of make test)
3. no intent with at least MIN_SUPPORT held-out messages loses more than MAX_INTENT_DROP of
   held-out F1 (a better average must not hide one topic that stopped working).

The tolerance absorbs noise of one or two messages; the per-intent rule catches a damaged
topic. A refused model can still be made live by a content owner, with a reason (logged).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from bot.retraining.evaluation import MACRO_F1_FLOOR as CV_FLOOR  # the floor of make test's NLU gate
from bot.retraining.scoring import Scores

TOLERANCE = 0.005
MAX_INTENT_DROP = 0.10
MIN_SUPPORT = 5


@dataclass(frozen=True)
class Check:
    """One rule of the gate, with the figures it compared."""
    name: str
    rule: str
    live: Optional[float]
    candidate: float
    passed: bool

    def as_json(self) -> dict:
        return {"name": self.name, "rule": self.rule, "passed": self.passed,
                "live": None if self.live is None else round(self.live, 4), "candidate": round(self.candidate, 4)}


@dataclass(frozen=True)
class Decision:
    """Whether the new model may go live, and every check behind that."""
    deploy: bool
    checks: Tuple[Check, ...]

    @property
    def failures(self) -> List[str]:
        return [f"{c.name}: {c.rule} (live {_fmt(c.live)}, new {c.candidate:.3f})" for c in self.checks if not c.passed]

    def as_json(self) -> dict:
        return {"deploy": self.deploy, "checks": [c.as_json() for c in self.checks], "failures": self.failures}


def decide(live_heldout: Scores, new_heldout: Scores, live_cv: Optional[Scores], new_cv: Scores) -> Decision:
    checks = [
        _not_lower("held-out accuracy", live_heldout.accuracy, new_heldout.accuracy),
        (_not_lower("cross-validated macro-F1", live_cv.macro_f1, new_cv.macro_f1) if live_cv is not None else
         Check("cross-validated macro-F1", f">= {CV_FLOOR} (the live model's data was not kept)", None,
               new_cv.macro_f1, new_cv.macro_f1 >= CV_FLOOR)),
    ]
    for intent, support in sorted(new_heldout.support.items()):
        if support < MIN_SUPPORT:
            continue
        before = live_heldout.f1.get(intent, 0.0)
        after = new_heldout.f1.get(intent, 0.0)
        checks.append(Check(f"F1 of {intent}", f"drops at most {MAX_INTENT_DROP}", before, after,
                            after >= before - MAX_INTENT_DROP - 1e-9))
    return Decision(all(c.passed for c in checks), tuple(checks))


def _not_lower(name: str, live: float, new: float) -> Check:
    return Check(name, f">= live - {TOLERANCE}", live, new, new >= live - TOLERANCE - 1e-9)


def _fmt(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.3f}"
