"""An English content fixture for tests of the answer layer: every text of the shipped content
replaced by a neutral English sentence with the same placeholders (one to a line), and every
resident text of gemeente.yml translated in ``feiten``. What Dutch remains in an English answer
then comes from the code or the facts, not from a text someone forgot to translate."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from bot.config.content import PLACEHOLDER, english_path
from bot.config.facts import resident_texts
from bot.config.gemeente import load_gemeente
from bot.content_tools.translations import text_paths
from bot.core.settings import PROJECT_ROOT, get_settings

SENTENCE = "Here it is."


def english_text(dutch: str) -> str:
    names = list(dict.fromkeys(PLACEHOLDER.findall(dutch)))
    return "\n".join([SENTENCE, *(f"{{{name}}}" for name in names)])


def english_raw(dutch_raw: Dict[str, Any], gemeente: Path) -> Dict[str, Any]:
    english: Dict[str, Any] = {}
    for path, text in text_paths(dutch_raw).items():
        node = english
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = english_text(text)
    english["feiten"] = {text: f"English {index}" for index, (_, text) in
                         enumerate(resident_texts(load_gemeente(gemeente)))}
    return english


@pytest.fixture
def english_content(tmp_path, monkeypatch):
    """The shipped Dutch content with that English file beside it, as the settings' content file."""
    content = tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", content)
    dutch = yaml.safe_load(content.read_text(encoding="utf-8"))
    english = english_raw(dutch, PROJECT_ROOT / "gemeente.yml")
    english_path(content).write_text(yaml.safe_dump(english, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("CONTENT_FILE", str(content))
    monkeypatch.setenv("GEMEENTE_CONFIG", str(PROJECT_ROOT / "gemeente.yml"))
    get_settings.cache_clear()
    yield content
    get_settings.cache_clear()
