"""How well the wegwijzer recognises municipal subjects outside burgerzaken, on the held-out
messages of tests/wegwijzer/heldout*.yml (written apart from gemeente.yml's words and examples
and from data/nlu; never copy from them into either). heldout.yml was measured first and then
used to find what the matcher missed; heldout_2.yml was written after that, so its figure is
the honest one for messages nobody tuned for. Each file is measured on its own and together.

Precision: of the messages given a subject, the share given the right one. Recall: of the
messages about a subject, the share given it. Taken: messages that must not be signposted
(burgerzaken and agency questions, other questions, small talk) that got a subject anyway.

By default the matcher on its own: a document, product or agency named anywhere keeps a
message for burgerzaken (``Match.decide`` without an intent). With ``--model`` the whole NLU
pipeline of a trained model as the server runs it: a message counts as signposted when it comes
out as out_of_scope with the entity wegwijzer.

Run: ``.venv/bin/python -m benchmarks.wegwijzer [-v] [--model [PATH]]`` (``-v`` lists every miss).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from bot.core.settings import PROJECT_ROOT

HELDOUT_FILES = tuple(sorted((PROJECT_ROOT / "tests" / "wegwijzer").glob("heldout*.yml")))
Labelled = Tuple[str, Optional[str]]


def labelled(paths: Sequence[Path] = HELDOUT_FILES) -> List[Labelled]:
    """(message, subject) pairs; subject None for a message that must not be signposted."""
    rows: List[Labelled] = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rows += [(str(text), str(topic)) for topic, texts in (data.get("onderwerpen") or {}).items()
                 for text in texts or []]
        rows += [(str(text), None) for text in data.get("geen") or []]
    return rows


@dataclass
class Figures:
    name: str
    messages: int = 0
    about_a_subject: int = 0
    signposted: int = 0
    right: int = 0
    taken: int = 0  # a message that must not be signposted, signposted
    seconds_per_message: float = 0.0
    misses: List[str] = field(default_factory=list)
    per_subject: Dict[str, Tuple[int, int]] = field(default_factory=dict)  # subject -> (right, messages)

    @property
    def precision(self) -> float:
        return self.right / self.signposted if self.signposted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.about_a_subject if self.about_a_subject else 1.0

    @property
    def negatives(self) -> int:
        return self.messages - self.about_a_subject

    def lines(self) -> List[str]:
        return [f"{self.name}: precision {self.precision:.3f}, recall {self.recall:.3f} "
                f"({self.right} right of {self.signposted} signposted, {self.about_a_subject} about a subject); "
                f"taken {self.taken} of {self.negatives} that must not be signposted; "
                f"{1000 * self.seconds_per_message:.2f} ms a message",
                "  per subject (right/messages): " + ", ".join(f"{k} {r}/{n}" for k, (r, n) in self.per_subject.items())]


def score(name: str, rows: Sequence[Labelled], predicted: Sequence[Optional[str]], seconds: float = 0.0) -> Figures:
    figures = Figures(name, messages=len(rows), seconds_per_message=seconds / len(rows) if rows else 0.0)
    per_subject: Counter = Counter()
    right_per_subject: Counter = Counter()
    for (text, expected), got in zip(rows, predicted):
        figures.about_a_subject += expected is not None
        figures.signposted += got is not None
        if expected is not None:
            per_subject[expected] += 1
        if got is not None and got == expected:
            figures.right += 1
            right_per_subject[expected] += 1
        if expected is None and got is not None:
            figures.taken += 1
        if got != expected:
            figures.misses.append(f"{expected or '-'} -> {got or '-'}: {text}")
    figures.per_subject = {k: (right_per_subject[k], n) for k, n in per_subject.items()}
    return figures


def measure(rows: Optional[Sequence[Labelled]] = None, name: str = "matcher on its own") -> Figures:
    """The matcher on its own, on the shipped gemeente.yml and content."""
    from bot.config.content import load_content
    from bot.config.gemeente import load_gemeente
    from bot.wegwijzer.sources import build_matcher

    rows = list(rows if rows is not None else labelled())
    matcher = build_matcher(load_gemeente(PROJECT_ROOT / "gemeente.yml"),
                            load_content(PROJECT_ROOT / "content" / "antwoorden.yml"))
    matcher.match("warm up")  # the lemma table loads once
    started = time.perf_counter()
    predicted = [matcher.match(text).decide() for text, _ in rows]
    return score(name, rows, predicted, time.perf_counter() - started)


def measure_model(model: Path, rows: Optional[Sequence[Labelled]] = None, name: str = "") -> Figures:
    """The whole NLU pipeline of ``model``, as the Rasa server runs it."""
    from rasa.core.agent import Agent
    from rasa.core.channels import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.retraining.nlu_eval import quiet_rasa

    rows = list(rows if rows is not None else labelled())
    quiet_rasa()
    processor = Agent.load(str(model)).processor
    target = processor.model_metadata.nlu_target
    tracker = DialogueStateTracker.from_events("wegwijzer", [])
    started = time.perf_counter()
    results = processor.graph_runner.run(
        inputs={PLACEHOLDER_MESSAGE: [UserMessage(text) for text, _ in rows], PLACEHOLDER_TRACKER: tracker},
        targets=[target])[target]
    seconds = time.perf_counter() - started
    predicted = []
    for message in results:
        intent = (message.get("intent") or {}).get("name")
        subjects = [e.get("value") for e in message.get("entities") or [] if e.get("entity") == "wegwijzer"]
        predicted.append(subjects[0] if intent == "out_of_scope" and subjects else None)
    return score(f"whole NLU pipeline ({model.name}){', ' + name if name else ''}", rows, predicted, seconds)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--model", nargs="?", const="current", help="also the whole NLU pipeline of a model "
                                                                     "(default: the model for the current data)")
    args = parser.parse_args(argv)
    rows = labelled()
    print(f"wegwijzer on {', '.join(p.name for p in HELDOUT_FILES)} ({len(rows)} messages):")
    runs = [measure(labelled([path]), f"matcher on its own, {path.name}") for path in HELDOUT_FILES]
    runs.append(measure(rows, "matcher on its own, all"))
    if args.model:
        from bot.retraining.model_store import current_model

        model = current_model() if args.model == "current" else Path(args.model)
        if model is None:
            print("no model for the current data; run make train", file=sys.stderr)
            return 1
        runs += [measure_model(model, labelled([path]), path.name) for path in HELDOUT_FILES]
    for figures in runs:
        print("\n".join("  " + line for line in figures.lines()))
        if args.verbose:
            print("\n".join(f"    {miss}" for miss in figures.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
