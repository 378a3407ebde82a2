"""GET /api/conversations/{id}/events: the push channel beside polling, with the same token
rules; the stream carries the poll's body as server-sent events."""
from __future__ import annotations

import json

from bot.conversations import live
from bot.conversations.types import Status
from tests.support.resident import NOT_FOUND, send, set_status, start


def events(text):
    return [json.loads(block.split("data: ", 1)[1]) for block in text.split("\n\n") if block.startswith("event: messages")]


def test_the_stream_pushes_the_messages_and_who_answers_and_ends_when_the_chat_is_closed(api):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    set_status(conversation_id, Status.CLOSED)
    answer = api.get(f"/api/conversations/{conversation_id}/events?after=1", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    assert answer.headers["cache-control"] == "no-store"
    [pushed] = events(answer.text)
    assert pushed["status"] == "closed"
    assert [m["seq"] for m in pushed["messages"]] == [2, 3]


def test_the_stream_ends_after_its_lifetime(api, monkeypatch):
    monkeypatch.setattr(live, "LIFETIME_S", 0.2)
    conversation_id, headers = start(api)
    set_status(conversation_id, Status.TAKEN)
    answer = api.get(f"/api/conversations/{conversation_id}/events", headers=headers)
    assert events(answer.text) == [{"messages": [], "status": "taken", "locale": "nl"}]


def test_a_wrong_or_missing_token_gets_the_same_404_before_any_stream(api):
    conversation_id, headers = start(api)
    for wrong in ({}, {"Authorization": "Bearer nope"}):
        answer = api.get(f"/api/conversations/{conversation_id}/events", headers=wrong)
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND)


def test_a_bad_after_is_refused(api):
    conversation_id, headers = start(api)
    answer = api.get(f"/api/conversations/{conversation_id}/events?after=x", headers=headers)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_after"
