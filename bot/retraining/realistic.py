"""``make nlu-realistic``: the trained model on realistic held-out messages (typos, long and
indirect wording, boundary pairs, municipal questions outside burgerzaken, English), beside a
bag-of-words baseline trained on the same data, so a figure says what the pipeline adds.

Confidently wrong: a wrong intent that the assistant answers instead of asking "Bedoelt u
...?". The model is run as the server runs it, so it asks below the fallback threshold of
config.yml, when two topics are close, and when the topic contradicts the words of the message
(bot/nlp/doubt.py); the same figure "by the threshold alone" shows what the asking adds. The
baseline has only the threshold. Shares count every message in the file. Accuracy is the
intent underneath a question, as in ``rasa test nlu``. The intent pairs that are confused are
printed as counts, without the messages, so the held-out set stays unseen.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import yaml

from bot.core import language
from bot.core.settings import PROJECT_ROOT
from bot.retraining.evaluation import REALISTIC_FILES, REPORTS
from bot.retraining.model_store import current_model
from bot.retraining.nlu_eval import quiet_rasa

FALLBACK = "nlu_fallback"
_ENTITY = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Figures:
    """One classifier on the held-out messages."""
    name: str
    messages: int
    accuracy: float
    macro_f1: float
    confidently_wrong: int
    asked_when_right: int = 0

    @property
    def confidently_wrong_share(self) -> float:
        return self.confidently_wrong / self.messages if self.messages else 0.0

    def line(self) -> str:
        return (f"{self.name}: accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f}, confidently wrong "
                f"{self.confidently_wrong} of {self.messages} ({self.confidently_wrong_share:.1%})")


def examples(path: Path) -> List[Tuple[str, str]]:
    """(text, intent) of a Rasa NLU file, entity markup removed."""
    found = []
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append((_ENTITY.sub(r"\1", line[2:]).strip(), str(block["intent"])))
    return found


def fallback_threshold(config: Path = PROJECT_ROOT / "config.yml") -> float:
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline", [])
    return next((float(c.get("threshold", 0.3)) for c in pipeline if c.get("name") == "FallbackClassifier"), 0.3)


def score(name: str, expected: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
          threshold: float, asked: Optional[Sequence[bool]] = None) -> Figures:
    """Accuracy, macro-F1 over the expected intents, and wrong predictions the assistant answers:
    at or above the threshold and, when ``asked`` is given, not asked about."""
    from sklearn.metrics import f1_score

    labels = sorted(set(expected))
    asks = list(asked) if asked is not None else [False] * len(expected)
    right = sum(e == p for e, p in zip(expected, predicted))
    wrong_and_sure = sum(e != p and p != FALLBACK and c >= threshold and not a
                         for e, p, c, a in zip(expected, predicted, confidence, asks))
    asked_when_right = sum(e == p and a for e, p, a in zip(expected, predicted, asks))
    return Figures(name, len(expected), right / len(expected) if expected else 0.0,
                   float(f1_score(expected, predicted, labels=labels, average="macro", zero_division=0)),
                   wrong_and_sure, asked_when_right)


def confused_pairs(expected: Sequence[str], predicted: Sequence[str]) -> List[Tuple[str, str, int]]:
    """(expected, predicted, how often), most frequent first: which topics are mixed up."""
    counts = collections.Counter((e, p) for e, p in zip(expected, predicted) if e != p)
    return [(e, p, n) for (e, p), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@dataclass(frozen=True)
class Parsed:
    """What the model made of one message: the intent underneath any question, and whether it asks."""
    intent: str
    confidence: float
    asked: bool


def parse(model: Path, texts: Sequence[str]) -> List[Parsed]:
    """The NLU of ``model`` on each text, through the graph the Rasa server runs."""
    from rasa.core.agent import Agent
    from rasa.core.channels import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    quiet_rasa()
    processor = Agent.load(str(model)).processor
    tracker = DialogueStateTracker.from_events("realistic", [])
    target = processor.model_metadata.nlu_target
    results = processor.graph_runner.run(
        inputs={PLACEHOLDER_MESSAGE: [UserMessage(t) for t in texts], PLACEHOLDER_TRACKER: tracker}, targets=[target])
    found = []
    for message in results[target]:
        intent = message.get("intent") or {}
        ranking = message.get("intent_ranking") or []
        asked = intent.get("name") == FALLBACK
        guess = next((r for r in ranking if r.get("name") != FALLBACK), intent) if asked else intent
        found.append(Parsed(str(guess.get("name")), float(guess.get("confidence") or 0.0), asked))
    return found


def english_right(texts: Sequence[str], expected: Sequence[str], predicted: Sequence[str]) -> Tuple[int, int]:
    """Of the messages written in English (bot.core.language.detect), how many got their topic,
    and how many there are."""
    english = [i for i, text in enumerate(texts) if language.detect(text) == language.ENGLISH]
    return sum(1 for i in english if expected[i] == predicted[i]), len(english)


def model_figures(model: Path, heldout: Path, threshold: float,
                  out: Path) -> Tuple[Figures, Figures, List[Tuple[str, str, int]], Tuple[int, int]]:
    """The trained model as the server runs it, and by the threshold alone, the confused pairs and
    the English messages it got right of all; the messages it got wrong go to ``out`` (for a
    person improving the model, not for writing training data)."""
    test = examples(heldout)
    parsed = parse(model, [t for t, _ in test])
    expected = [i for _, i in test]
    predicted = [p.intent for p in parsed]
    confidence = [p.confidence for p in parsed]
    out.mkdir(parents=True, exist_ok=True)
    (out / "errors.json").write_text(json.dumps(
        [{"text": t, "intent": i, "predicted": p.intent, "confidence": round(p.confidence, 3), "asked": p.asked}
         for (t, i), p in zip(test, parsed) if i != p.intent], ensure_ascii=False, indent=1), encoding="utf-8")
    return (score("model", expected, predicted, confidence, threshold, [p.asked for p in parsed]),
            score("model, by the threshold alone", expected, predicted, confidence, threshold),
            confused_pairs(expected, predicted), english_right([t for t, _ in test], expected, predicted))


def baseline_figures(train_dir: Path, heldout: Path, threshold: float) -> Figures:
    """Word counts and logistic regression on the same training data: what any text classifier gets."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    train = [pair for path in sorted(train_dir.glob("*.yml")) for pair in examples(path)]
    classifier = make_pipeline(CountVectorizer(lowercase=True), LogisticRegression(max_iter=2000))
    classifier.fit([t for t, _ in train], [i for _, i in train])
    test = examples(heldout)
    probabilities = classifier.predict_proba([t for t, _ in test])
    classes = classifier.classes_
    predicted = [str(classes[row.argmax()]) for row in probabilities]
    return score("bag-of-words baseline", [i for _, i in test], predicted, [float(row.max()) for row in probabilities],
                 threshold)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="default: the model for the current data")
    parser.add_argument("--heldout", type=Path, action="append",
                        help="a held-out file (repeatable); default: every realistic set")
    parser.add_argument("--min-accuracy", type=float, default=0.0, help="fail below this accuracy")
    args = parser.parse_args(argv)
    model: Optional[Path] = args.model or current_model()
    if model is None:
        print("realistic: no model for the current data; run make train", file=sys.stderr)
        return 1
    threshold = fallback_threshold()
    failed = False
    for heldout in args.heldout or REALISTIC_FILES:
        out = REPORTS / "nlu-realistic" / heldout.stem
        found, by_threshold, pairs, (right, english) = model_figures(model, heldout, threshold, out)
        base = baseline_figures(PROJECT_ROOT / "data" / "nlu", heldout, threshold)
        print(f"realistic held-out set ({_shown(heldout)}, fallback threshold {threshold}):")
        print("  " + found.line() + f"; asks about {found.asked_when_right} it had right")
        print("  " + by_threshold.line())
        print("  " + base.line())
        print(f"  the model is {100 * (found.accuracy - base.accuracy):+.1f} points of accuracy from the baseline; "
              f"errors: {_shown(out)}/errors.json")
        print(f"  messages in English (bot.core.language): {right} of {english} right")
        print("  confused (expected -> predicted: messages): "
              + ", ".join(f"{e} -> {p}: {n}" for e, p, n in pairs) if pairs else "  no intent confused")
        if found.accuracy < args.min_accuracy:
            print(f"realistic held-out accuracy {found.accuracy:.3f} < {args.min_accuracy} on {_shown(heldout)}",
                  file=sys.stderr)
            failed = True
    return 1 if failed else 0


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
