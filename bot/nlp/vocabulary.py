"""The entity vocabulary of ``nlp/entity_patterns.yml``, for the ruler and for the actions.

The same file feeds the spaCy entity ruler (what residents write) and the mapping back to
canonical values (what answers use), so a new spelling is added in one place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

from bot.core.settings import PROJECT_ROOT

PATTERNS_FILE = PROJECT_ROOT / "nlp" / "entity_patterns.yml"


def normalise(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: how variants are compared."""
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return text.strip(".,!?;:'\"()")


@dataclass(frozen=True)
class Vocabulary:
    # entity -> canonical value -> variants as written in the file
    entries: Dict[str, Dict[str, List[str]]]

    def canonical(self, entity: str, text: str) -> Optional[str]:
        """The canonical value for what a resident wrote, or None when it is unknown."""
        wanted = normalise(text)
        for value, variants in self.entries.get(entity, {}).items():
            if wanted == normalise(value) or wanted in (normalise(v) for v in variants):
                return value
        return None

    def values(self, entity: str) -> List[str]:
        return list(self.entries.get(entity, {}))


def load_vocabulary(path: Path = PATTERNS_FILE) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected entities at the top level")
    entries: Dict[str, Dict[str, List[str]]] = {}
    for entity, values in data.items():
        if not isinstance(values, dict):
            raise ValueError(f"{path}: '{entity}' must map canonical values to variants")
        entries[entity] = {}
        for value, variants in values.items():
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise ValueError(f"{path}: '{entity}.{value}' must be a list of words")
            entries[entity][str(value)] = variants
    return Vocabulary(entries)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def canonical_entities(raw: Sequence[Dict[str, Any]]) -> Dict[str, List[str]]:
    """Entity values as the answers know them ("ID kaart" -> "id-kaart"), unknowns dropped."""
    found: Dict[str, List[str]] = {}
    vocab = vocabulary()
    for entity in raw:
        name, value = entity.get("entity"), entity.get("value")
        if not isinstance(name, str) or not isinstance(value, str):
            continue
        known = vocab.canonical(name, value) if name in vocab.entries else value
        if known and known not in found.setdefault(name, []):
            found[name].append(known)
    return found
