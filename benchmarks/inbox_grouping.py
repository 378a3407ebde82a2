"""How long the content inbox takes to group missed messages (target: 3,000 distinct texts
in under 5 s, so the console page stays usable on a busy month).

Uses the training examples as stand-ins for residents' messages (realistic Dutch, many near
duplicates) and prints the time for 1,000 and 3,000 of them.
Run: ``.venv/bin/python -m benchmarks.inbox_grouping``.
"""
from __future__ import annotations

import random
import sys
import time

from bot.content_tools.annotate import TrainingData
from bot.content_tools.grouping import group_by_similarity
from bot.core.settings import PROJECT_ROOT

SIZES = (1000, 3000)


def main() -> int:
    data = TrainingData(PROJECT_ROOT / "data" / "nlu", PROJECT_ROOT / "nlu_inbox" / "nieuwe_onderwerpen.yml",
                        PROJECT_ROOT / "tests" / "nlu_test.yml")
    texts = sorted(data.known_examples())
    random.Random(7).shuffle(texts)
    for size in SIZES:
        sample = texts[:size]
        started = time.perf_counter()
        groups = group_by_similarity(sample, lambda text: text)
        print(f"{len(sample)} texts -> {len(groups)} groups in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
