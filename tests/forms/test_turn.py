"""The markers are what Rasa slots store: they must read, compare and serialise as those strings;
and the words that leave any form."""
from __future__ import annotations

import json

import pytest

from bot.forms.turn import Marker, Turn, as_answer, is_question, knows_no_answer, plain, says_no, says_yes, wants_to_leave


@pytest.mark.parametrize("marker, stored", [(Marker.UNCLEAR, "?"), (Marker.PAST_DATE, "!past"),
                                            (Marker.IMPOSSIBLE_DATE, "!impossible_date"),
                                            (Marker.NO_SECOND, "geen"), (Marker.NO_PREFERENCE, "-")])
def test_a_marker_is_its_stored_string(marker, stored):
    assert marker == stored and str(marker) == stored and f"{marker}" == stored
    assert stored in {marker} and {stored: 1}[marker] == 1
    assert Marker.of(stored) is marker and Marker.of(marker) is marker
    assert type(plain(marker)) is str and json.dumps(marker) == json.dumps(stored)


@pytest.mark.parametrize("value", [None, "", "ja", "2026-11-27", True, 3])
def test_an_ordinary_value_is_no_marker(value):
    assert Marker.of(value) is None and plain(value) == value


def test_a_turn_gives_the_first_value_of_an_entity():
    turn = Turn("paspoort of id-kaart", "informeren", {"document": ["paspoort", "id-kaart"]})
    assert turn.entity("document") == "paspoort" and turn.entity("product") is None


@pytest.mark.parametrize("text", ["stop", "Stop!", "laat maar", "laat maar, ik kom gewoon", "toch niet", "nee, laat maar",
                                  "annuleer", "ik wil niet meer", "hou maar op", "never mind", "Toch maar niet."])
def test_these_words_leave_a_form(text):
    assert wants_to_leave(text)


@pytest.mark.parametrize("text", ["stoplicht bij de markt", "gemeentehuis", "morgen om 10 uur", "ja", "nee",
                                  "ik wil mijn paspoort", "laatste week van de maand", ""])
def test_answers_do_not_leave_a_form(text):
    assert not wants_to_leave(text)


def test_where_cancelling_is_the_answer_annuleren_does_not_leave_but_stop_still_does():
    assert not wants_to_leave("annuleer", cancel_words_leave=False)
    assert not wants_to_leave("annuleren graag", cancel_words_leave=False)
    assert wants_to_leave("stop", cancel_words_leave=False)


@pytest.mark.parametrize("text", ["weet ik niet meer", "Ik weet het niet", "geen idee", "Geen flauw idee.",
                                  "ik ben de code kwijt", "vergeten", "die heb ik niet meer", "ik heb geen e-mailadres",
                                  "nee sorry, weet ik niet", "ik kan de mail niet meer vinden", "I don't know",
                                  "ik weet de code niet meer"])
def test_these_words_say_the_resident_does_not_know_the_answer(text):
    assert knows_no_answer(text)


@pytest.mark.parametrize("text", ["ik ben mijn paspoort kwijt", "nee", "stop", "Jan de Vries", "morgen", "",
                                  "ik weet niet of ik een paspoort of id-kaart wil", "weet ik niet, wat kost het?",
                                  "jan@example.nl"])
def test_a_topic_an_answer_or_a_question_is_not_not_knowing(text):
    assert not knows_no_answer(text)


@pytest.mark.parametrize("text", ["never mind", "Forget it", "forget about it", "not now", "stop", "cancel",
                                  "no, stop", "I want to stop", "I don't want to continue", "I've changed my mind",
                                  "quit", "don’t bother"])
def test_english_words_leave_a_form(text):
    assert wants_to_leave(text)


@pytest.mark.parametrize("text", ["not now but next week", "stopping by at 10", "I want to stop by tomorrow"])
def test_english_words_that_do_not_leave(text):
    assert not wants_to_leave(text)


@pytest.mark.parametrize("text", ["I don't know", "I don’t know", "no idea", "not sure", "I'm not sure",
                                  "I don't remember", "I don't have it", "I don't have an email address",
                                  "I lost the code", "sorry, I can't find my code", "dunno", "no clue"])
def test_not_knowing_in_english(text):
    assert knows_no_answer(text)


@pytest.mark.parametrize("text", ["I lost my passport", "I don't know when the town hall opens on Friday"])
def test_a_topic_in_english_is_no_unknown_answer(text):
    assert not knows_no_answer(text)


@pytest.mark.parametrize("text", ["yes", "Yes please", "yeah", "yep", "sure", "ok", "okay!", "that's right",
                                  "go ahead", "ja graag", "prima"])
def test_a_typed_yes(text):
    assert says_yes(text) and not says_no(text)
    assert as_answer(Turn(text, "begroeting", {}, "bevestigd")).intent == "bevestigen"


@pytest.mark.parametrize("text", ["no", "No thanks", "nope", "no thank you", "nah", "not really", "nee hoor",
                                  "nee, dank u"])
def test_a_typed_no(text):
    assert says_no(text) and not says_yes(text)
    assert as_answer(Turn(text, "bedankt", {}, "bevestigd")).intent == "ontkennen"


@pytest.mark.parametrize("text", ["yes, my email is jan@example.nl", "no, my name is Jan", "Yesterday", "Nora",
                                  "not on Tuesday"])
def test_a_sentence_with_yes_or_no_in_it_keeps_its_intent(text):
    assert as_answer(Turn(text, "informeren", {}, "bevestigd")).intent == "informeren"


@pytest.mark.parametrize("text, asks", [("Which documents do I need", True), ("why is that", True),
                                        ("could I come earlier", True), ("are you open on Saturday", True),
                                        ("next Tuesday at 10", False), ("Jan de Vries", False)])
def test_english_questions_in_between(text, asks):
    assert is_question(text) is asks
