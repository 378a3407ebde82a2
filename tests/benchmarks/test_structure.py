"""The layout figures: package cycles and imports hidden in functions are found, on a tiny tree."""
from __future__ import annotations

from pathlib import Path

from benchmarks.structure import main


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_cycle_between_packages_and_an_import_inside_a_function_are_counted(tmp_path, capsys):
    for package in ("bot", "bot/a", "bot/b", "actions"):
        _write(tmp_path, f"{package}/__init__.py", "")
    _write(tmp_path, "bot/a/x.py", "from bot.b import y\n")
    _write(tmp_path, "bot/b/y.py", "def f():\n    from bot.a import x\n    return x\n")
    main([str(tmp_path)])
    out = capsys.readouterr().out
    assert "import cycles between packages: 1" in out and "bot.a bot.b" in out
    assert "project imports inside a function: 1" in out


def test_the_project_itself_has_neither(capsys):
    main([str(Path(__file__).resolve().parents[2])])
    out = capsys.readouterr().out
    assert "import cycles between packages: 0" in out and "project imports inside a function: 0" in out
