"""The wegwijzer in the NLU pipeline: a message about a subject becomes out_of_scope naming it."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.wegwijzer.component import WegwijzerClassifier, signpost
from bot.wegwijzer.sources import build_matcher


def message(text, intent, confidence=0.8, entities=()):
    return Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence},
                         INTENT_RANKING_KEY: [{"name": intent, "confidence": confidence},
                                              {"name": "out_of_scope", "confidence": 0.1}],
                         ENTITIES: list(entities)})


@pytest.fixture(scope="module")
def matcher(config, content):
    return build_matcher(config, content)


def test_a_subject_read_as_a_burgerzaken_topic_becomes_out_of_scope_with_its_entity(matcher):
    msg = message("mag ik de boom in mijn tuin kappen", "parkeervergunning", 0.6)
    assert signpost(msg, matcher) == "kapvergunning"
    assert msg.get(INTENT)["name"] == "out_of_scope" and msg.get(INTENT)["confidence"] >= 0.9
    ranking = [r["name"] for r in msg.get(INTENT_RANKING_KEY)]
    assert ranking[:2] == ["out_of_scope", "parkeervergunning"] and ranking.count("out_of_scope") == 1
    [entity] = [e for e in msg.get(ENTITIES) if e["entity"] == "wegwijzer"]
    assert entity["value"] == "kapvergunning"
    assert "mag ik de boom in mijn tuin kappen"[entity["start"]:entity["end"]] == "boom in mijn tuin kappen"


@pytest.mark.parametrize("text, intent", [
    ("mijn vader is overleden", "overlijden_aangifte"),
    ("parkeervergunning voor de aannemer tijdens de verbouwing", "parkeervergunning"),
    ("ik wil een medewerker spreken over mijn wmo aanvraag", "menselijk_contact"),
    ("/out_of_scope", "out_of_scope"),
])
def test_burgerzaken_a_person_and_buttons_are_left_alone(matcher, text, intent):
    msg = message(text, intent)
    assert signpost(msg, matcher) is None
    assert msg.get(INTENT)["name"] == intent and not msg.get(ENTITIES)


def test_a_dog_that_died_is_no_death_to_register(matcher):
    msg = message("mijn hond is overleden, wat moet ik doen", "overlijden_aangifte", 0.6)
    assert signpost(msg, matcher) == "hondenbelasting"


def test_the_component_reads_the_configuration_as_it_is_now():
    msg = message("wanneer komt de vuilniswagen", "popup_locaties", 0.6)
    [out] = WegwijzerClassifier({}).process([msg])
    assert out.get(INTENT)["name"] == "out_of_scope"
    assert [e["value"] for e in out.get(ENTITIES)] == ["afval"]


def test_the_assistants_own_places_protect_a_message_but_neighbourhoods_do_not():
    from bot.wegwijzer.sources import current_matcher

    matcher = current_matcher()
    assert matcher.match("mijn vader zit in een rolstoel, komt de gemeentebus ook naar hem toe").decide(
        "popup_locaties") is None
    assert matcher.match("mijn vader zit in een rolstoel, hoe krijgt hij een scootmobiel").decide(
        "out_of_scope") == "wmo"
    assert matcher.match("wanneer wordt het grofvuil opgehaald in oosterhout").decide("out_of_scope") == "afval"


def test_a_topic_the_classifier_is_sure_of_stays_unless_told_otherwise(matcher):
    sure = message("ik heb schulden en kan de rekening van de tandarts niet betalen", "bijzondere_bijstand", 0.8)
    assert signpost(sure, matcher) is None and sure.get(INTENT)["name"] == "bijzondere_bijstand"
    unsure = message("ik heb schulden en kan de rekening van de tandarts niet betalen", "bijzondere_bijstand", 0.5)
    assert signpost(unsure, matcher) == "schulden"
    always = message("mag ik de boom in mijn tuin kappen", "parkeervergunning", 0.86)
    assert signpost(always, matcher, keep_above=1.01) == "kapvergunning"


def test_loading_the_model_reads_the_wegwijzer_then_not_at_the_first_message(monkeypatch):
    from bot.wegwijzer import component

    reads = []
    monkeypatch.setattr(component, "current_matcher", lambda: reads.append("read"))
    loaded = WegwijzerClassifier.load({}, None, None, None)
    assert reads == ["read"] and isinstance(loaded, WegwijzerClassifier)


def test_a_wegwijzer_that_cannot_be_read_at_load_does_not_stop_the_model(monkeypatch, caplog):
    from bot.wegwijzer import component

    def broken():
        raise ValueError("gemeente.yml is broken")

    monkeypatch.setattr(component, "current_matcher", broken)
    assert isinstance(WegwijzerClassifier.load({"keep_above": 0.5}, None, None, None), WegwijzerClassifier)
    assert "tried again at each message" in caplog.text
