"""Rasa, in this process: validate the training inputs, train, and predict intents.

Everything the gate compares is predicted here with the same code for both models: the
held-out file through each model, and cross-validation where an example's fold depends only
on its text and the seed, so an example sits in the same fold for the live data and the
new data (adding or relabelling examples does not reshuffle the rest).
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional

from bot.retraining.scoring import Prediction

SEED = 2026
BATCH = 500
FALLBACK_INTENT = "nlu_fallback"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


def quiet_rasa() -> None:
    """Rasa and TensorFlow log every step; the retrain prints its own progress lines."""
    import structlog

    for name in ("rasa", "tensorflow", "absl", "matplotlib", "numexpr", "apscheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    warnings.filterwarnings("ignore")


_shared_loader: Optional[Callable[..., Any]] = None  # the caching loader share_spacy_pipeline put on SpacyNLP


def share_spacy_pipeline() -> None:
    """Loads the spaCy pipeline once for this process instead of at every training and model
    load (a retrain trains and loads a dozen models). Rasa only reads the pipeline, so one
    copy serves them all; this is for the retrain's own process, not for the Rasa server."""
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    global _shared_loader
    if SpacyNLP.load_model is not _shared_loader:
        _shared_loader = functools.lru_cache(maxsize=4)(SpacyNLP.load_model)
        SpacyNLP.load_model = staticmethod(_shared_loader)


@contextlib.contextmanager
def _silenced() -> Iterator[None]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def validate(root: Path) -> List[str]:
    """What ``rasa data validate --fail-on-warnings`` objects to, as sentences; empty when fine."""
    from rasa.cli.utils import _validate_domain, _validate_nlu, _validate_story_structure
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    problems: List[str] = []
    with warnings.catch_warnings(record=True) as caught, _silenced():
        warnings.simplefilter("always")
        try:
            importer = TrainingDataImporter.load_from_config(str(root / "config.yml"), str(root / "domain.yml"),
                                                             [str(root / "data")])
            validator = Validator.from_importer(importer)
            if importer.get_domain().is_empty():
                problems.append("domain.yml is empty or cannot be read")
            valid = all([_validate_domain(validator), _validate_nlu(validator, True),
                         _validate_story_structure(validator, None, True)])
        except Exception as error:  # noqa: BLE001 - any unreadable file is a validation problem
            problems.append(f"{type(error).__name__}: {error}")
            valid = False
    if not valid:
        # Rasa reports what is wrong as warnings; some warnings come with every domain.
        problems += [str(w.message) for w in caught if issubclass(w.category, UserWarning)
                     and "auto-fill" not in str(w.message)]
        problems = problems or ["the training data did not pass rasa data validate"]
    return list(dict.fromkeys(problems))


def train(root: Path, target: Path) -> Path:
    """A full model (NLU and dialogue) from ``root``'s config.yml, domain.yml and data/."""
    from rasa.model_training import train as rasa_train

    target.parent.mkdir(parents=True, exist_ok=True)
    with _silenced():
        result = rasa_train(str(root / "domain.yml"), str(root / "config.yml"), [str(root / "data")],
                            output=str(target.parent), fixed_model_name=target.name[: -len(".tar.gz")])
    if result.code != 0 or not target.exists():
        raise RuntimeError(f"training failed (Rasa exit code {result.code})")
    return target


def read_examples(path: Path) -> List[Example]:
    """The intent examples of a file or folder of Rasa NLU YAML, in file order."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [Example(m.get("text"), m.get("intent")) for m in data.intent_examples]


def predict(model: Path, examples: List[Example]) -> List[Prediction]:
    """What ``model``'s NLU makes of each example: the same graph the Rasa server runs, fed
    the messages in batches (the components work on lists) instead of one by one. As in
    ``rasa test nlu``, a fallback is undone to the intent underneath it, so the figures
    match those of ``make nlu-gate``."""
    from rasa.core.agent import Agent
    from rasa.core.channels import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    with _silenced():
        processor = Agent.load(str(model)).processor
    tracker = DialogueStateTracker.from_events("retrain", [])
    target = processor.model_metadata.nlu_target
    found: List[Prediction] = []
    for start in range(0, len(examples), BATCH):
        batch = examples[start:start + BATCH]
        results = processor.graph_runner.run(
            inputs={PLACEHOLDER_MESSAGE: [UserMessage(e.text) for e in batch], PLACEHOLDER_TRACKER: tracker},
            targets=[target])
        for example, message in zip(batch, results[target]):
            intent = _without_fallback(message.get("intent") or {}, message.get("intent_ranking") or [])
            found.append(Prediction(example.text, example.intent, str(intent.get("name")),
                                    float(intent.get("confidence") or 0.0)))
    return found


def _without_fallback(intent: dict, ranking: list) -> dict:
    """The FallbackClassifier puts ``nlu_fallback`` first; the intent below it is the guess."""
    if intent.get("name") == FALLBACK_INTENT and len(ranking) > 1:
        return ranking[1]
    return intent


def fold_of(text: str, folds: int, seed: int = SEED) -> int:
    """The fold of an example: fixed by its text and the seed, not by the rest of the data."""
    digest = hashlib.sha256(f"{seed}\0{text.strip().lower()}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds


def cross_validate(config: Path, nlu_data: Path, folds: int, progress: Optional[Progress] = None,
                   seed: int = SEED) -> List[Prediction]:
    """Each example predicted by an NLU model trained on the other folds (returned in the
    data's order, so two data sets' predictions line up for the examples they share)."""
    from rasa.model_training import train_nlu
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = load_data(str(nlu_data))
    messages = data.intent_examples
    assigned = [fold_of(m.get("text"), folds, seed) for m in messages]
    predictions: List[Optional[Prediction]] = [None] * len(messages)
    with tempfile.TemporaryDirectory(prefix="retrain-cv-") as scratch:
        for fold in range(folds):
            train_part = [m for m, f in zip(messages, assigned) if f != fold]
            test_part = [i for i, f in enumerate(assigned) if f == fold]
            part = TrainingData(training_examples=train_part, entity_synonyms=data.entity_synonyms,
                                regex_features=data.regex_features, lookup_tables=data.lookup_tables)
            data_file = Path(scratch) / f"fold-{fold}.yml"
            RasaYAMLWriter().dump(str(data_file), part)
            with _silenced():
                model = train_nlu(str(config), str(data_file), str(Path(scratch) / f"model-{fold}"),
                                  fixed_model_name=f"fold-{fold}")
            if model is None:
                raise RuntimeError(f"cross-validation fold {fold + 1}: training failed")
            found = predict(Path(model), [Example(messages[i].get("text"), messages[i].get("intent"))
                                          for i in test_part])
            for index, prediction in zip(test_part, found):
                predictions[index] = prediction
            if progress:
                progress(f"fold {fold + 1}/{folds} done")
    return [p for p in predictions if p is not None]
