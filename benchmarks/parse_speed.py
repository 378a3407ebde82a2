"""How long the trained model takes to parse one resident's message (target: < 100 ms median).

Loads the current model in-process, warms it up, then parses every message of the held-out
test file a few times and prints the median, p95 and max. Run: ``make bench``.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time

import yaml

from bot.retraining.evaluation import HELDOUT_FILE
from bot.retraining.model_store import current_model

ROUNDS = 3


def _messages():
    data = yaml.safe_load(HELDOUT_FILE.read_text(encoding="utf-8"))
    for item in data["nlu"]:
        for line in item["examples"].splitlines():
            if line.strip().startswith("- "):
                yield line.strip()[2:]


async def _measure() -> int:
    from rasa.core.agent import Agent

    model = current_model()
    if model is None:
        print("no model for the current data: run make train", file=sys.stderr)
        return 1
    agent = Agent.load(str(model))
    messages = list(_messages())
    for text in messages[:20]:
        await agent.parse_message(text)
    timings = []
    for _ in range(ROUNDS):
        for text in messages:
            started = time.perf_counter()
            await agent.parse_message(text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"parsed {len(timings)} messages ({len(messages)} distinct x {ROUNDS}) with {model.name}")
    print(f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms "
          f"(target: median < 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_measure()))
