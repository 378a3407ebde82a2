"""The wegwijzer in the NLU pipeline: a message about a municipal subject outside burgerzaken
(afval, WOZ, Wmo, ...) becomes ``out_of_scope`` with the entity ``wegwijzer`` naming the subject,
so the out_of_scope rule answers it with a referral (bot/wegwijzer/referral.py).

It runs last, after the intent classifier, the FallbackClassifier and TopicDoubt, and reads
gemeente.yml as it is at that moment: a new subject needs no retraining. It replaces
``out_of_scope`` and the fallback always, any other topic only when that topic owns no
burgerzaken word of the message (``Match.decide``): "mijn hond is overleden" is about the dog,
"mijn vader is overleden" keeps its own answer, and "parkeervergunning tijdens de verbouwing"
stays a parking question.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.wegwijzer.matcher import NO_TOPIC, WegwijzerMatcher
from bot.wegwijzer.sources import current_matcher

logger = logging.getLogger(__name__)
ENTITY = "wegwijzer"
OUT_OF_SCOPE = "out_of_scope"
SURE = 0.9  # a subject's own words are named: as sure as a clear classification
# A burgerzaken topic the classifier is this sure of keeps the message ("ik heb schulden en kan
# de rekening van de tandarts niet betalen" is bijzondere bijstand). Chosen on
# tests/nlu_realistic.yml and the wegwijzer's held-out sets (benchmarks/wegwijzer.py --model):
# 0.65 took 3 confident errors away there and cost one signposted message in each wegwijzer set;
# 0.5 cost more and gained less.
KEEP_ABOVE = 0.65


def signpost(message: Message, matcher: WegwijzerMatcher, keep_above: float = KEEP_ABOVE) -> Optional[str]:
    """Makes ``message`` an out_of_scope message naming its subject, when it is one; the subject.
    A topic the classifier is at least ``keep_above`` sure of stays."""
    text = message.get(TEXT) or ""
    if not text.strip() or text.startswith("/"):  # a button's payload says what it is
        return None
    intent = message.get(INTENT) or {}
    if str(intent.get("name")) not in NO_TOPIC and float(intent.get("confidence") or 0.0) >= keep_above:
        return None
    found = matcher.match(text)
    topic = found.decide(str(intent.get("name") or ""))
    if topic is None:
        return None
    chosen = {"name": OUT_OF_SCOPE, "confidence": min(1.0, max(SURE, float(found.score)))}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != OUT_OF_SCOPE]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
    start, end = found.span
    entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITY]
    entities.append({"entity": ENTITY, "value": topic, "start": start, "end": end,
                     "confidence_entity": found.score, "extractor": "WegwijzerClassifier"})
    message.set(ENTITIES, entities, add_to_output=True)
    logger.debug("Wegwijzer: %s (%s %s) instead of %s", topic, found.via, found.words, intent.get("name"))
    return topic


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WegwijzerClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"keep_above": KEEP_ABOVE}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "WegwijzerClassifier":
        return cls(config)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "WegwijzerClassifier":
        """The component for answering: it reads the files and the word tables now, when the model
        is loaded, so the first resident after a start does not wait for them (seconds)."""
        try:
            current_matcher()
        except Exception:  # noqa: BLE001 - process() says what is wrong, at each message
            logger.warning("The wegwijzer could not be read at start; it is tried again at each message")
        return cls.create(config, model_storage, resource, execution_context)

    def process(self, messages: List[Message]) -> List[Message]:
        try:
            matcher = current_matcher()  # gemeente.yml as it is now
        except Exception:  # noqa: BLE001 - a broken configuration never stops understanding messages
            logger.exception("The wegwijzer could not be read; messages are classified without it")
            return messages
        for message in messages:
            signpost(message, matcher, float(self.config["keep_above"]))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
