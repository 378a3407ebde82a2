"""Asks "Bedoelt u ...?" when the words of a message contradict the topic the classifier chose.

A message that names a rijbewijs cannot be about applying for a paspoort, and one that names
the UWV is not a question for the CAK. When the classifier's topic owns documents (or is an
agency's topic) and the message names only documents (or agencies) of other topics, this
component puts ``nlu_fallback`` first, as the FallbackClassifier does, so the assistant asks
with the chosen topic and the topic of the named word as the two buttons. Which topic owns
which word is read from content/antwoorden.yml (``onderwerpen.<intent>.producten`` and
``organisaties.intents``); the entities are those the spaCy ruler found.

It runs after the FallbackClassifier, so a message already below the threshold or between two
close topics is left as it is. ``make nlu-realistic`` measures what it adds.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.settings import get_settings
from bot.nlp.vocabulary import vocabulary

logger = logging.getLogger(__name__)
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class TopicWords:
    """For each entity (document, agency): which topic owns which of its values."""
    owners: Dict[str, Dict[str, FrozenSet[str]]]  # entity -> intent -> values

    def contradicted(self, intent: str, named: Mapping[str, Sequence[str]]) -> Optional[str]:
        """The entity whose named values all belong to other topics than ``intent``, if any."""
        for entity, by_intent in self.owners.items():
            own = by_intent.get(intent)
            values = set(named.get(entity) or ())
            if own and values and not values & own:
                return entity
        return None

    def topic_of(self, entity: str, values: Iterable[str], ranking: Sequence[str]) -> Optional[str]:
        """The most likely topic (by ``ranking``) that owns one of ``values``."""
        wanted = set(values)
        owning = [intent for intent, own in self.owners.get(entity, {}).items() if own & wanted]
        ranked = [intent for intent in ranking if intent in owning]
        return ranked[0] if ranked else (sorted(owning)[0] if owning else None)


def topic_words(content_file: Path, entities: Sequence[str] = ("document", "agency")) -> TopicWords:
    """Which topic owns which document and agency, from the answers' own file."""
    raw = yaml.safe_load(content_file.read_text(encoding="utf-8")) or {}
    known = vocabulary().entries
    owners: Dict[str, Dict[str, FrozenSet[str]]] = {}
    for intent, entry in (raw.get("onderwerpen") or {}).items():
        products = set((entry or {}).get("producten") or ())
        for entity in entities:
            own = products & set(known.get(entity, {}))
            if own:
                owners.setdefault(entity, {})[str(intent)] = frozenset(own)
    if "agency" in entities:
        for intent, agency in ((raw.get("organisaties") or {}).get("intents") or {}).items():
            owners.setdefault("agency", {})[str(intent)] = frozenset({str(agency)})
    return TopicWords(owners)


def named_values(entities: Iterable[Dict[str, Any]]) -> Dict[str, List[str]]:
    """The canonical values of the entities the ruler found, per entity."""
    vocab = vocabulary()
    found: Dict[str, List[str]] = {}
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if isinstance(name, str) and isinstance(value, str):
            known = vocab.canonical(name, value)
            if known:
                found.setdefault(name, []).append(known)
    return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicDoubt(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entities": ["document", "agency"]}

    def __init__(self, config: Dict[Text, Any], words: Optional[TopicWords] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self.words = words or topic_words(get_settings().content_file, tuple(self.config["entities"]))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TopicDoubt":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._doubt(message)
        return messages

    def _doubt(self, message: Message) -> None:
        intent = message.get(INTENT) or {}
        ranking = list(message.get(INTENT_RANKING_KEY) or [])
        chosen = intent.get("name")
        if not chosen or chosen == FALLBACK:
            return
        named = named_values(message.get(ENTITIES) or [])
        entity = self.words.contradicted(chosen, named)
        if entity is None:
            return
        other = self.words.topic_of(entity, named[entity], [r.get("name") for r in ranking])
        first = [r for r in ranking if r.get("name") == chosen] or [intent]
        second = [r for r in ranking if r.get("name") == other] or ([{"name": other, "confidence": 0.0}] if other else [])
        rest = [r for r in ranking if r.get("name") not in (chosen, other)]
        fallback = {"name": FALLBACK, "confidence": float(intent.get("confidence") or 0.0)}
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [fallback, *first, *second, *rest], add_to_output=True)
        logger.debug("Topic %s contradicts the %s named (%s); asking.", chosen, entity, named[entity])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
