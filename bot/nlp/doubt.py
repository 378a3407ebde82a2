"""Asks "Bedoelt u ...?" when the words of a message contradict the topic the classifier chose.

A message that names a rijbewijs cannot be about applying for a paspoort, and one that names
the UWV is not a question for the CAK. When the classifier's topic owns documents (or is an
agency's topic) and the message names only documents (or agencies) of other topics, this
component puts ``nlu_fallback`` first, as the FallbackClassifier does, so the assistant asks
with the chosen topic and the topic of the named word as the two buttons. Which topic owns
which word is read from content/antwoorden.yml (``onderwerpen.<intent>.producten`` and
``organisaties.intents``); the entities are those the spaCy ruler found.

It also asks when the two most likely topics are close (within ``margin``) and would get
different answers. Two close intents that end in the same place are no reason to ask: a booking
and a topic (the booking conversation takes the product from the topic, "mijn vader is overleden,
kan ik een afspraak maken voor de aangifte"). For the same
reason, when the FallbackClassifier asked because such a pair split the confidence ("afspraak
paspoort": a booking and the passport topic), and the two together reach ``together``, the more
likely one is answered.

It runs after the FallbackClassifier, so a message already below the threshold is left as it
is. ``make nlu-realistic`` measures what it adds; ``python -m bot.retraining.thresholds``
measures the threshold and the margin (config.yml says why the margin is off).
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
BOOKING = "afspraak_maken"
# Aspects that a product's own fact answers (its fee, its delivery time), whichever topic leads to it.
PRODUCT_FACTS = frozenset({"kosten", "levertijd"})


@dataclass(frozen=True)
class TopicWords:
    """For each entity (document, agency): which topic owns which of its values."""
    owners: Dict[str, Dict[str, FrozenSet[str]]]  # entity -> intent -> values
    topics: FrozenSet[str] = frozenset()  # the intents answered as a topic or by an agency

    def same_outcome(self, first: str, second: str, named: Optional[Mapping[str, Sequence[str]]] = None) -> bool:
        """Whether two close intents lead to the same answer: a booking beside a topic (the
        booking conversation takes the product from the topic), or two topics that both own the
        document named when the message asks its fee or delivery time ("hoe lang duurt het voordat
        mijn nieuwe rijbewijs klaar is": applying and collecting both lead with that fact). Else two
        topics about the same document do not: applying for a passport and losing one differ."""
        if BOOKING in (first, second) and {first, second} - {BOOKING} <= self.topics:
            return True
        named = named or {}
        documents = set(named.get("document") or ())
        if not documents or not set(named.get("aspect") or ()) & PRODUCT_FACTS:
            return False
        own = self.owners.get("document", {})
        return bool(documents & own.get(first, frozenset()) & own.get(second, frozenset()))

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
    agencies = (raw.get("organisaties") or {}).get("intents") or {}
    if "agency" in entities:
        for intent, agency in agencies.items():
            owners.setdefault("agency", {})[str(intent)] = frozenset({str(agency)})
    topics = frozenset(str(i) for i in (raw.get("onderwerpen") or {})) | frozenset(str(i) for i in agencies)
    return TopicWords(owners, topics)


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
        return {"entities": ["document", "agency"], "margin": 0.0, "together": 1.1}

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
        if not chosen:
            return
        named = named_values(message.get(ENTITIES) or [])
        if chosen == FALLBACK:
            self._answer_split_pair(message, ranking, named)
            return
        entity = self.words.contradicted(chosen, named)
        if entity is not None:
            other = self.words.topic_of(entity, named[entity], [r.get("name") for r in ranking])
            self._ask(message, intent, ranking, other)
            logger.debug("Topic %s contradicts the %s named (%s); asking.", chosen, entity, named[entity])
            return
        close = self._close_second(intent, ranking)
        if close and not self.words.same_outcome(chosen, close, named):
            self._ask(message, intent, ranking, close)
            logger.debug("Topics %s and %s are too close to tell apart; asking.", chosen, close)

    def _answer_split_pair(self, message: Message, ranking: List[Dict[str, Any]],
                           named: Mapping[str, Sequence[str]]) -> None:
        real = [r for r in ranking if r.get("name") != FALLBACK]
        if len(real) < 2:
            return
        first, second = real[0], real[1]
        together = float(first.get("confidence") or 0.0) + float(second.get("confidence") or 0.0)
        if together >= float(self.config["together"]) and self.words.same_outcome(
                str(first.get("name")), str(second.get("name")), named):
            message.set(INTENT, first, add_to_output=True)
            message.set(INTENT_RANKING_KEY, real, add_to_output=True)
            logger.debug("%s and %s lead to the same answer; answering.", first.get("name"), second.get("name"))

    def _close_second(self, intent: Dict[str, Any], ranking: List[Dict[str, Any]]) -> Optional[str]:
        """The runner-up when it is within the margin of the chosen intent."""
        best = float(intent.get("confidence") or 0.0)
        others = [r for r in ranking if r.get("name") not in (intent.get("name"), FALLBACK)]
        if not others or best - float(others[0].get("confidence") or 0.0) >= float(self.config["margin"]):
            return None
        return str(others[0].get("name"))

    @staticmethod
    def _ask(message: Message, intent: Dict[str, Any], ranking: List[Dict[str, Any]], other: Optional[str]) -> None:
        """``nlu_fallback`` first, then the chosen intent and ``other``: the two buttons of the question."""
        chosen = intent.get("name")
        first = [r for r in ranking if r.get("name") == chosen] or [intent]
        second = [r for r in ranking if r.get("name") == other] or ([{"name": other, "confidence": 0.0}] if other else [])
        rest = [r for r in ranking if r.get("name") not in (chosen, other)]
        fallback = {"name": FALLBACK, "confidence": float(intent.get("confidence") or 0.0)}
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [fallback, *first, *second, *rest], add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
