"""The conversation's language: a message changes it only when it is clearly written in the other
language or asks for it; short answers, names, times and postcodes keep it; the action server's
view of a Rasa tracker prefers the gateway's decision."""
from __future__ import annotations

import pytest

from bot.core import language
from bot.core.language import detect, language_for, of_tracker, supported, switch_request

ENGLISH_QUESTIONS = ["How much does a passport cost?", "I lost my passport", "I want to make an appointment",
                     "Is the office open on Saturday?", "can I talk to a person", "I moved to a new address",
                     "where is the town hall", "next tuesday at 10", "my son is 10"]
DUTCH_QUESTIONS = ["Hoeveel kost een paspoort?", "ik ben mijn rijbewijs kwijt", "Wat zijn de openingstijden?",
                   "kan ik met iemand praten", "volgende week dinsdag om 10 uur", "ik wil een afspraak maken",
                   "Ik ga verhuizen, wat moet ik doen?"]
# Answers in a form, names, places and numbers: written in neither language.
NEUTRAL = ["ok", "ja", "no", "nee", "10:00", "Gemeentehuis Wilgendaal", "jan@example.nl", "Jan de Vries", "9995 AB",
           "06 12345678", "stop", "paspoort", "tomorrow"]


@pytest.mark.parametrize("text", ENGLISH_QUESTIONS)
def test_an_english_question_is_english_whatever_came_before(text):
    assert detect(text) == "en"
    assert language_for(text, "nl") == language_for(text, "en") == "en"


@pytest.mark.parametrize("text", DUTCH_QUESTIONS)
def test_a_dutch_question_is_dutch_whatever_came_before(text):
    assert detect(text) == "nl"
    assert language_for(text, "en") == language_for(text, None) == "nl"


@pytest.mark.parametrize("text", NEUTRAL)
def test_a_short_answer_keeps_the_language(text):
    assert detect(text) is None
    assert language_for(text, "en") == "en"
    assert language_for(text, "nl") == "nl"
    assert language_for(text, None) == "nl"  # Dutch is the default


@pytest.mark.parametrize("text, wanted", [
    ("English please", "en"), ("Can you speak English?", "en"), ("In het Engels graag", "en"),
    ("Spreekt u Engels?", "en"), ("engels graag", "en"), ("I speak English, not Dutch", "en"),
    ("Nederlands graag", "nl"), ("dutch please", "nl"), ("Spreek je Nederlands?", "nl"), ("Do you speak Dutch?", "nl"),
])
def test_a_switch_request_switches_at_any_time(text, wanted):
    assert switch_request(text) == wanted
    other = "nl" if wanted == "en" else "en"
    assert language_for(text, other) == wanted


def test_a_long_message_that_names_a_language_is_no_switch_request():
    text = "My neighbour only speaks English, can she book an appointment for her passport here?"
    assert switch_request(text) is None
    assert language_for(text, "nl") == "en"  # written in English all the same
    dutch = "Mijn buurvrouw spreekt alleen Engels, kan zij hier een afspraak maken voor haar paspoort?"
    assert switch_request(dutch) is None and language_for(dutch, "en") == "nl"


@pytest.mark.parametrize("code, expected", [("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("nl-NL", "nl"),
                                            ("de", "nl"), ("", "nl"), (None, "nl")])
def test_supported_codes(code, expected):
    assert supported(code) == expected


def test_using_sets_the_language_for_the_block_only():
    assert language.current() == "nl"
    with language.using("en-GB") as chosen:
        assert chosen == language.current() == "en"
        with language.using("fr"):
            assert language.current() == "nl"
        assert language.current() == "en"
    assert language.current() == "nl"


def tracker(text, slot=None, metadata=None):
    """A tracker as Rasa sends it to the action server (Tracker.current_state())."""
    user = {"event": "user", "text": text, "parse_data": {"text": text}, "metadata": metadata or {}}
    return {"latest_message": {"text": text}, "slots": {"taal": slot},
            "events": [{"event": "action", "name": "action_listen"}, user]}


def test_the_gateways_decision_in_the_metadata_wins():
    assert of_tracker(tracker("Hoeveel kost een paspoort?", slot="nl", metadata={"taal": "en"})) == "en"
    assert of_tracker(tracker("How much is a passport?", slot="en", metadata={"taal": "nl"})) == "nl"


def test_without_the_gateway_the_message_and_the_taal_slot_decide():
    assert of_tracker(tracker("How much does a passport cost?")) == "en"
    assert of_tracker(tracker("ja", slot="en")) == "en"  # the terminal keeps an English conversation English
    assert of_tracker(tracker("ja")) == "nl"
    assert of_tracker(tracker("Nederlands graag", slot="en")) == "nl"
    assert of_tracker(tracker("anything", metadata={"taal": "fr"})) == "nl"  # an unknown code is ignored


def test_a_buttons_payload_says_nothing_about_the_language():
    assert of_tracker(tracker('/afspraak_maken{"product": "paspoort"}', slot="en")) == "en"
    assert of_tracker(tracker("/bevestigen", slot=None)) == "nl"


@pytest.mark.parametrize("text", ["thanks", "yes", "hello", "ok thanks"])
def test_a_word_dutch_residents_use_too_keeps_a_dutch_conversation_dutch(text):
    assert language.language_for(text, "nl") == "nl"


@pytest.mark.parametrize("text, wanted", [("I don't speak Dutch", "en"), ("i am not dutch", "en"),
                                          ("ik spreek geen engels", "nl"), ("sorry, no dutch", "en")])
def test_a_language_the_resident_does_not_speak_is_the_one_not_to_answer_in(text, wanted):
    assert switch_request(text) == wanted


@pytest.mark.parametrize("text", ["english driving licence valid?", "nederlands paspoort kwijt", "dutch nationality"])
def test_a_short_question_that_names_a_language_is_not_a_switch_request(text):
    assert switch_request(text) is None


@pytest.mark.parametrize("text", ["bewoner.moveneehoudafspraak.a05d5a@example.nl", "a.b.de.jong@example.nl",
                                  "https://www.example.nl/a/the/page", "AB12CD34", "Bram Kok"])
def test_an_e_mail_address_a_link_a_code_or_a_name_keeps_the_language(text):
    assert language.language_for(text, "nl") == "nl"
    assert language.language_for(text, "en") == "en"
