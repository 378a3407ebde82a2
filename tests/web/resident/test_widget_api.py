"""The gateway calls the website widget adds to the contract: a resident message with the
widget's ``client_id`` (a resend after a dropped connection is stored once and the bot is asked
once) and the thumbs up or down under a bot answer."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.conversations import feedback, transcript
from bot.conversations.types import Sender, Status
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.models import MessageFeedbackRow
from bot.web.openapi import OPENAPI
from tests.support.resident import NOT_FOUND, poll, send, set_status, start, stored


def _session():
    return session_factory(get_settings().database_url).begin()


# client_id: a resend is answered from what is stored

def test_a_resend_with_the_same_client_id_returns_the_stored_replies_and_stores_nothing(api, rasa):
    conversation_id, headers = start(api)
    first = send(api, conversation_id, headers, {"text": "wat kost een paspoort?", "client_id": "m-1"})
    again = send(api, conversation_id, headers, {"text": "wat kost een paspoort?", "client_id": "m-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert [m["seq"] for m in again.json()["messages"]] == [2, 3]
    assert len(rasa.requests) == 1
    assert [(m.seq, m.sender) for m in stored(conversation_id)] == [
        (1, Sender.RESIDENT), (2, Sender.BOT), (3, Sender.BOT)]


def test_a_resend_after_later_turns_returns_only_the_replies_to_that_message(api, rasa):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort", "client_id": "een"})
    send(api, conversation_id, headers, {"payload": "/afspraak_maken", "client_id": "twee"})
    again = send(api, conversation_id, headers, {"text": "paspoort", "client_id": "een"})
    assert [m["seq"] for m in again.json()["messages"]] == [2, 3]
    assert len(rasa.requests) == 2 and len(stored(conversation_id)) == 6


def test_the_client_id_is_shown_on_the_stored_resident_message(api):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "hallo", "client_id": "abc_DEF-123"})
    send(api, conversation_id, headers, {"text": "nog een vraag"})
    messages = poll(api, conversation_id, headers).json()["messages"]
    assert messages[0]["client_id"] == "abc_DEF-123"
    assert "client_id" not in messages[1] and "client_id" not in messages[3]


def test_a_resend_while_a_person_has_the_chat_stores_nothing_and_returns_nothing(api, rasa):
    conversation_id, headers = start(api)
    set_status(conversation_id, Status.TAKEN)
    body = {"text": "bent u er nog?", "client_id": "wacht-1"}
    assert send(api, conversation_id, headers, body).json() == {"messages": [], "locale": "nl"}
    assert send(api, conversation_id, headers, body).json() == {"messages": [], "locale": "nl"}
    assert [m.seq for m in stored(conversation_id)] == [1] and rasa.requests == []


def test_a_resend_after_the_bot_failed_returns_the_stored_notice(api, rasa):
    conversation_id, headers = start(api)
    rasa.mode = "down"
    first = send(api, conversation_id, headers, {"text": "paspoort", "client_id": "x1"})
    rasa.mode = "ok"
    again = send(api, conversation_id, headers, {"text": "paspoort", "client_id": "x1"})
    assert again.json() == first.json() and again.json()["messages"][0]["sender"] == "system"
    assert len(rasa.requests) == 1


def test_the_same_client_id_in_two_conversations_is_two_messages(api, rasa):
    first_id, first_headers = start(api)
    second_id, second_headers = start(api)
    send(api, first_id, first_headers, {"text": "hallo", "client_id": "same"})
    send(api, second_id, second_headers, {"text": "hallo", "client_id": "same"})
    assert len(stored(first_id)) == 3 and len(stored(second_id)) == 3 and len(rasa.requests) == 2


def test_a_resend_to_another_conversation_with_a_wrong_token_is_a_404(api):
    conversation_id, headers = start(api)
    _other, other_headers = start(api)
    send(api, conversation_id, headers, {"text": "hallo", "client_id": "geheim"})
    answer = send(api, conversation_id, other_headers, {"text": "hallo", "client_id": "geheim"})
    assert (answer.status_code, answer.json()) == (404, NOT_FOUND)


def test_the_database_keeps_a_client_id_once_even_when_append_is_asked_twice(api):
    conversation_id, _headers = start(api)
    with _session() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "hallo", client_id="dubbel")
    with _session() as session:
        with pytest.raises(transcript.DuplicateMessage) as raised:
            transcript.append(session, conversation_id, Sender.RESIDENT, "hallo", client_id="dubbel")
    assert raised.value.seq == 1 and len(stored(conversation_id)) == 1


@pytest.mark.parametrize("client_id", ["", "a" * 65, "met spatie", "ä", "a/b", "x\n", 5, None, True, ["a"], {"a": 1}])
def test_a_bad_client_id_is_a_422_and_nothing_is_stored(api, rasa, client_id):
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "hallo", "client_id": client_id})
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_client_id" and answer.json()["detail"]
    assert stored(conversation_id) == [] and rasa.requests == []


def test_a_client_id_of_64_characters_is_allowed(api):
    conversation_id, headers = start(api)
    assert send(api, conversation_id, headers, {"payload": "/begroeting", "client_id": "Z" * 64}).status_code == 200
    assert stored(conversation_id)[0].client_id == "Z" * 64


# Feedback on a bot answer

def vote(api, conversation_id, headers, body):
    return api.post(f"/api/conversations/{conversation_id}/feedback", json=body, headers=headers)


def stored_vote(conversation_id, seq):
    with _session() as session:
        return feedback.vote_of(session, conversation_id, seq)


def vote_count():
    with _session() as session:
        return session.execute(select(func.count()).select_from(MessageFeedbackRow)).scalar()


def test_a_thumbs_down_is_stored_and_a_second_vote_replaces_it(api):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    answer = vote(api, conversation_id, headers, {"seq": 2, "helpful": False})
    assert (answer.status_code, answer.content) == (204, b"")
    assert stored_vote(conversation_id, 2) is False
    assert vote(api, conversation_id, headers, {"seq": 2, "helpful": True}).status_code == 204
    assert stored_vote(conversation_id, 2) is True and vote_count() == 1


def test_only_a_bot_message_of_this_conversation_is_rated(api):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    resident = vote(api, conversation_id, headers, {"seq": 1, "helpful": True})
    missing = vote(api, conversation_id, headers, {"seq": 9, "helpful": True})
    assert (resident.status_code, resident.json()["error"]) == (422, "not_a_bot_message")
    assert (missing.status_code, missing.json()["error"]) == (404, "message_not_found")
    with _session() as session:
        transcript.append(session, conversation_id, Sender.AGENT, "Ik help u.", agent_name="Anna")
    assert vote(api, conversation_id, headers, {"seq": 4, "helpful": True}).status_code == 422
    assert vote_count() == 0


def test_feedback_needs_the_conversations_token(api):
    conversation_id, headers = start(api)
    other_id, other_headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    for target, auth in [(conversation_id, other_headers), (conversation_id, {}), (other_id, headers),
                         ("niet-een-id", headers)]:
        answer = vote(api, target, auth, {"seq": 2, "helpful": False})
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND)
    assert vote_count() == 0


@pytest.mark.parametrize("body", [{}, {"seq": 2}, {"helpful": True}, {"seq": "2", "helpful": True},
                                  {"seq": True, "helpful": True}, {"seq": 0, "helpful": True},
                                  {"seq": -1, "helpful": False}, {"seq": 2.0, "helpful": True},
                                  {"seq": 2, "helpful": "ja"}, {"seq": 2, "helpful": 1},
                                  {"seq": 2, "helpful": None}, {"seq": 2, "helpful": True, "why": "x"},
                                  {"seq": 2 ** 40, "helpful": True}])
def test_a_bad_vote_is_a_400_and_stores_nothing(api, body):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    answer = vote(api, conversation_id, headers, body)
    assert answer.status_code == 400 and set(answer.json()) == {"error", "detail"}
    assert vote_count() == 0


def test_deleting_the_conversation_deletes_its_votes(api):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    vote(api, conversation_id, headers, {"seq": 3, "helpful": True})
    assert api.delete(f"/api/conversations/{conversation_id}", headers=headers).status_code == 204
    assert vote_count() == 0


def test_the_openapi_document_describes_client_id_and_feedback(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert "post" in paths["/api/conversations/{id}/feedback"]
    assert "204" in paths["/api/conversations/{id}/feedback"]["post"]["responses"]
    assert "422" in paths["/api/conversations/{id}/messages"]["post"]["responses"]
    text_body = OPENAPI["components"]["schemas"]["NewMessage"]["oneOf"][0]
    assert text_body["properties"]["client_id"]["pattern"] == "^[A-Za-z0-9_-]{1,64}$"


@pytest.mark.parametrize("status", list(Status))
def test_polling_says_who_answers_now(api, status):
    conversation_id, headers = start(api)
    set_status(conversation_id, status)
    assert poll(api, conversation_id, headers).json() == {"messages": [], "status": status.value, "locale": "nl"}


@pytest.mark.parametrize("rate_limits", [{"RATE_LIMIT_PER_CONVERSATION": "1000", "RATE_LIMIT_PER_ADDRESS": "1000"}])
def test_no_client_id_or_vote_ever_gives_a_500(api):
    """A small fuzz of the widget's fields; TestClient raises on a 500."""
    import random

    rng = random.Random(20261130)
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    values = [None, True, 0, -5, 2, 3, 2 ** 63, 1.5, "", "x", "a" * 65, "\u00e9", ["a"], {"a": 1}, "m-1"]
    for _ in range(150):
        if rng.random() < 0.5:
            body = {rng.choice(["text", "payload"]): rng.choice(["hallo", "/begroeting", 5]),
                    "client_id": rng.choice(values)}
            path = f"/api/conversations/{conversation_id}/messages"
        else:
            body = {key: rng.choice(values) for key in rng.sample(["seq", "helpful", "extra"], rng.randrange(0, 3))}
            path = f"/api/conversations/{conversation_id}/feedback"
        answer = api.post(path, json=body, headers=headers)
        assert answer.status_code in (200, 204, 400, 404, 422), (answer.status_code, body)
        if answer.status_code >= 400:
            assert set(answer.json()) == {"error", "detail"}
    residents = [m for m in stored(conversation_id) if m.sender is Sender.RESIDENT]
    assert len([m for m in residents if m.client_id == "m-1"]) <= 1
