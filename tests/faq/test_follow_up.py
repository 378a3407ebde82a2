"""Follow-ups are answered about the topic just answered, keeping its aspect and document."""
from __future__ import annotations

import pytest

from bot.faq.answers import Question
from bot.faq.follow_up import about_previous, asks_aspect_of_previous, is_follow_up, previous_topic


@pytest.mark.parametrize("text", ["en op zaterdag?", "wat kost het?", "hoe lang duurt dat", "kan dat ook online",
                                  "en voor mijn dochter van 12?", "and for my son?", "waar is dat?"])
def test_short_messages_that_lean_back_are_follow_ups(text):
    assert is_follow_up(text)


@pytest.mark.parametrize("text", ["", "paspoort", "hallo", "ik ben mijn paspoort kwijt en ik moet volgende week op reis "
                                  "naar Spanje met mijn twee kinderen, wat moet ik doen"])
def test_new_questions_are_not(text):
    assert not is_follow_up(text)


def test_the_previous_topic_is_the_last_answered_one_skipping_what_was_not_placed():
    earlier = [("nlu_fallback", (), None), ("bevestigen", (), None), ("paspoort_id_aanvragen", ("kosten",), "paspoort"),
               ("openingstijden", (), None)]
    assert previous_topic(earlier, ["paspoort_id_aanvragen"]) == ("paspoort_id_aanvragen", ("kosten",), "paspoort")
    assert previous_topic([("begroeting", (), None)], ["paspoort_id_aanvragen"]) is None


def test_a_follow_up_keeps_the_aspect_and_document_it_does_not_name():
    asked = Question("nlu_fallback", text="en voor mijn dochter van 12?")
    follow = about_previous(asked, ("paspoort_id_aanvragen", ("kosten",), "paspoort"))
    assert (follow.intent, follow.aspects, follow.document, follow.text) == \
        ("paspoort_id_aanvragen", ("kosten",), "paspoort", "en voor mijn dochter van 12?")
    own = about_previous(Question("nlu_fallback", text="en een id-kaart?", document="id-kaart"),
                         ("paspoort_id_aanvragen", ("kosten",), "paspoort"))
    assert own.document == "id-kaart"
    both = about_previous(Question("informeren", text="en voor mijn dochter?", aspects=("kind",)),
                          ("paspoort_id_aanvragen", ("kosten", "kind"), "paspoort"))
    assert both.aspects == ("kind", "kosten")


PASSPORT = ("paspoort_id_aanvragen", ("meenemen",), "paspoort")


def test_an_aspect_read_as_out_of_scope_is_about_the_topic_just_answered_when_it_is_a_runner_up():
    question = Question("out_of_scope", "hoe oud mag de foto zijn", aspects=("meenemen",))
    assert asks_aspect_of_previous(question, PASSPORT, ["out_of_scope", "paspoort_id_aanvragen", "informeren"])


def test_an_out_of_scope_question_with_an_aspect_stays_out_of_scope_when_the_topic_is_far():
    question = Question("out_of_scope", "wat kost de hondenbelasting", aspects=("kosten",))
    assert not asks_aspect_of_previous(question, PASSPORT, ["out_of_scope", "informeren", "naturalisatie",
                                                            "paspoort_id_aanvragen"])


def test_small_talk_with_an_aspect_is_about_the_topic_just_answered():
    assert asks_aspect_of_previous(Question("bevestigen", "oke en wat neem ik mee", aspects=("meenemen",)),
                                   PASSPORT, ["bevestigen"])


@pytest.mark.parametrize("question", [
    Question("bevestigen", "oke dank u"),  # no aspect: small talk
    Question("bevestigen", "ok en wat kost een rijbewijs", document="rijbewijs", aspects=("kosten",)),  # its own
    Question("begroeting", "hallo, wat kost het", aspects=("kosten",)),
])
def test_other_messages_are_not_read_as_an_aspect_of_the_topic(question):
    assert not asks_aspect_of_previous(question, PASSPORT, [question.intent, "paspoort_id_aanvragen"])
