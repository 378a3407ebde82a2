"""Writable copies of the shipped gemeente.yml and content/antwoorden.yml, edited as data, and
what ``make check-config`` finds in them (the ``check_files`` fixture of tests/conftest.py)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import yaml

from bot.config.problems import ERROR
from bot.content_tools.check import report
from bot.core.settings import PROJECT_ROOT

Change = Callable[[Dict[str, Any]], None]


class CheckFiles:
    """The copies in ``folder``; each edit loads a file, applies ``change`` to its data and writes it."""

    def __init__(self, folder: Path):
        self.gemeente, self.content = folder / "gemeente.yml", folder / "antwoorden.yml"
        shutil.copy(PROJECT_ROOT / "gemeente.yml", self.gemeente)
        shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", self.content)

    def gemeente_edit(self, change: Change) -> None:
        _edit(self.gemeente, change)

    def content_edit(self, change: Change) -> None:
        _edit(self.content, change)

    def findings(self, severity: str = ERROR, kind: Optional[str] = None) -> List[str]:
        """The details of the check's findings of this severity (and kind, when given)."""
        return [f.detail for f in report(self.gemeente, self.content)
                if f.severity == severity and kind in (None, f.kind)]


def _edit(path: Path, change: Change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
