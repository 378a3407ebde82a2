"""Trained models, named by a hash of what they were trained from, and which one is live.

A model is retrained only when the training data, the domain, the config, the spaCy
pipeline or the Rasa version changed; otherwise the model of that hash is reused. This keeps
``make run`` and ``make test`` quick on a machine that has trained before.

Beside each model a copy of its training inputs is kept (``models/inputs/<model>/``), so a
later retrain can cross-validate the live model's data against the candidate's. Which model
*runs* is decided by the live pointer (``bot.retraining.live``): the first model becomes
live by itself; after that only ``make retrain`` (through its quality gate), an override or
``make rollback`` changes it. ``make test`` always checks the model of the current data.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, List, Optional

from bot.core.settings import PROJECT_ROOT, get_settings
from bot.retraining import live

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
PIPELINE_STAMP = Path("build/spacy-nl/project-stamp.txt")
KEEP_CANDIDATES = 2
INPUTS_DIR = "inputs"


def _files(root: Path) -> Iterable[Path]:
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))
        elif path.exists():
            yield path


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Changes whenever anything the model is trained from changes (paths and contents).

    ``root`` holds config.yml, domain.yml and data/ (the project, or a retrain's copy); the
    spaCy pipeline is always the project's."""
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    stamp = PROJECT_ROOT / PIPELINE_STAMP
    if stamp.exists():
        digest.update(str(PIPELINE_STAMP).encode() + b"\0")
        digest.update(stamp.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_path(models_dir: Optional[Path] = None, root: Path = PROJECT_ROOT) -> Path:
    return (models_dir or get_settings().models_dir) / f"gemeente-{fingerprint(root)}.tar.gz"


def current_model() -> Optional[Path]:
    """The model for the current data, or None when it still has to be trained."""
    path = model_path()
    return path if path.exists() else None


def live_model(models_dir: Optional[Path] = None) -> Optional[Path]:
    """The model ``make run`` starts: the live pointer's, when it exists on disk."""
    return live.live_path(models_dir or get_settings().models_dir)


def inputs_of(model: Path) -> Path:
    """Where the copy of a model's training inputs is kept."""
    return model.parent / INPUTS_DIR / model.name[: -len(".tar.gz")]


def keep_inputs(model: Path, root: Path) -> Path:
    """Copies config.yml, domain.yml and data/ of ``root`` beside the model."""
    target = inputs_of(model)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in TRAINING_INPUTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def train_command(target: Path, root: Path) -> List[str]:
    return [sys.executable, "-m", "rasa", "train", "--out", str(target.parent),
            "--fixed-model-name", target.name[: -len(".tar.gz")],
            "--config", str(root / "config.yml"), "--domain", str(root / "domain.yml"), "--data", str(root / "data")]


def train(target: Path, root: Path = PROJECT_ROOT) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"setup: training the model ({target.name}); this takes a few minutes", flush=True)
    subprocess.run(train_command(target, root), cwd=PROJECT_ROOT, check=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"})
    keep_inputs(target, root)
    print(f"setup: model trained in {time.monotonic() - started:.0f} s", flush=True)
    prune(target.parent, keep=target)
    return target


def prune(models_dir: Path, keep: Path) -> None:
    """Removes old models so the disk does not fill up. Never removed: ``keep``, the live model
    and those a rollback goes back to; and the newest ``KEEP_CANDIDATES`` others, so a model
    the quality gate refused can still be made live by a content owner's override."""
    protected = set(live.protected(models_dir)) | {keep.name}
    models = sorted(models_dir.glob("gemeente-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m.name not in protected][KEEP_CANDIDATES:]:
        old.unlink()
        shutil.rmtree(inputs_of(old), ignore_errors=True)


def ensure() -> Path:
    """The model of the current data (trained when missing); the very first one becomes live."""
    path = model_path()
    if path.exists():
        print(f"setup: model {path.name} is up to date")
    else:
        train(path)
    if not inputs_of(path).exists():
        keep_inputs(path, PROJECT_ROOT)  # a model trained before inputs were kept
    models_dir = path.parent
    pointer = live.read(models_dir)
    if pointer is None:
        live.make_live(models_dir, path)
        print(f"setup: {path.name} is the live model (the first one)")
    elif live_model(models_dir) is None:  # its file was deleted: nothing could start
        live.make_live(models_dir, path)
        print(f"setup: the live model's file is missing; {path.name} is the live model now")
    elif live_model(models_dir) != path:
        print(f"setup: the live model is {pointer.model}; the data changed since. "
              "make retrain checks the new model and makes it live when it is not worse.")
    return path


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ensure", action="store_true", help="train only when out of date")
    parser.add_argument("--path", action="store_true", help="print the path of the current data's model")
    parser.add_argument("--live", action="store_true", help="print the path of the live model")
    parser.add_argument("--force", action="store_true", help="train even when up to date")
    args = parser.parse_args(argv)
    if args.path or args.live:
        path = live_model() if args.live else current_model()
        if path is None:
            print("no such model: run make train", file=sys.stderr)
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
