"""Recognising a life event from its words, and when its checklist leads the answer."""
from __future__ import annotations

import pytest

from bot.life_events.matcher import LifeEventMatcher
from bot.life_events.recognise import life_event, matcher_for

EVENTS = {"overlijden": ["overleden", "gestorven"], "werkloos": ["ontslagen", "baan kwijt"],
          "verhuizing": ["verhuizen"], "emigratie": ["verhuizen buitenland"], "achttien": ["18 geworden"]}
QUESTIONS = ["wat moet ik regelen", "waar moet ik aan denken", "wat nu"]


@pytest.fixture
def matcher():
    return LifeEventMatcher(EVENTS, QUESTIONS)


@pytest.mark.parametrize("text, event", [
    ("mijn vader is vorige week overleden", "overlijden"),
    ("Mijn moeder is GESTORVEN", "overlijden"),
    ("ik ben mijn baan kwijt", "werkloos"),  # two words, in the message's order or not
    ("kwijt ben ik mijn baan", "werkloos"),
    ("we verhuizen volgende maand", "verhuizing"),
    ("we gaan verhuizen naar het buitenland", "emigratie"),  # the longer word wins over "verhuizen"
    ("ik ben gisteren 18 geworden", "achttien"),
])
def test_an_event_is_found_from_its_words(matcher, text, event):
    assert matcher.match(text).event == event


@pytest.mark.parametrize("text", ["mijn paspoort is kwijt", "wat kost een paspoort", "baan ... " + "x " * 8 + "kwijt"])
def test_no_event_without_its_words(matcher, text):
    assert matcher.match(text).event is None


@pytest.mark.parametrize("text, asks", [
    ("mijn vader is overleden, wat moet ik allemaal regelen", True),  # a word between two of the question
    ("mijn moeder is overleden, wat moet ik nu nog regelen", True),  # two words
    ("mijn moeder is overleden, waar moet ik dan nog allemaal aan denken", False),  # three are too many
    ("mijn vader is overleden. Waar moet ik aan denken?", True),
    ("mijn vader is overleden, wat nu?", True),
    ("mijn vader is overleden", False),
    ("mijn vader is overleden, moet ik wat regelen", False),  # not in the question's order
])
def test_asking_what_to_arrange_is_read_in_order(matcher, text, asks):
    assert matcher.match(text).asks is asks


@pytest.mark.parametrize("text, intent, event", [
    ("mijn vader is overleden, wat moet ik regelen", "overlijden_aangifte", "overlijden"),  # asks: leads
    ("mijn vader is overleden", "overlijden_aangifte", None),  # the topic keeps its own answer
    ("ik ben gisteren ontslagen", "nlu_fallback", "werkloos"),  # no topic of its own: the words are enough
    ("ik ben gisteren ontslagen", "bot_vraag", "werkloos"),
    ("ik ben ontslagen, hoe vraag ik ww aan", "vraag_uwv", None),  # the agency's own answer
    ("ik ben ontslagen, wat nu", "vraag_uwv", "werkloos"),
    ("ik ben ontslagen, wat nu, ik wil een mens spreken", "menselijk_contact", None),  # never replaced
])
def test_the_checklist_leads_when_asked_or_when_the_model_found_no_topic(matcher, text, intent, event):
    assert matcher.match(text).decide(intent) == event


def test_the_shipped_events_answer_the_issues_messages(config):
    assert life_event(config, "mijn vader is vorige week overleden, wat moet ik allemaal regelen",
                      "overlijden_aangifte") == "overlijden"
    assert life_event(config, "ik ben gisteren ontslagen", "nlu_fallback") == "werkloos"
    assert life_event(config, "hoe doe ik aangifte van overlijden", "overlijden_aangifte") is None
    assert life_event(config, "ik verhuis naar het buitenland, wat moet ik regelen", "emigratie") == "emigratie"


def test_a_message_the_wegwijzer_signposted_is_no_life_event(config):
    assert life_event(config, "onze hond is overleden, wat moet ik regelen", "out_of_scope") == "overlijden"
    assert life_event(config, "onze hond is overleden, wat moet ik regelen", "out_of_scope", signposted=True) is None


def test_a_document_or_product_other_than_the_events_own_keeps_its_answer(config):
    text = "mijn baby heeft een paspoort nodig, wat moet ik doen"
    assert life_event(config, text, "paspoort_id_aanvragen") == "geboorte"
    assert life_event(config, text, "paspoort_id_aanvragen", named=["paspoort"]) is None
    assert life_event(config, "ons kind is geboren, wat moet ik regelen", "geboorteaangifte",
                      named=["geboorteaangifte"]) == "geboorte"


def test_a_buttons_payload_is_never_a_life_event(config):
    assert life_event(config, '/overlijden_aangifte{"document": "overleden"}', "overlijden_aangifte") is None


def test_without_the_section_nothing_is_recognised(config):
    bare = config.copy(update={"levensgebeurtenissen": None})
    assert matcher_for(bare) is None
    assert life_event(bare, "ik ben gisteren ontslagen", "nlu_fallback") is None


def test_a_new_event_in_the_configuration_is_recognised_without_retraining(config):
    life = config.levensgebeurtenissen
    pensioen = life.gebeurtenissen["werkloos"].copy(update={"woorden": ["met pensioen"]})
    edited = config.copy(update={"levensgebeurtenissen": life.copy(
        update={"gebeurtenissen": {**life.gebeurtenissen, "pensioen": pensioen}})})
    assert life_event(config, "ik ga met pensioen, wat moet ik regelen", "vraag_svb") is None
    assert life_event(edited, "ik ga met pensioen, wat moet ik regelen", "vraag_svb") == "pensioen"
