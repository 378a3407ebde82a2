"""The markers are what Rasa slots store: they must read, compare and serialise as those strings;
and the words that leave any form."""
from __future__ import annotations

import json

import pytest

from bot.forms.turn import Marker, Turn, knows_no_answer, plain, wants_to_leave


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
