"""The conversation's language at the gateway: typed English makes the conversation English and
Rasa hears it (metadata ``taal``), a short answer or a button keeps it, "English please" and
"Nederlands graag" are answered by the gateway itself, every answer names the language
(``locale``) and widget.js carries the window's words in both languages.

The English texts come from a temporary content directory (the shipped Dutch file with a small
``antwoorden.en.yml`` beside it), so these tests do not depend on the shipped English file."""
from __future__ import annotations

import pytest
import yaml

from bot.config.content import render
from bot.config.facts import base_facts
from bot.conversations.types import Sender, Status
from tests.support.english_content import content_dir
from tests.support.resident import poll, send, set_status, start, stored
from tests.web.resident.test_widget import script_config

ENGLISH = {
    "taal": {"engels": "Fine, I will answer in English. What is your question?"},
    "terugval": {"storing": "Something went wrong. Please try again, or call {gemeente.telefoon}."},
    "chatvenster": {"openen": "Chat with the municipality", "titel": "Chat with {gemeente.naam}"},
}


@pytest.fixture
def dutch_texts(tmp_path, monkeypatch):
    """The shipped Dutch content in a directory of its own, with ENGLISH as antwoorden.en.yml."""
    dutch = content_dir(tmp_path / "content", ENGLISH)
    monkeypatch.setenv("CONTENT_FILE", str(dutch))
    return yaml.safe_load(dutch.read_text(encoding="utf-8"))


@pytest.fixture
def api(dutch_texts, api):
    """The resident API reading the temporary content (set before the gateway starts)."""
    return api


def language_sent(rasa):
    return rasa.requests[-1].get("metadata", {}).get("taal")


def test_a_dutch_conversation_stays_dutch(api, rasa):
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "wat kost een paspoort?"})
    assert answer.json()["locale"] == "nl" and language_sent(rasa) == "nl"
    send(api, conversation_id, headers, {"text": "ok"})
    assert language_sent(rasa) == "nl"
    assert poll(api, conversation_id, headers).json()["locale"] == "nl"


def test_an_english_message_makes_the_conversation_english_and_rasa_hears_it(api, rasa):
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "How much does a passport cost?"})
    assert answer.status_code == 200 and answer.json()["locale"] == "en"
    assert rasa.requests[-1] == {"sender": conversation_id, "message": "How much does a passport cost?",
                                 "metadata": {"taal": "en"}}
    assert poll(api, conversation_id, headers).json()["locale"] == "en"


@pytest.mark.parametrize("short", ["ok", "10:00", "Wilgendaal", "ja"])
def test_a_short_answer_keeps_the_language(api, rasa, short):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "I need a new passport please"})
    answer = send(api, conversation_id, headers, {"text": short})
    assert answer.json()["locale"] == "en" and language_sent(rasa) == "en"


def test_a_button_keeps_the_language(api, rasa):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "I need a new passport please"})
    answer = send(api, conversation_id, headers, {"payload": "/afspraak_maken"})
    assert answer.json()["locale"] == "en" and language_sent(rasa) == "en"


def test_dutch_text_in_an_english_conversation_makes_it_dutch_again(api, rasa):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "I need a new passport please"})
    answer = send(api, conversation_id, headers, {"text": "ik wil toch een afspraak maken voor mijn rijbewijs"})
    assert answer.json()["locale"] == "nl" and language_sent(rasa) == "nl"


def test_dutch_please_is_answered_by_the_gateway_in_dutch(api, rasa, dutch_texts):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "I need a new passport please"})
    asked = len(rasa.requests)
    answer = send(api, conversation_id, headers, {"text": "Nederlands graag"})
    assert answer.status_code == 200 and len(rasa.requests) == asked  # Rasa was not asked
    body = answer.json()
    assert body["locale"] == "nl"
    assert [(m["sender"], m["text"]) for m in body["messages"]] == [("bot", dutch_texts["taal"]["nederlands"])]
    assert [(m.sender, m.text) for m in stored(conversation_id)][-2:] == [
        (Sender.RESIDENT, "Nederlands graag"), (Sender.BOT, dutch_texts["taal"]["nederlands"])]
    send(api, conversation_id, headers, {"text": "ok"})
    assert language_sent(rasa) == "nl"


