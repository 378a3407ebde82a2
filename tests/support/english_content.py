"""A content directory of its own for tests of English conversations: the shipped Dutch
antwoorden.yml with a small antwoorden.en.yml beside it, so the tests do not depend on the
shipped English file."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Dict

import yaml

from bot.core.settings import PROJECT_ROOT


def content_dir(folder: Path, english: Dict[str, Any]) -> Path:
    """Writes the two files into ``folder``; returns the Dutch file's path (for CONTENT_FILE)."""
    folder.mkdir(parents=True, exist_ok=True)
    dutch = folder / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", dutch)
    (folder / "antwoorden.en.yml").write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    return dutch
