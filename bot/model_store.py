"""Trained models, named by a hash of what they were trained from.

A model is retrained only when the training data, the domain, the config, the spaCy
pipeline or the Rasa version changed; otherwise the model of that hash is reused. This keeps
``make run`` and ``make test`` quick on a machine that has trained before.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, List, Optional

from bot.settings import PROJECT_ROOT, get_settings

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
PIPELINE_STAMP = Path("build/spacy-nl/project-stamp.txt")
KEEP_MODELS = 3


def _files(root: Path) -> Iterable[Path]:
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))
        elif path.exists():
            yield path
    stamp = root / PIPELINE_STAMP
    if stamp.exists():
        yield stamp


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Changes whenever anything the model is trained from changes (paths and contents)."""
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_path(models_dir: Optional[Path] = None, root: Path = PROJECT_ROOT) -> Path:
    return (models_dir or get_settings().models_dir) / f"gemeente-{fingerprint(root)}.tar.gz"


def current_model() -> Optional[Path]:
    """The model for the current data, or None when it still has to be trained."""
    path = model_path()
    return path if path.exists() else None


def train(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    command = [sys.executable, "-m", "rasa", "train", "--out", str(target.parent),
               "--fixed-model-name", target.name[: -len(".tar.gz")]]
    print(f"setup: training the model ({target.name}); this takes a few minutes", flush=True)
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2",
                                                                     "RASA_TELEMETRY_ENABLED": "false"})
    print(f"setup: model trained in {time.monotonic() - started:.0f} s", flush=True)
    _prune(target.parent, keep=target)
    return target


def _prune(models_dir: Path, keep: Path) -> None:
    """Keeps the newest few models, so a rollback stays possible without filling the disk."""
    models = sorted(models_dir.glob("gemeente-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m != keep][KEEP_MODELS - 1:]:
        old.unlink()


def ensure() -> Path:
    path = model_path()
    if path.exists():
        print(f"setup: model {path.name} is up to date")
        return path
    return train(path)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ensure", action="store_true", help="train only when out of date")
    parser.add_argument("--path", action="store_true", help="print the current model's path")
    parser.add_argument("--force", action="store_true", help="train even when up to date")
    args = parser.parse_args(argv)
    if args.path:
        path = current_model()
        if path is None:
            print("no model for the current data: run make train", file=sys.stderr)
            return 1
        print(path)
        return 0
    if args.force:
        train(model_path())
        return 0
    ensure()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
