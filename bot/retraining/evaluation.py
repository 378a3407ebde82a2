"""NLU quality: the gate in ``make test`` and the pipeline comparison behind ``config.yml``.

* ``heldout``: the trained model on ``tests/nlu_test.yml`` (never copied into data/nlu/).
* ``crossval``: k-fold cross-validation of ``config.yml`` on data/nlu/; fails below the
  macro-F1 floor. Reports, the confusion matrix and the errors are written as files.
* ``compare``: cross-validation of every candidate in ``nlu_pipelines/`` with its training
  time, written to ``reports/pipelines.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from bot.core.settings import PROJECT_ROOT
from bot.retraining.model_store import current_model

REPORTS = PROJECT_ROOT / "reports"
HELDOUT_FILE = PROJECT_ROOT / "tests" / "nlu_test.yml"
# Realistic messages written apart from the training data (bot/retraining/realistic.py measures them).
REALISTIC_HELDOUT_FILE = PROJECT_ROOT / "tests" / "nlu_realistic.yml"
# A second realistic set, written blind: its author saw only the intent contract and gemeente.yml.
FRESH_HELDOUT_FILE = PROJECT_ROOT / "tests" / "nlu_heldout_fresh.yml"
REALISTIC_FILES = (REALISTIC_HELDOUT_FILE, FRESH_HELDOUT_FILE)
HELDOUT_FILES = (HELDOUT_FILE, *REALISTIC_FILES)  # never written by the content tools
CANDIDATES = PROJECT_ROOT / "nlu_pipelines"
MACRO_F1_FLOOR = 0.90
HELDOUT_ACCURACY_FLOOR = 0.90
SEED = 2026


@dataclass(frozen=True)
class Score:
    accuracy: float
    macro_f1: float
    seconds: float
    out: Path

    def weakest(self, n: int = 5) -> List[str]:
        report = json.loads((self.out / "intent_report.json").read_text())
        per_intent = [(v["f1-score"], k) for k, v in report.items()
                      if isinstance(v, dict) and "f1-score" in v and not k.endswith(" avg")]
        return [f"{name} {f1:.2f}" for f1, name in sorted(per_intent)[:n]]


def _rasa(args: List[str]) -> None:
    """Runs the Rasa CLI with numpy's and Python's random generators seeded: Rasa shuffles
    the cross-validation folds without a seed of its own, and the gate must be repeatable."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": str(SEED),
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run([sys.executable, "-m", "bot.retraining.evaluation", "rasa-seeded", *args], cwd=PROJECT_ROOT, check=True,
                   env=env, stdout=subprocess.DEVNULL if os.environ.get("QUIET_RASA") else None)


def _run_rasa_seeded(args: List[str]) -> int:
    import random

    import numpy

    random.seed(SEED)
    numpy.random.seed(SEED)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


def _score(out: Path, seconds: float) -> Score:
    report = json.loads((out / "intent_report.json").read_text())
    return Score(report["accuracy"], report["macro avg"]["f1-score"], seconds, out)


def heldout(model: Path, out: Path = REPORTS / "nlu-heldout") -> Score:
    started = time.monotonic()
    _rasa(["test", "nlu", "--model", str(model), "--nlu", str(HELDOUT_FILE), "--out", str(out)])
    return _score(out, time.monotonic() - started)


def crossval(config: Path, folds: int, out: Path) -> Score:
    started = time.monotonic()
    _rasa(["test", "nlu", "--nlu", "data/nlu", "--config", str(config), "--cross-validation",
           "--folds", str(folds), "--out", str(out)])
    return _score(out, time.monotonic() - started)


def _summary(title: str, score: Score) -> str:
    return (f"{title}: accuracy {score.accuracy:.3f}, macro-F1 {score.macro_f1:.3f} "
            f"({score.seconds:.0f} s); weakest: {', '.join(score.weakest())}; report: "
            f"{score.out.relative_to(PROJECT_ROOT)}/")


def compare(folds: int) -> Path:
    rows = []
    for config in sorted(CANDIDATES.glob("*.yml")):
        score = crossval(config, folds, REPORTS / "pipelines" / config.stem)
        rows.append((config.stem, score))
        print(_summary(config.stem, score), flush=True)
    best = max(rows, key=lambda r: (round(r[1].macro_f1, 3), -r[1].seconds))
    lines = ["# NLU pipeline comparison", "",
             f"{folds}-fold cross-validation on data/nlu/ (seed {SEED}), reproduced by "
             "`make compare-pipelines`. Time is the whole cross-validation on this machine.", "",
             "| candidate | accuracy | macro-F1 | time (s) |", "|---|---|---|---|"]
    lines += [f"| {name} | {s.accuracy:.3f} | {s.macro_f1:.3f} | {s.seconds:.0f} |" for name, s in rows]
    lines += ["", f"Best by macro-F1 (then time): **{best[0]}**."]
    target = REPORTS / "pipelines.md"
    target.write_text("\n".join(lines) + "\n")
    return target


def main(argv: List[str]) -> int:
    if argv[:1] == ["rasa-seeded"]:
        return _run_rasa_seeded(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("heldout", "crossval", "compare", "gate"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model", type=Path, help="default: the model for the current data")
    args = parser.parse_args(argv)
    REPORTS.mkdir(exist_ok=True)

    failures: List[str] = []
    if args.command in ("heldout", "gate"):
        model: Optional[Path] = args.model
        if model is None:
            model = current_model()
        if model is None:
            print("evaluation: no model for the current data; run make train", file=sys.stderr)
            return 1
        score = heldout(model)
        print(_summary("held-out test set", score), flush=True)
        if score.accuracy < HELDOUT_ACCURACY_FLOOR:
            failures.append(f"held-out accuracy {score.accuracy:.3f} < {HELDOUT_ACCURACY_FLOOR}")
    if args.command in ("crossval", "gate"):
        score = crossval(PROJECT_ROOT / "config.yml", args.folds, REPORTS / "nlu-crossval")
        print(_summary(f"{args.folds}-fold cross-validation", score), flush=True)
        if score.macro_f1 < MACRO_F1_FLOOR:
            failures.append(f"cross-validation macro-F1 {score.macro_f1:.3f} < {MACRO_F1_FLOOR}")
    if args.command == "compare":
        print(f"written: {compare(args.folds).relative_to(PROJECT_ROOT)}")
    for failure in failures:
        print(f"NLU quality gate FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
