"""How well names are masked before the content owners' inbox and the training data see them,
on the hand-written table tests/data/names_table.yml: the hit rate (names that disappear
completely) and the false-positive rate (messages without a name that masking changed).

Run: ``.venv/bin/python -m benchmarks.name_masking`` (``-v`` lists every miss).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List

import yaml

from bot.core.privacy import NAME, mask_for_training
from bot.core.settings import PROJECT_ROOT

TABLE = PROJECT_ROOT / "tests" / "data" / "names_table.yml"
_PARTICLES = frozenset({"van", "de", "der", "den", "el", "ter", "ten", "te", "la", "le", "da", "di", "du"})


@dataclass
class Measured:
    names: int = 0
    hits: int = 0
    clean: int = 0
    false_positives: int = 0
    misses: List[str] = field(default_factory=list)
    wrongly_masked: List[str] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        return self.hits / self.names if self.names else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.clean if self.clean else 0.0


def still_there(name: str, masked: str) -> bool:
    """Whether any word of the name (its particles aside) is still readable."""
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", masked, re.IGNORECASE)
               for word in name.split() if word.lower() not in _PARTICLES)


def measure(table: Path = TABLE) -> Measured:
    data = yaml.safe_load(table.read_text(encoding="utf-8"))
    result = Measured()
    for case in data["with_names"]:
        masked = mask_for_training(case["text"])
        for name in case["names"]:
            result.names += 1
            if still_there(name, masked) or NAME not in masked:
                result.misses.append(masked)
            else:
                result.hits += 1
    for text in data["without_names"]:
        result.clean += 1
        if mask_for_training(text) != text:
            result.false_positives += 1
            result.wrongly_masked.append(mask_for_training(text))
    return result


def main(argv: List[str]) -> int:
    result = measure()
    print(f"names masked: {result.hits}/{result.names} = {result.hit_rate:.0%} hit rate")
    print(f"messages without a name changed: {result.false_positives}/{result.clean} = "
          f"{result.false_positive_rate:.0%} false-positive rate")
    if "-v" in argv:
        for text in result.misses:
            print(f"  missed: {text}")
        for text in result.wrongly_masked:
            print(f"  wrongly masked: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
