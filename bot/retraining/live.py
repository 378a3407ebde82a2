"""Which model is live: a small pointer file in the models folder, with the models before it.

``make run`` starts the live model, not simply the newest one, so a model the gate refused
never goes live by a restart. The pointer keeps the previous models (newest first), so a
rollback has something to go back to, and model pruning knows which files to keep. Writes
are atomic (a temporary file renamed over the old one) and serialised by a file lock, because
the gateway and ``make retrain`` may both change it.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

POINTER_FILE = "live.json"
KEEP_PREVIOUS = 3


class NothingToRollBack(Exception):
    """There is no earlier model (kept on disk) to go back to."""


@dataclass(frozen=True)
class LivePointer:
    """The live model's file name, the earlier live models (newest first) and what made it live."""
    model: str
    previous: Tuple[str, ...] = ()
    run_id: Optional[int] = None
    changed_at: str = ""

    def as_json(self) -> dict:
        return {"model": self.model, "previous": list(self.previous), "run_id": self.run_id,
                "changed_at": self.changed_at}


def read(models_dir: Path) -> Optional[LivePointer]:
    """The pointer, or None when no model was made live yet (a fresh install)."""
    path = models_dir / POINTER_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as problem:
        raise ValueError(f"{path}: not valid JSON ({problem}); restore it or delete it to start afresh") from None
    return LivePointer(model=str(raw["model"]), previous=tuple(raw.get("previous") or ()),
                       run_id=raw.get("run_id"), changed_at=str(raw.get("changed_at") or ""))


def live_path(models_dir: Path) -> Optional[Path]:
    """The live model's file, when there is a pointer and the file exists."""
    pointer = read(models_dir)
    if pointer is None:
        return None
    path = models_dir / pointer.model
    return path if path.exists() else None


def protected(models_dir: Path) -> List[str]:
    """The model files that pruning must keep: the live one and the ones a rollback needs."""
    pointer = read(models_dir)
    return [] if pointer is None else [pointer.model, *pointer.previous]


def make_live(models_dir: Path, model: Path, run_id: Optional[int] = None) -> LivePointer:
    """Points at ``model``; the model that was live becomes the first to roll back to."""
    if model.parent.resolve() != models_dir.resolve() or not model.exists():
        raise FileNotFoundError(f"{model} is not a model in {models_dir}")
    with _locked(models_dir):
        current = read(models_dir)
        previous: List[str] = []
        if current is not None and current.model != model.name:
            previous = [current.model, *current.previous]
        elif current is not None:
            previous = list(current.previous)
        previous = [name for name in previous if name != model.name][:KEEP_PREVIOUS]
        pointer = LivePointer(model.name, tuple(previous), run_id, _now())
        _write(models_dir, pointer)
        return pointer


def rollback_target(models_dir: Path) -> Optional[str]:
    """The model a rollback would make live (the newest earlier one still on disk), or None
    when there is nothing to go back to: a console offers the rollback only then."""
    try:
        current = read(models_dir)
    except ValueError:
        return None
    if current is None:
        return None
    return next((name for name in current.previous if (models_dir / name).exists()), None)


def roll_back(models_dir: Path) -> Tuple[str, LivePointer]:
    """Makes the newest earlier model that still exists live again; returns the replaced one."""
    with _locked(models_dir):
        current = read(models_dir)
        if current is None:
            raise NothingToRollBack("No model has been made live yet.")
        earlier = [name for name in current.previous if (models_dir / name).exists()]
        if not earlier:
            raise NothingToRollBack("There is no earlier model to go back to.")
        pointer = LivePointer(earlier[0], tuple(earlier[1:]), None, _now())
        _write(models_dir, pointer)
        return current.model, pointer


def _write(models_dir: Path, pointer: LivePointer) -> None:
    target = models_dir / POINTER_FILE
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(pointer.as_json(), indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, target)


@contextlib.contextmanager
def _locked(models_dir: Path) -> Iterator[None]:
    models_dir.mkdir(parents=True, exist_ok=True)
    with open(models_dir / "live.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
