"""The project's intent classifier: a linear support vector machine over TF-IDF word and
character n-grams, as a Rasa NLU component.

Chosen by cross-validation against DIET and Rasa's logistic regression on our own data
(reports/pipelines.md): with no pretrained Dutch embeddings available offline, a
well-regularised linear model generalises as well or better and trains in seconds instead of
minutes. Character n-grams carry typos and compounds ("idkaart", "rijbeweis"); accents are
folded so "geinteresseerd" and "geïnteresseerd" are one word.

Confidences come from sigmoid calibration (cross-validated on the training data), so the
FallbackClassifier's threshold means roughly "how likely this intent is right".
"""
from __future__ import annotations

import logging
import unicodedata
from typing import Any, Dict, List, Optional, Text

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

logger = logging.getLogger(__name__)
_FILE = "linear_intent_classifier.joblib"


def fold_text(text: str) -> str:
    """Lower case without accents: how residents' spellings are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build_model(config: Dict[Text, Any]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(preprocessor=fold_text, ngram_range=(1, config["word_max_ngram"]), sublinear_tf=True),
        TfidfVectorizer(preprocessor=fold_text, analyzer="char_wb",
                        ngram_range=(config["char_min_ngram"], config["char_max_ngram"]), sublinear_tf=True),
    )
    svm = LinearSVC(C=config["C"], random_state=config["random_seed"])
    calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=config["calibration_folds"])
    return Pipeline([("features", features), ("classifier", calibrated)])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 1.0, "word_max_ngram": 2, "char_min_ngram": 1, "char_max_ngram": 4,
                "calibration_folds": 3, "ranking_length": 10, "random_seed": 2026}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "joblib"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Pipeline] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        if len({e.get(INTENT) for e in examples}) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; nothing trained.")
            return self._resource
        self.model = build_model(self.config)
        labels = np.array([e.get(INTENT) for e in examples])  # calibration counts classes with numpy
        self.model.fit([e.get(TEXT) for e in examples], labels)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / _FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                return cls(config, model_storage, resource, joblib.load(directory / _FILE))
        except (ValueError, FileNotFoundError):
            logger.debug("No trained LinearIntentClassifier found; it will predict nothing.")
            return cls(config, model_storage, resource)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        probabilities = self.model.predict_proba(texts)
        labels = self.model.classes_
        for message, row in zip(messages, probabilities):
            scored = sorted(((str(label), float(p)) for label, p in zip(labels, row)), key=lambda pair: -pair[1])
            ranking = [{"name": name, "confidence": confidence} for name, confidence in scored]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
