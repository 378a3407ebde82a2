"""Help with a reply for the KCC (issue 13): the ready-made replies content owners keep, and the
bot's own answer to the resident's last question as a suggestion to change before sending."""
from __future__ import annotations

import pytest

from bot.audit import log as audit
from bot.config.content import get_content
from bot.core import language
from bot.web.openapi import OPENAPI
from tests.support.resident import send, start
from tests.support.staff import db, request_person

PARSED_FEE = {"text": "", "intent": {"name": "paspoort_id_aanvragen", "confidence": 0.93},
              "entities": [{"entity": "document", "value": "paspoort"}, {"entity": "aspect", "value": "kosten"}]}


@pytest.fixture(autouse=True)
def api_token(monkeypatch):
    monkeypatch.setenv("RASA_API_TOKEN", "geheim-token")


def suggestion(gateway, staff, conversation_id, who="kcc"):
    return gateway.get(f"/api/kcc/handovers/{conversation_id}/suggestion", headers=staff.headers(who))


def test_the_canned_replies_come_from_the_content_file_with_the_facts_filled_in(gateway, staff):
    answer = gateway.get("/api/kcc/replies", headers=staff.headers("kcc"))
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    replies = answer.json()["replies"]
    kept = get_content().raw["kcc"]["snelle_antwoorden"]
    assert [r["title"] for r in replies] == [r["titel"] for r in kept]
    assert all("{" not in r["text"] for r in replies)
    assert "Wilgendaal" in replies[0]["text"]


def test_the_suggestion_answers_the_last_question_as_the_model_reads_it(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "ik wil een mens"})
    request_person(conversation_id, "menselijk_contact")
    send(gateway, conversation_id, resident, {"text": "Wat kost een paspoort eigenlijk?"})
    fake_rasa.parsed = PARSED_FEE
    answer = suggestion(gateway, staff, conversation_id)
    assert answer.status_code == 200
    found = answer.json()["suggestion"]
    assert (found["topic"], found["based_on"]) == ("paspoort_id_aanvragen", "last_message")
    assert found["topic_name"] == "Paspoort of ID-kaart aanvragen"
    assert found["text"].startswith("Wat kost het?") and "€" in found["text"]  # the fee first, as asked
    assert fake_rasa.parses == [("Wat kost een paspoort eigenlijk?", "geheim-token")]
    with db().begin() as session:  # a read of the conversation, in the audit log
        assert [(e.actor, e.object_id) for e in audit.search(session) if e.action == "suggestion_view"] == [
            ("kcc", conversation_id)]


def test_without_the_model_the_suggestion_answers_the_conversations_topic(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "mijn rijbewijs is weg"})
    request_person(conversation_id, "reisdocument_kwijt")
    fake_rasa.parsed = None  # Rasa cannot parse (404): the conversation's topic
    found = suggestion(gateway, staff, conversation_id).json()["suggestion"]
    assert (found["topic"], found["based_on"]) == ("reisdocument_kwijt", "topic")
    assert "kwijt" in found["text"]


def test_an_unsure_model_or_a_topic_without_an_answer_gives_no_suggestion(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "ik heb een klacht"})
    request_person(conversation_id, "klacht")
    fake_rasa.parsed = {**PARSED_FEE, "intent": {"name": "paspoort_id_aanvragen", "confidence": 0.3}}
    assert suggestion(gateway, staff, conversation_id).json() == {"suggestion": None}


def test_the_suggestion_is_for_the_kcc_only_and_an_unknown_chat_is_a_404(gateway, staff):
    conversation_id, _resident = start(gateway)
    assert gateway.get(f"/api/kcc/handovers/{conversation_id}/suggestion").status_code == 401
    assert suggestion(gateway, staff, conversation_id, who="content").status_code == 403
    assert gateway.get("/api/kcc/replies", headers=staff.headers("agency")).status_code == 403
    unknown = suggestion(gateway, staff, "00000000-0000-4000-8000-000000000000")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")


def test_the_openapi_document_lists_the_reply_aids(gateway):
    paths = OPENAPI["paths"]
    assert set(paths["/api/kcc/replies"]["get"]["responses"]) >= {"200", "401", "403"}
    assert set(paths["/api/kcc/handovers/{conversation_id}/suggestion"]["get"]["responses"]) >= {
        "200", "401", "403", "404"}


def test_an_english_conversation_gets_its_suggestion_in_english_and_staff_the_dutch_topic_name(gateway, staff,
                                                                                                  fake_rasa):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "I would like to talk to a person please"})
    request_person(conversation_id, "menselijk_contact")
    send(gateway, conversation_id, resident, {"text": "How much does a passport cost?"})
    fake_rasa.parsed = PARSED_FEE
    found = suggestion(gateway, staff, conversation_id).json()["suggestion"]
    assert found["topic_name"] == "Paspoort of ID-kaart aanvragen"
    assert "€" in found["text"] and "Wat kost het?" not in found["text"]
    assert language.detect(found["text"]) == "en"
