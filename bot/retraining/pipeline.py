"""One retrain: validate -> train -> held-out test -> cross-validation -> compare -> decide -> deploy.

Each step prints a line with its timing and adds it to the run's record, which the console
shows while the run goes on. The live model and the new one are measured by the same code on
the same held-out file and the same seeded folds; ``gate.decide`` says whether the new one
may go live. A refused model stays on disk (not live), so a content owner can still make it
live with a reason. Whatever happens, the run ends with a status and frees the slot.
"""
from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bot.core.clock import utcnow
from bot.core.settings import PROJECT_ROOT, Settings
from bot.retraining import deploy, gate, model_store, nlu_eval, report, runs
from bot.retraining.evaluation import HELDOUT_FILE
from bot.retraining.scoring import Prediction, Scores, changes, score

HEARTBEAT_S = 15.0
CROSSVAL_VERSION = 1  # raise when the way folds or figures are computed changes
STEPS = ("validate", "train", "held-out test", "cross-validation", "compare", "decide", "deploy")


class ValidationFailed(Exception):
    def __init__(self, problems: List[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Inputs:
    """Where a retrain reads from: ``root`` holds config.yml, domain.yml and data/ (the
    project itself, or a copy); ``heldout`` is the test file that is never trained on."""
    root: Path = PROJECT_ROOT
    heldout: Path = HELDOUT_FILE


class Pipeline:
    """Runs the steps of one recorded run."""

    def __init__(self, settings: Settings, sessions: "sessionmaker[Session]", run_id: int,
                 inputs: Inputs = Inputs(), folds: Optional[int] = None, echo: Callable[[str], None] = print,
                 rasa_transport: Optional[httpx.BaseTransport] = None):
        self.settings = settings
        self.sessions = sessions
        self.run_id = run_id
        self.inputs = inputs
        self.folds = folds or settings.retrain_folds
        self.echo = echo
        self.rasa_transport = rasa_transport
        self.models_dir = settings.models_dir
        self.summary: Dict[str, object] = {"folds": self.folds, "seed": nlu_eval.SEED}
        self._started = time.monotonic()
        self._lines_lock = threading.Lock()

    def run(self) -> runs.Run:
        with self.sessions.begin() as session:
            override = runs.get(session, self.run_id).override_reason
        self._line(f"retrain run {self.run_id} started", status="running")
        report_path: Optional[str] = None
        try:
            status, report_path = self._steps(override)
        except ValidationFailed as failed:
            self.summary["problems"] = failed.problems
            status = "failed"
            self._line("failed: the training data did not pass validation: " + "; ".join(failed.problems)[:1500])
        except Exception as error:  # noqa: BLE001 - any failure ends the run as failed, never half-deployed
            self.summary["error"] = f"{type(error).__name__}: {error}"[:2000]
            status = "failed"
            self._line(f"failed: {type(error).__name__}: {error}"[:2000])
            traceback.print_exc()
        self.summary["seconds"] = round(time.monotonic() - self._started, 1)
        self._line(f"finished: {status} after {self.summary['seconds']:.0f} s")
        with self.sessions.begin() as session:
            return runs.finish(session, self.run_id, status, self.summary, report_path)

    def _steps(self, override: Optional[str]) -> Tuple[str, Optional[str]]:
        """The steps in order; returns the run's status and the report's path."""
        self._prepare()
        with self._step(1, "checking the training data"):
            problems = nlu_eval.validate(self.inputs.root)
            if problems:
                raise ValidationFailed(problems)
        live_model = model_store.live_model(self.models_dir)
        candidate = model_store.model_path(self.models_dir, self.inputs.root)
        self._record_models(live_model, candidate)
        with self._step(2, f"training the new model {candidate.name}"):
            self._train(candidate)
        if live_model is not None and live_model.name == candidate.name:
            self.summary["unchanged"] = True
            self._line("the data did not change since the live model: nothing to compare or deploy")
            return "passed", None
        heldout = nlu_eval.read_examples(self.inputs.heldout)
        with self._step(3, f"testing both models on {len(heldout)} held-out messages"):
            new_heldout = nlu_eval.predict(candidate, heldout)
            live_heldout = nlu_eval.predict(live_model, heldout) if live_model else None
        with self._step(4, f"{self.folds}-fold cross-validation of both models' data"):
            new_cv = score(self._cross_validate("new", self.inputs.root))
            _store_crossval(candidate, self.folds, new_cv)
            live_cv = self._live_cross_validation(live_model, self.inputs.root, new_cv)
        with self._step(5, "comparing"):
            new_scores, live_scores = self._compare(new_heldout, live_heldout, new_cv, live_cv)
        with self._step(6, "deciding"):
            decision = self._decide(live_scores, new_scores, live_cv, new_cv)
            report_path = self._report(live_model, candidate, live_heldout, new_heldout, live_cv, new_cv, decision)
        if not decision.deploy and not override:
            self._line(f"refused: the live model stays {live_model.name if live_model else 'none'}. "
                       "A content owner can still make the new model live, with a reason.")
            return "refused", str(report_path)
        with self._step(7, "making the new model live"):
            self._deploy(candidate, overridden_because=None if decision.deploy else override)
        return "deployed", str(report_path)

    def _prepare(self) -> None:
        import numpy

        random.seed(nlu_eval.SEED)
        numpy.random.seed(nlu_eval.SEED)
        nlu_eval.quiet_rasa()
        nlu_eval.share_spacy_pipeline()

    def _record_models(self, live_model: Optional[Path], candidate: Path) -> None:
        live_name = live_model.name if live_model else None
        with self.sessions.begin() as session:
            runs.set_models(session, self.run_id, candidate.name, live_name)
        self.summary.update(live_model=live_name, candidate_model=candidate.name)

    def _train(self, candidate: Path) -> None:
        if candidate.exists():
            self._line("the model for this data was trained before; using it")
            return
        nlu_eval.train(self.inputs.root, candidate)
        model_store.keep_inputs(candidate, self.inputs.root)
        model_store.prune(self.models_dir, keep=candidate)

    def _compare(self, new_heldout: List[Prediction], live_heldout: Optional[List[Prediction]], new_cv: Scores,
                 live_cv: Optional[Scores]) -> Tuple[Scores, Optional[Scores]]:
        new_scores = score(new_heldout)
        live_scores = score(live_heldout) if live_heldout else None
        changed = changes(live_heldout, new_heldout) if live_heldout else []
        counts = {"count": len(changed), "better": sum(c.verdict == "better" for c in changed),
                  "worse": sum(c.verdict == "worse" for c in changed)}
        self.summary.update(
            heldout={"live": live_scores.as_json() if live_scores else None, "new": new_scores.as_json()},
            crossval={"live": live_cv.as_json() if live_cv else None, "new": new_cv.as_json()},
            changed=counts)
        self._line(_figures("held-out accuracy", live_scores.accuracy if live_scores else None, new_scores.accuracy))
        self._line(_figures("cross-validated macro-F1", live_cv.macro_f1 if live_cv else None, new_cv.macro_f1))
        self._line(f"{counts['count']} held-out messages get another intent "
                   f"({counts['better']} better, {counts['worse']} worse)")
        return new_scores, live_scores

    def _report(self, live_model: Optional[Path], candidate: Path, live_heldout, new_heldout, live_cv, new_cv,
                decision: gate.Decision) -> Path:
        self.summary["decision"] = decision.as_json()
        target = self.settings.reports_dir / "retrain" / f"run-{self.run_id}"
        path = report.write(target, self.run_id, live_model.name if live_model else None, candidate.name,
                            live_heldout, new_heldout, live_cv, new_cv, decision)
        self._line(f"report: {path}")
        if decision.deploy:
            self._line("the new model is not worse than the live one: it goes live")
        for failure in decision.failures:
            self._line(f"worse: {failure}")
        return path

    def _deploy(self, candidate: Path, overridden_because: Optional[str]) -> None:
        if overridden_because:
            self.summary["overridden"] = True
            self._line(f"override by {self._started_by()}: {overridden_because}")
        _, loaded = deploy.deploy(candidate, self.settings, self.run_id, self.rasa_transport)
        self.summary["hot_load"] = loaded.message
        self._line(loaded.message)

    def _decide(self, live_scores: Optional[Scores], new_scores: Scores, live_cv: Optional[Scores],
                new_cv: Scores) -> gate.Decision:
        if live_scores is None:
            self._line("there is no live model (on disk) to compare with: the new one goes live")
            return gate.Decision(True, ())
        return gate.decide(live_scores, new_scores, live_cv, new_cv)

    def _cross_validate(self, which: str, root: Path) -> List[Prediction]:
        return nlu_eval.cross_validate(root / "config.yml", root / "data" / "nlu", self.folds,
                                       progress=lambda text: self._line(f"{which} model: {text}"))

    def _live_cross_validation(self, live_model: Optional[Path], root: Path, new_cv: Scores) -> Optional[Scores]:
        if live_model is None:
            return None
        cached = _stored_crossval(live_model, self.folds)
        if cached is not None:
            self._line("live model: the cross-validation from when it was trained (same data, folds and seed)")
            return cached
        inputs = _inputs_of_live(live_model)
        if inputs is None:
            self._line("the live model's training data was not kept: the new model is held to the floor instead")
            return None
        if _nlu_fingerprint(inputs) == _nlu_fingerprint(root):
            self._line("the live model has the same examples and pipeline: same cross-validation")
            return new_cv
        return score(self._cross_validate("live", inputs))

    def _started_by(self) -> str:
        with self.sessions.begin() as session:
            return runs.get(session, self.run_id).started_by

    def _step(self, number: int, title: str) -> "_Step":
        return _Step(self, number, title)

    def _line(self, text: str, status: Optional[str] = None) -> None:
        with self._lines_lock:  # the heartbeat writes from its own thread
            line = f"{utcnow():%H:%M:%S} {text}"
            self.echo(line)
            with self.sessions.begin() as session:
                runs.add_progress(session, self.run_id, line, status)


class _Step:
    """Prints the step's start and its duration, and every HEARTBEAT_S that it is still going
    (training says nothing for a while); a failing step says it failed."""

    def __init__(self, pipeline: Pipeline, number: int, title: str):
        self.pipeline, self.number, self.title = pipeline, number, title
        self.name = f"step {number}/{len(STEPS)} {STEPS[number - 1]}"
        self._done = threading.Event()

    def __enter__(self) -> None:
        self.started = time.monotonic()
        self.pipeline._line(f"{self.name}: {self.title}")
        threading.Thread(target=self._heartbeat, name=self.name, daemon=True).start()

    def __exit__(self, kind, error, _trace) -> None:
        self._done.set()
        took = time.monotonic() - self.started
        self.pipeline._line(f"{self.name}: {'failed' if kind else 'done'} in {took:.0f} s")

    def _heartbeat(self) -> None:
        while not self._done.wait(HEARTBEAT_S):
            self.pipeline._line(f"{self.name}: still working ({time.monotonic() - self.started:.0f} s)")


def _inputs_of_live(live_model: Path) -> Optional[Path]:
    """The live model's training inputs: the copy kept beside it, or the project itself when
    the project's inputs are exactly what it was trained from."""
    kept = model_store.inputs_of(live_model)
    if kept.exists():
        return kept
    if live_model.name == model_store.model_path(live_model.parent).name:
        return PROJECT_ROOT
    return None


def _crossval_file(model: Path, folds: int) -> Path:
    """Where a model's cross-validation figures are kept: they depend only on its training
    inputs (the model's name), the folds, the seed and the method's version."""
    return model_store.inputs_of(model) / f"crossval-v{CROSSVAL_VERSION}-{folds}folds-seed{nlu_eval.SEED}.json"


def _store_crossval(model: Path, folds: int, scores: Scores) -> None:
    path = _crossval_file(model, folds)
    if path.parent.exists():
        path.write_text(json.dumps(scores.as_json()), encoding="utf-8")


def _stored_crossval(model: Path, folds: int) -> Optional[Scores]:
    try:
        return Scores.from_json(json.loads(_crossval_file(model, folds).read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError, KeyError):
        return None


def _nlu_fingerprint(root: Path) -> str:
    """What cross-validation depends on: the pipeline config and the NLU examples."""
    digest = hashlib.sha256()
    files = [root / "config.yml", *sorted((root / "data" / "nlu").rglob("*.yml"))]
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _figures(name: str, live_value: Optional[float], new_value: float) -> str:
    before = "n/a" if live_value is None else f"{live_value:.3f}"
    return f"{name}: live {before}, new {new_value:.3f}"


def rollback(settings: Settings, sessions: "sessionmaker[Session]", by: str,
             rasa_transport: Optional[httpx.BaseTransport] = None) -> runs.Run:
    """Makes the previous model live again (``make rollback`` and the console); recorded."""
    replaced, pointer, loaded = deploy.rollback(settings, rasa_transport)
    with sessions.begin() as session:
        return runs.record_rollback(session, replaced, pointer.model, by, loaded.message)


def override(settings: Settings, sessions: "sessionmaker[Session]", run_id: int, by: str, reason: str,
             rasa_transport: Optional[httpx.BaseTransport] = None) -> runs.Run:
    """A content owner makes the refused model of a finished run live anyway, with a reason."""
    with sessions.begin() as session:
        run = runs.get(session, run_id)
    if run.status != "refused":
        raise OverrideNotAllowed(f"Run {run_id} is {run.status}; only a refused model can be made live by override.")
    model = settings.models_dir / (run.candidate_model or "")
    if not run.candidate_model or not model.exists():
        raise OverrideNotAllowed(f"The model of run {run_id} is no longer on disk; start a new retrain.")
    _, loaded = deploy.deploy(model, settings, run_id, rasa_transport)
    with sessions.begin() as session:
        runs.record_override(session, run_id, by, reason)
        runs.add_progress(session, run_id, f"{utcnow():%H:%M:%S} override by {by}: {reason}")
        runs.add_progress(session, run_id, f"{utcnow():%H:%M:%S} {loaded.message}")
        return runs.get(session, run_id)


class OverrideNotAllowed(Exception):
    pass

