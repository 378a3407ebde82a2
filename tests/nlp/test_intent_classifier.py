"""The project's intent classifier as Rasa trains, stores, loads and runs it: accents and case
folded, the right intent first with a calibrated ranking, and no guessing without a model."""
from __future__ import annotations

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.intent_classifier import LinearIntentClassifier, fold_text

EXAMPLES = {
    "reisdocument_kwijt": ["ik ben mijn paspoort kwijt", "mijn id-kaart is gestolen", "paspoort verloren op vakantie",
                           "rijbewijs kwijtgeraakt", "mijn paspoort is weg", "identiteitskaart gestolen wat nu"],
    "verhuizing_doorgeven": ["ik ga verhuizen", "nieuw adres doorgeven", "verhuizing melden",
                             "wij verhuizen volgende maand", "adreswijziging doorgeven", "ik ben verhuisd"],
    "afval": ["wanneer wordt het afval opgehaald", "grofvuil laten ophalen", "kliko is kapot",
              "de container is niet geleegd", "afvalkalender", "waar laat ik mijn grofvuil"],
}


def training_data(examples):
    return TrainingData([Message(data={TEXT: text, INTENT: intent}) for intent, texts in examples.items()
                         for text in texts])


def classify(component, text):
    [message] = component.process([Message(data={TEXT: text})])
    return message


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def trained_and_loaded(storage, examples, config=None):
    resource = Resource("linear_intent_classifier")
    LinearIntentClassifier.create(config or {}, storage, resource, None).train(training_data(examples))
    return LinearIntentClassifier.load(config or {}, storage, resource, None)


def test_case_and_accents_are_folded():
    assert fold_text("Geïnteresseerd in een ID-KAART, café") == "geinteresseerd in een id-kaart, cafe"


def test_the_stored_model_ranks_the_right_intent_first_with_confidences(storage):
    component = trained_and_loaded(storage, EXAMPLES)
    message = classify(component, "Mijn paspoort is gestolen")
    ranking = message.get(INTENT_RANKING_KEY)
    assert message.get(INTENT)["name"] == "reisdocument_kwijt" == ranking[0]["name"]
    assert {r["name"] for r in ranking} == set(EXAMPLES)
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True) and all(0 <= c <= 1 for c in confidences)
    assert classify(component, "wanneer komt de vuilniswagen voor het grofvuil").get(INTENT)["name"] == "afval"


def test_the_ranking_is_cut_at_the_configured_length(storage):
    component = trained_and_loaded(storage, EXAMPLES, {"ranking_length": 2})
    assert len(classify(component, "ik verhuis").get(INTENT_RANKING_KEY)) == 2


def test_with_one_intent_nothing_is_trained_and_nothing_is_predicted(storage):
    component = trained_and_loaded(storage, {"afval": EXAMPLES["afval"]})
    assert component.model is None
    assert classify(component, "grofvuil").get(INTENT) is None
