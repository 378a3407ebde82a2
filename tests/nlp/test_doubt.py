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


def close_call(intent, second, entities=()):
    msg = message(intent, [(intent, 0.5), (second, 0.44), ("out_of_scope", 0.06)], list(entities))
    [out] = TopicDoubt({"margin": 0.1}).process([msg])
    return out


def test_two_close_topics_with_different_answers_are_asked_about_with_both():
    out = close_call("geboorteaangifte", "overlijden_aangifte")
    assert out.get(INTENT)["name"] == FALLBACK
    assert [r["name"] for r in out.get(INTENT_RANKING_KEY)][1:3] == ["geboorteaangifte", "overlijden_aangifte"]


def test_a_booking_beside_a_topic_is_answered():
    assert close_call("afspraak_maken", "overlijden_aangifte").get(INTENT)["name"] == "afspraak_maken"
    assert close_call("paspoort_id_aanvragen", "afspraak_maken").get(INTENT)["name"] == "paspoort_id_aanvragen"
    assert close_call("vraag_uwv", "afspraak_maken").get(INTENT)["name"] == "vraag_uwv"


def test_two_topics_about_the_same_document_are_different_answers_and_asked_about():
    both = close_call("paspoort_id_aanvragen", "reisdocument_kwijt", [("document", "paspoort")])
    assert both.get(INTENT)["name"] == FALLBACK
    split = message(FALLBACK, [(FALLBACK, 0.45), ("paspoort_id_aanvragen", 0.38), ("reisdocument_kwijt", 0.35)],
                    [("document", "paspoort")])
    assert TopicDoubt({"together": 0.45}).process([split])[0].get(INTENT)["name"] == FALLBACK


def test_a_booking_beside_something_that_is_no_topic_is_still_asked_about():
    assert close_call("afspraak_maken", "afspraak_annuleren").get(INTENT)["name"] == FALLBACK
    assert close_call("afspraak_maken", "openingstijden").get(INTENT)["name"] == FALLBACK


def test_a_clear_lead_or_no_margin_configured_is_left_alone():
    msg = message("geboorteaangifte", [("geboorteaangifte", 0.6), ("overlijden_aangifte", 0.3)], [])
    assert TopicDoubt({"margin": 0.1}).process([msg])[0].get(INTENT)["name"] == "geboorteaangifte"
    close = message("geboorteaangifte", [("geboorteaangifte", 0.5), ("overlijden_aangifte", 0.45)], [])
    assert doubt(close).get(INTENT)["name"] == "geboorteaangifte"


def test_a_fallback_between_a_booking_and_its_topic_that_together_are_sure_is_answered():
    msg = message(FALLBACK, [(FALLBACK, 0.45), ("afspraak_maken", 0.3), ("paspoort_id_aanvragen", 0.25),
                             ("out_of_scope", 0.1)], [("document", "paspoort")])
    [out] = TopicDoubt({"together": 0.45}).process([msg])
    assert out.get(INTENT)["name"] == "afspraak_maken"
    assert FALLBACK not in [r["name"] for r in out.get(INTENT_RANKING_KEY)]


def test_a_fallback_between_different_answers_or_too_unsure_together_stays():
    different = message(FALLBACK, [(FALLBACK, 0.45), ("geboorteaangifte", 0.3), ("overlijden_aangifte", 0.25)], [])
    assert TopicDoubt({"together": 0.45}).process([different])[0].get(INTENT)["name"] == FALLBACK
    unsure = message(FALLBACK, [(FALLBACK, 0.45), ("afspraak_maken", 0.2), ("paspoort_id_aanvragen", 0.15)], [])
    assert TopicDoubt({"together": 0.45}).process([unsure])[0].get(INTENT)["name"] == FALLBACK


def test_two_topics_that_own_the_document_asked_for_its_fee_or_delivery_time_are_answered():
    split = message(FALLBACK, [(FALLBACK, 0.45), ("rijbewijs_aanvragen", 0.48), ("reisdocument_ophalen", 0.47)],
                    [("document", "rijbewijs"), ("aspect", "hoe lang duurt")])
    [out] = TopicDoubt({"together": 0.45}).process([split])
    assert out.get(INTENT)["name"] == "rijbewijs_aanvragen"
    fee = close_call("paspoort_id_aanvragen", "reisdocument_kwijt", [("document", "paspoort"), ("aspect", "kosten")])
    assert fee.get(INTENT)["name"] == "paspoort_id_aanvragen"


def test_a_fee_asked_does_not_join_topics_that_do_not_both_own_the_document():
    out = close_call("paspoort_id_aanvragen", "rijbewijs_aanvragen", [("document", "paspoort"), ("aspect", "kosten")])
    assert out.get(INTENT)["name"] == FALLBACK
