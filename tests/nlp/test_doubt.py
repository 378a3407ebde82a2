"""Asking instead of answering when the message's own words contradict the chosen topic."""
from __future__ import annotations

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.settings import get_settings
from bot.nlp.doubt import FALLBACK, TopicDoubt, TopicWords, named_values, topic_words


def message(intent, ranking, entities):
    return Message(data={TEXT: "x", INTENT: {"name": intent, "confidence": ranking[0][1]},
                         INTENT_RANKING_KEY: [{"name": n, "confidence": c} for n, c in ranking],
                         ENTITIES: [{"entity": e, "value": v} for e, v in entities]})


def doubt(msg):
    [out] = TopicDoubt({}).process([msg])
    return out


def test_the_owners_come_from_the_answers_file():
    words = topic_words(get_settings().content_file)
    assert words.owners["document"]["rijbewijs_aanvragen"] == {"rijbewijs"}
    assert words.owners["document"]["paspoort_id_aanvragen"] == {"paspoort", "id-kaart"}
    assert words.owners["agency"]["vraag_cak"] == {"cak"}


def test_a_named_rijbewijs_against_the_paspoort_topic_asks_with_both_topics():
    out = doubt(message("paspoort_id_aanvragen", [("paspoort_id_aanvragen", 0.8), ("afspraak_maken", 0.1),
                                                  ("rijbewijs_aanvragen", 0.05)], [("document", "Rijbewijs")]))
    assert out.get(INTENT)["name"] == FALLBACK
    assert [r["name"] for r in out.get(INTENT_RANKING_KEY)][:3] == [FALLBACK, "paspoort_id_aanvragen",
                                                                     "rijbewijs_aanvragen"]


def test_the_uwv_named_against_the_cak_topic_asks():
    out = doubt(message("vraag_cak", [("vraag_cak", 0.7), ("vraag_uwv", 0.2)], [("agency", "UWV")]))
    assert out.get(INTENT)["name"] == FALLBACK
    assert [r["name"] for r in out.get(INTENT_RANKING_KEY)][1:3] == ["vraag_cak", "vraag_uwv"]


def test_matching_words_another_word_of_the_topic_or_a_topic_without_own_words_are_left_alone():
    cases = [("paspoort_id_aanvragen", [("document", "ID kaart")]),
             ("vraag_cak", [("agency", "uwv"), ("agency", "cak")]),  # the CAK's premium on a UWV benefit
             ("reisdocument_kwijt", [("document", "rijbewijs")]),
             ("afspraak_maken", [("document", "rijbewijs")]),
             ("rijbewijs_aanvragen", [])]
    for intent, entities in cases:
        out = doubt(message(intent, [(intent, 0.9), ("out_of_scope", 0.05)], entities))
        assert out.get(INTENT)["name"] == intent, (intent, entities)


def test_an_earlier_fallback_stays_as_it_was():
    msg = message(FALLBACK, [(FALLBACK, 0.35), ("paspoort_id_aanvragen", 0.3)], [("document", "rijbewijs")])
    assert doubt(msg).get(INTENT_RANKING_KEY)[1]["name"] == "paspoort_id_aanvragen"


def test_unknown_entity_values_are_dropped():
    assert named_values([{"entity": "document", "value": "RIJBEWIJS"}, {"entity": "document", "value": "fiets"},
                         {"entity": "agency"}]) == {"document": ["rijbewijs"]}


def test_a_topic_of_a_word_is_the_most_likely_one_that_owns_it():
    words = TopicWords({"document": {"a": frozenset({"x"}), "b": frozenset({"x"}), "c": frozenset({"y"})}})
    assert words.topic_of("document", ["x"], ["c", "b", "a"]) == "b"
    assert words.topic_of("document", ["x"], []) == "a"
    assert words.contradicted("c", {"document": ["x"]}) == "document"
    assert words.contradicted("c", {"document": ["x", "y"]}) is None
