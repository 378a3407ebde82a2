"""The set-up the two README commands rely on: finding Python 3.10, and retraining only
when the training inputs changed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.core.settings import PROJECT_ROOT
from bot.retraining import model_store


def test_setup_says_what_to_install_when_python_310_is_missing(tmp_path):
    project = tmp_path / "clone"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "scripts" / "setup.sh", project / "scripts" / "setup.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "cat", "sha256sum", "cut", "grep", "sort", "dirname", "rm"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=project, capture_output=True, text=True,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "Python 3.10 is needed" in result.stderr
    assert "pyenv install 3.10" in result.stderr
    assert not (project / ".venv").exists()


def _copy_inputs(target: Path) -> None:
    for name in model_store.TRAINING_INPUTS:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)


def test_fingerprint_changes_only_with_training_inputs(tmp_path):
    _copy_inputs(tmp_path)
    first = model_store.fingerprint(tmp_path)
    assert model_store.fingerprint(tmp_path) == first
    (tmp_path / "README.md").write_text("not a training input")
    assert model_store.fingerprint(tmp_path) == first
    with open(tmp_path / "data" / "nlu" / "paspoort.yml", "a", encoding="utf-8") as f:
        f.write("    - nog een voorbeeld over een paspoort\n")
    second = model_store.fingerprint(tmp_path)
    assert second != first
    (tmp_path / "data" / "nlu" / "paspoort.yml").rename(tmp_path / "data" / "nlu" / "reisdocument.yml")
    assert model_store.fingerprint(tmp_path) != second


def test_model_path_is_named_by_the_fingerprint(tmp_path):
    _copy_inputs(tmp_path)
    path = model_store.model_path(tmp_path / "models", root=tmp_path)
    assert path.name == f"gemeente-{model_store.fingerprint(tmp_path)}.tar.gz"


def test_old_models_are_pruned_but_a_few_kept(tmp_path):
    models = [tmp_path / f"gemeente-{i}.tar.gz" for i in range(5)]
    for age, model in enumerate(models):
        model.write_text("x")
        os.utime(model, (1e9 + age, 1e9 + age))
    model_store.prune(tmp_path, keep=models[-1])
    assert sorted(p.name for p in tmp_path.iterdir()) == [m.name for m in models[-1 - model_store.KEEP_CANDIDATES:]]


@pytest.mark.skipif(model_store.current_model() is None, reason="no trained model yet (make test trains one first)")
def test_setup_left_a_model_for_the_current_data():
    assert model_store.current_model().stat().st_size > 0
