"""The custom actions: thin, but they must pass the right question on and send replies
with their buttons."""
from __future__ import annotations

import pytest

from actions._sdk import canonical_entities, question_from
from actions.agencies import ActionExplainAgency
from actions.conversation import ActionOfferPerson, ActionReplyConversation
from actions.fallback import ActionAskAffirmation, ActionAskRephrase, ActionDefaultFallback
from actions.faq import ActionAnswerService, ActionAnswerTopic


def test_entities_are_mapped_to_canonical_values():
    found = canonical_entities([
        {"entity": "document", "value": "ID kaart"},
        {"entity": "document", "value": "identiteitskaart"},
        {"entity": "aspect", "value": "Wat kost"},
        {"entity": "aspect", "value": "iets onbekends"},
        {"entity": "product", "value": "uittreksel_brp"},
        {"entity": "document"},
    ])
    assert found == {"document": ["id-kaart"], "aspect": ["kosten"], "product": ["uittreksel_brp"]}


def test_question_from_tracker(tracker):
    question = question_from(tracker("paspoort_kosten_kind"))
    assert question.intent == "paspoort_id_aanvragen"
    assert question.document == "id-kaart"
    assert question.aspects == ("kosten", "kind")


def test_answer_topic_leads_with_the_fee_of_the_document_asked(tracker, dispatcher, domain, config):
    events = ActionAnswerTopic().run(dispatcher, tracker("paspoort_kosten_kind"), domain)
    # only the slots that remember the answer for a follow-up (bot/faq/follow_up.py)
    assert {e["name"] for e in events} == {"onderwerp", "document", "aspecten", "plek", "wegwijzer", "geval"}
    assert {e["name"]: e["value"] for e in events}["onderwerp"] == "paspoort_id_aanvragen"
    assert {e["name"]: e["value"] for e in events}["geval"] == ["minderjarig"]  # for a child: kept for follow-ups
    first = dispatcher.messages[0]["text"]
    assert first.startswith("Wat kost het?")
    assert "€ 43,30" in first  # the ID card for a child under 18
    last = dispatcher.messages[-1]
    assert [b["payload"] for b in last["buttons"]] == ['/afspraak_maken{"product": "id-kaart"}',
                                                       '/paspoort_id_aanvragen{"document": "id-kaart"}', "/bevestigen"]


def test_agency_action(tracker, dispatcher, domain, config):
    ActionExplainAgency().run(dispatcher, tracker("vraag_uwv"), domain)
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert "UWV" in text and config.uitvoeringsorganisaties["uwv"].telefoon in text


@pytest.mark.parametrize("action, intent, expected", [
    (ActionAnswerService, "openingstijden", "zaterdag"),
    (ActionAnswerService, "contactgegevens", "E-mail"),
    (ActionReplyConversation, "begroeting", "digitale assistent"),
    (ActionReplyConversation, "afscheid", "Tot ziens"),
    (ActionOfferPerson, "menselijk_contact", "medewerker"),
    (ActionOfferPerson, "klacht", "klacht"),
])
def test_simple_actions_answer_their_intent(tracker, dispatcher, domain, action, intent, expected):
    state = tracker("vraag_uwv", latest_message={"text": "x", "intent": {"name": intent}, "entities": []})
    action().run(dispatcher, state, domain)
    assert expected in " ".join(m["text"] for m in dispatcher.messages)


def test_affirmation_offers_two_topics(tracker, dispatcher, domain):
    events = ActionAskAffirmation().run(dispatcher, tracker("onzeker"), domain)
    assert events == []
    [message] = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == [
        "/reisdocument_ophalen", "/paspoort_id_aanvragen", "/out_of_scope"]


def test_rephrase_and_give_up(tracker, dispatcher, domain, config):
    assert ActionAskRephrase().run(dispatcher, tracker("onzeker"), domain) == []
    events = ActionDefaultFallback().run(dispatcher, tracker("onzeker"), domain)
    assert events == [{"event": "rewind", "timestamp": None}]
    assert config.gemeente.telefoon in dispatcher.messages[-1]["text"]


def test_every_action_in_the_domain_exists(domain):
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(domain["actions"]) <= set(executor.actions)


def test_asked_to_rephrase_twice_in_a_row_is_the_way_to_a_person(tracker, dispatcher, domain, config):
    """Rasa's loop asks again for every message it reads as out_of_scope; the second time is a person."""
    asked = ActionAskRephrase()
    asked.run(dispatcher, tracker("onzeker"), domain)
    rephrase = dispatcher.messages[-1]["text"]
    events = [{"event": "user", "text": "brief gekregen"}, {"event": "bot", "text": "Bedoelt u ...?"},
              {"event": "user", "text": "blub blub"}, {"event": "bot", "text": rephrase},
              {"event": "user", "text": "qwrt zxv plof"}]
    asked.run(dispatcher, tracker("onzeker", events=events), domain)
    assert config.gemeente.telefoon in dispatcher.messages[-1]["text"]
    asked.run(dispatcher, tracker("onzeker", events=events[:-2]), domain)
    assert dispatcher.messages[-1]["text"] == rephrase