def test_english_please_is_answered_by_the_gateway_in_english(api, rasa):
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "English please"})
    assert rasa.requests == []
    assert answer.json()["locale"] == "en"
    assert [m["text"] for m in answer.json()["messages"]] == [ENGLISH["taal"]["engels"]]
    send(api, conversation_id, headers, {"text": "ok"})
    assert language_sent(rasa) == "en"


def test_a_switch_while_a_person_has_the_chat_changes_the_language_but_gets_no_gateway_answer(api, rasa):
    conversation_id, headers = start(api)
    set_status(conversation_id, Status.TAKEN)
    answer = send(api, conversation_id, headers, {"text": "English please"})
    assert answer.json() == {"messages": [], "locale": "en"} and rasa.requests == []
    assert poll(api, conversation_id, headers).json()["locale"] == "en"


@pytest.mark.parametrize("locale, expected", [("en", "en"), ("en-GB", "en"), ("nl-NL", "nl"), ("fr", "nl")])
def test_the_start_takes_the_locale_the_assistant_speaks(api, rasa, locale, expected):
    made = api.post("/api/conversations", json={"locale": locale})
    assert made.status_code == 201 and made.json()["locale"] == expected
    headers = {"Authorization": f"Bearer {made.json()['token']}"}
    answer = send(api, made.json()["conversation_id"], headers, {"text": "ok"})
    assert answer.json()["locale"] == expected and language_sent(rasa) == expected


def test_the_start_without_a_locale_is_dutch(api):
    assert api.post("/api/conversations", json={}).json()["locale"] == "nl"


def test_a_resent_message_answers_with_the_conversations_language(api, rasa):
    conversation_id, headers = start(api)
    body = {"text": "How much does a passport cost?", "client_id": "m1"}
    first = send(api, conversation_id, headers, body)
    again = send(api, conversation_id, headers, body)
    assert again.json() == first.json() and again.json()["locale"] == "en" and len(rasa.requests) == 1


def test_the_failure_notice_is_in_the_conversations_language(api, rasa, config):
    rasa.mode = "down"
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "How much does a passport cost?"})
    notice = answer.json()["messages"]
    assert [m["sender"] for m in notice] == ["system"]
    assert notice[0]["text"] == render(ENGLISH["terugval"]["storing"], base_facts(config))
    dutch = send(api, conversation_id, headers, {"text": "ik wil graag een afspraak maken"})
    assert dutch.json()["messages"][0]["text"] != notice[0]["text"]


def test_the_script_carries_the_windows_words_in_english_too(dutch_texts, client_for, config):
    served = script_config(client_for().get("/widget.js").text)
    english = served["languages"]["en"]
    assert english["openen"] == ENGLISH["chatvenster"]["openen"]
    assert english["titel"] == "Chat with {gemeente.naam}"  # the script fills in the name
    assert english["wissen"] == dutch_texts["chatvenster"]["wissen"]  # not translated yet: the Dutch words
    assert served["texts"]["openen"] == dutch_texts["chatvenster"]["openen"]  # Dutch stays the default
    assert set(english) == set(served["texts"])
    assert english["welkom"] == render(dutch_texts["gesprek"]["begroeting"], base_facts(config))


def test_a_switch_in_the_middle_of_a_form_goes_to_rasa_in_the_new_language(api, rasa):
    """After a form's question the gateway does not answer "English please" itself: Rasa's form
    confirms it and asks its question again, in English."""
    conversation_id, headers = start(api)
    rasa.replies = [{"text": "Waar wilt u de afspraak maken?"}, {"custom": {"kind": "question"}}]
    send(api, conversation_id, headers, {"text": "ik wil een afspraak maken"})
    rasa.replies = [{"text": "OK, from now on I will answer in English."}, {"text": "Where would you like the appointment?"},
                    {"custom": {"kind": "question"}}]
    answer = send(api, conversation_id, headers, {"text": "English please"})
    assert rasa.requests[-1]["message"] == "English please" and language_sent(rasa) == "en"
    assert answer.json()["locale"] == "en"
    assert [m["text"] for m in answer.json()["messages"]] == [r["text"] for r in rasa.replies[:2]]
