"""The resident API as a widget uses it, on a temporary SQLite database, with httpx's
MockTransport as a fake Rasa that can answer, fall silent, fail or be slow."""
from __future__ import annotations

import json
import logging
import random
from datetime import datetime

import httpx
import pytest
from starlette.testclient import TestClient

from bot.config.content import render
from bot.config.facts import base_facts
from bot.conversations import transcript
from bot.conversations.chat import PLAIN_FAILURE_NOTICE
from bot.conversations.types import Sender, Status
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.web.app import create_app
from bot.web.openapi import OPENAPI
from bot.web.resident.bodies import MAX_BODY_BYTES
from tests.support.resident import BUTTONS, CALENDAR, ICS, NOT_FOUND, poll, send, set_status, start, stored

# Starting a conversation

def test_starting_a_conversation_gives_a_new_id_and_token_each_time(api):
    first = api.post("/api/conversations", json={})
    second = api.post("/api/conversations", json={"locale": "nl"})
    empty = api.post("/api/conversations")
    assert [r.status_code for r in (first, second, empty)] == [201, 201, 201]
    assert set(first.json()) == {"conversation_id", "token", "locale"}
    assert len({r.json()["conversation_id"] for r in (first, second, empty)}) == 3
    assert len({r.json()["token"] for r in (first, second, empty)}) == 3


@pytest.mark.parametrize("body", ['{"locale": 5}', '{"locale": "nederlands!"}', '{"taal": "nl"}', "[]", "{"])
def test_a_conversation_is_not_started_from_a_bad_body(api, body):
    answer = api.post("/api/conversations", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert set(answer.json()) == {"error", "detail"}


# A turn

def test_a_turn_stores_the_residents_message_and_returns_the_bots_replies(api, rasa):
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "  wat kost een paspoort?  "})
    assert answer.status_code == 200
    replies = answer.json()["messages"]
    assert [(m["seq"], m["sender"]) for m in replies] == [(2, "bot"), (3, "bot")]
    assert replies[0]["text"] == "Een paspoort kost € 84,40." and replies[0]["buttons"] == []
    assert replies[1]["buttons"] == BUTTONS
    assert "agent_name" not in replies[0]
    assert datetime.fromisoformat(replies[0]["sent_at"]).utcoffset().total_seconds() == 0
    assert rasa.requests == [{"sender": conversation_id, "message": "wat kost een paspoort?", "metadata": {"taal": "nl"}}]
    assert [(m.seq, m.sender, m.text) for m in stored(conversation_id)] == [
        (1, Sender.RESIDENT, "wat kost een paspoort?"), (2, Sender.BOT, "Een paspoort kost € 84,40."),
        (3, Sender.BOT, "Wilt u een afspraak maken?")]


def test_a_button_press_goes_to_rasa_as_payload_and_reads_as_its_title(api, rasa):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    answer = send(api, conversation_id, headers, {"payload": "/afspraak_maken"})
    assert [m["seq"] for m in answer.json()["messages"]] == [5, 6]
    assert rasa.requests[-1] == {"sender": conversation_id, "message": "/afspraak_maken", "metadata": {"taal": "nl"}}
    assert stored(conversation_id)[3].text == "Afspraak maken"


def test_polling_returns_every_message_after_the_number_given(api):
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "paspoort"})
    send(api, conversation_id, headers, {"text": "rijbewijs"})
    everything = poll(api, conversation_id, headers).json()["messages"]
    assert [m["seq"] for m in everything] == [1, 2, 3, 4, 5, 6]
    assert [m["sender"] for m in everything][:2] == ["resident", "bot"]
    assert poll(api, conversation_id, headers, 0).json()["messages"] == everything
    assert [m["seq"] for m in poll(api, conversation_id, headers, 4).json()["messages"]] == [5, 6]
    assert poll(api, conversation_id, headers, 6).json() == {"messages": [], "status": "bot", "locale": "nl"}
    assert poll(api, conversation_id, headers, 99).json() == {"messages": [], "status": "bot", "locale": "nl"}


def test_an_agents_message_carries_the_agents_name(api):
    conversation_id, headers = start(api)
    with session_factory(get_settings().database_url).begin() as session:
        transcript.append(session, conversation_id, Sender.AGENT, "Ik help u verder.", agent_name="Anna")
    [message] = poll(api, conversation_id, headers).json()["messages"]
    assert (message["sender"], message["agent_name"]) == ("agent", "Anna")


@pytest.mark.parametrize("after", ["-1", "abc", "1.5", "", "99999999999", "1e3", "٣"])
def test_a_bad_after_is_a_400(api, after):
    conversation_id, headers = start(api)
    answer = api.get(f"/api/conversations/{conversation_id}/messages", params={"after": after}, headers=headers)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_after"


# Who may read and write

def _auth_cases(api):
    conversation_id, headers = start(api)
    other_id, other_headers = start(api)
    token = headers["Authorization"].split()[1]
    unknown = "00000000-0000-4000-8000-000000000000"
    return conversation_id, {
        "no header": (conversation_id, {}),
        "wrong token": (conversation_id, {"Authorization": "Bearer " + token[:-2] + "xx"}),
        "other conversation's token": (conversation_id, other_headers),
        "unknown id": (unknown, headers),
        "not an id": ("niet-een-id", headers),
        "empty bearer": (conversation_id, {"Authorization": "Bearer "}),
        "basic auth": (conversation_id, {"Authorization": "Basic " + token}),
        "token without scheme": (conversation_id, {"Authorization": token}),
    }


def test_every_auth_failure_is_the_same_404_and_stores_nothing(api, rasa):
    conversation_id, cases = _auth_cases(api)
    for name, (target, headers) in cases.items():
        posted = send(api, target, headers, {"text": "hallo"})
        polled = poll(api, target, headers)
        assert (posted.status_code, posted.json()) == (404, NOT_FOUND), name
        assert (polled.status_code, polled.json()) == (404, NOT_FOUND), name
    assert rasa.requests == []
    assert stored(conversation_id) == []


# The calendar file of an appointment

def test_a_calendar_file_is_stored_with_its_message_and_shown_as_a_link_without_content(api, rasa):
    rasa.attachment = CALENDAR
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "/bevestigen"})
    assert answer.status_code == 200
    url = f"/api/conversations/{conversation_id}/messages/3/attachment"
    file_message = answer.json()["messages"][-1]  # the file goes with the text just before it
    assert (file_message["seq"], file_message["sender"], file_message["text"]) == (3, "bot", "Wilt u een afspraak maken?")
    assert file_message["attachment"] == {"filename": "afspraak.ics", "mime_type": "text/calendar", "url": url}
    assert "attachment" not in answer.json()["messages"][0]
    assert poll(api, conversation_id, headers, after=2).json()["messages"] == [file_message]
    assert stored(conversation_id)[-1].attachment.content == ICS


def test_the_resident_downloads_the_calendar_file_with_the_conversations_token(api, rasa):
    rasa.attachment = CALENDAR
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "/bevestigen"})
    download = api.get(f"/api/conversations/{conversation_id}/messages/3/attachment", headers=headers)
    assert download.status_code == 200
    assert download.text == ICS
    assert download.headers["content-type"] == "text/calendar; charset=utf-8"
    assert download.headers["content-disposition"] == 'attachment; filename="afspraak.ics"'
    assert download.headers["x-content-type-options"] == "nosniff"


def test_a_wrong_token_never_gets_the_file_nor_learns_that_it_exists(api, rasa):
    rasa.attachment = CALENDAR
    conversation_id, cases = _auth_cases(api)
    owner = cases["unknown id"][1]  # that case sends the owner's own token to another id
    send(api, conversation_id, owner, {"text": "/bevestigen"})
    assert api.get(f"/api/conversations/{conversation_id}/messages/3/attachment", headers=owner).status_code == 200
    for name, (target, headers) in cases.items():
        answer = api.get(f"/api/conversations/{target}/messages/3/attachment", headers=headers)
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND), name


@pytest.mark.parametrize("seq", ["1", "2", "4", "0", "2147483648", "99999999999999999999999", "x", "-1"])
def test_a_message_without_a_file_is_a_404(api, rasa, seq):
    rasa.attachment = CALENDAR
    conversation_id, headers = start(api)
    send(api, conversation_id, headers, {"text": "/bevestigen"})
    answer = api.get(f"/api/conversations/{conversation_id}/messages/{seq}/attachment", headers=headers)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_a_file_of_a_type_that_is_not_allowed_is_neither_stored_nor_offered(api, rasa):
    rasa.attachment = {**CALENDAR, "filename": "afspraak.html", "mime_type": "text/html"}
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, {"text": "/bevestigen"})
    assert [m["seq"] for m in answer.json()["messages"]] == [2, 3]
    assert all(m.attachment is None for m in stored(conversation_id))
    assert api.get(f"/api/conversations/{conversation_id}/messages/4/attachment", headers=headers).status_code == 404


# Bad bodies

BAD_BODIES = {
    "not JSON": b"hallo",
    "broken JSON": b'{"text": "hallo"',
    "not UTF-8": b'{"text": "caf\xe9"}',
    "a list": b'["hallo"]',
    "a string": b'"hallo"',
    "null": b"null",
    "empty": b"",
    "both": b'{"text": "hallo", "payload": "/begroeting"}',
    "neither": b"{}",
    "unknown field": b'{"text": "hallo", "sender": "bot"}',
    "only an unknown field": b'{"message": "hallo"}',
    "empty text": b'{"text": ""}',
    "only spaces": b'{"text": "   \\n\\t "}',
    "2,001 characters": json.dumps({"text": "a" * 2001}).encode(),
    "number as text": b'{"text": 42}',
    "null text": b'{"text": null}',
    "list as text": b'{"text": ["hallo"]}',
    "object as text": b'{"text": {"nl": "hallo"}}',
    "NUL in text": b'{"text": "hal\\u0000lo"}',
    "lone surrogate": b'{"text": "hallo \\ud800"}',
    "payload without slash": b'{"payload": "afspraak_maken"}',
    "only a slash": b'{"payload": "/"}',
    "huge payload": json.dumps({"payload": "/" + "x" * 10_000}).encode(),
    "number as payload": b'{"payload": 7}',
    "deep nesting": b"[" * 30_000,
    "huge number": b'{"text": ' + b"9" * 5000 + b"}",
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_bad_body_is_a_400_and_nothing_is_stored(api, rasa, body):
    conversation_id, headers = start(api)
    answer = api.post(f"/api/conversations/{conversation_id}/messages", content=body,
                      headers={**headers, "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert set(answer.json()) == {"error", "detail"} and answer.json()["detail"]
    assert stored(conversation_id) == [] and rasa.requests == []


RESERVED = [{"payload": "/restart"}, {"payload": "/session_start"}, {"payload": "/back"},
            {"payload": "/nlu_fallback"}, {"payload": '/session_start{"bsn": "111222333"}'},
            {"payload": "/action_restart"}, {"payload": "/utter_begroeting"}, {"text": "/restart"},
            {"text": "  /session_start  "}, {"text": "/action_session_start"}]


@pytest.mark.parametrize("body", RESERVED, ids=[next(iter(b.values())).strip() + f" ({next(iter(b))})" for b in RESERVED])
def test_rasas_reserved_intents_are_refused_with_a_422_and_no_notice(api, rasa, body):
    """/restart or /session_start would make Rasa restart silently, which the resident saw as
    an outage notice; now they never reach Rasa and nothing is stored."""
    conversation_id, headers = start(api)
    answer = send(api, conversation_id, headers, body)
    assert answer.status_code == 422 and answer.json()["error"] == "reserved_intent"
    assert stored(conversation_id) == [] and rasa.requests == []
    assert poll(api, conversation_id, headers).json()["messages"] == []  # no notice either


@pytest.mark.parametrize("body", [{"payload": "/out_of_scope"}, {"payload": '/informeren{"document": "paspoort"}'},
                                  {"text": "hoe kan ik opnieuw beginnen (restart)?"}])
def test_the_domains_own_intents_and_ordinary_words_still_reach_the_bot(api, rasa, body):
    conversation_id, headers = start(api)
    assert send(api, conversation_id, headers, body).status_code == 200
    assert rasa.requests[-1]["message"] == next(iter(body.values()))


def test_exactly_2000_characters_is_allowed(api):
    conversation_id, headers = start(api)
    assert send(api, conversation_id, headers, {"text": "a" * 2000}).status_code == 200
    assert len(stored(conversation_id)[0].text) == 2000


def test_a_body_larger_than_the_limit_is_a_413(api, rasa):
    conversation_id, headers = start(api)
    answer = api.post(f"/api/conversations/{conversation_id}/messages",
                      content=json.dumps({"text": "a" * (MAX_BODY_BYTES + 1)}), headers=headers)
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"
    assert stored(conversation_id) == [] and rasa.requests == []


# When Rasa does not answer

@pytest.mark.parametrize("mode", ["down", "slow", "error", "silent"])
def test_when_rasa_fails_the_resident_gets_a_stored_notice_and_the_next_turn_works(api, rasa, config, content, mode):
    conversation_id, headers = start(api)
    rasa.mode = mode
    answer = send(api, conversation_id, headers, {"text": "wat kost een paspoort?"})
    assert answer.status_code == 200
    [notice] = answer.json()["messages"]
    expected = render(content.text("terugval", "storing"), base_facts(config))
    assert notice["sender"] == "system" and notice["text"] == expected and notice["seq"] == 2
    assert config.gemeente.telefoon in expected
    assert [(m.sender, m.text) for m in stored(conversation_id)] == [
        (Sender.RESIDENT, "wat kost een paspoort?"), (Sender.SYSTEM, expected)]

    rasa.mode = "ok"
    again = send(api, conversation_id, headers, {"text": "wat kost een paspoort?"})
    assert [(m["seq"], m["sender"]) for m in again.json()["messages"]] == [(4, "bot"), (5, "bot")]


def test_the_warning_that_rasa_failed_carries_no_conversation_id(api, rasa, caplog):
    conversation_id, headers = start(api)
    rasa.mode = "down"
    with caplog.at_level(logging.WARNING):
        send(api, conversation_id, headers, {"text": "wat kost een paspoort?"})
    [warning] = [r.getMessage() for r in caplog.records if "did not answer" in r.getMessage()]
    assert conversation_id not in warning


def test_the_notice_is_plain_when_the_content_file_is_broken(tmp_path, monkeypatch, rasa):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    monkeypatch.setenv("CONTENT_FILE", str(tmp_path / "missing.yml"))
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    rasa.mode = "down"
    try:
        with TestClient(create_app(rasa_transport=httpx.MockTransport(rasa))) as client:
            conversation_id, headers = start(client)
            [notice] = send(client, conversation_id, headers, {"text": "hallo"}).json()["messages"]
    finally:
        get_settings.cache_clear()
    assert notice["text"] == PLAIN_FAILURE_NOTICE


# While a person has the chat

@pytest.mark.parametrize("status", [Status.TAKEN, Status.WAITING])
def test_while_a_person_has_the_chat_the_bot_is_not_asked(api, rasa, status):
    conversation_id, headers = start(api)
    set_status(conversation_id, status)
    answer = send(api, conversation_id, headers, {"text": "bent u er nog?"})
    assert (answer.status_code, answer.json()) == (200, {"messages": [], "locale": "nl"})
    assert rasa.requests == []
    assert [(m.seq, m.sender) for m in stored(conversation_id)] == [(1, Sender.RESIDENT)]


def test_a_takeover_while_the_bot_thinks_keeps_the_bots_answer_out(api, rasa):
    conversation_id, headers = start(api)
    rasa.during_call = lambda: set_status(conversation_id, Status.TAKEN)
    answer = send(api, conversation_id, headers, {"text": "ik wil een mens"})
    assert answer.json() == {"messages": [], "locale": "nl"}
    assert [m.sender for m in stored(conversation_id)] == [Sender.RESIDENT]


def test_a_closed_conversation_takes_no_more_messages(api, rasa):
    conversation_id, headers = start(api)
    set_status(conversation_id, Status.CLOSED)
    answer = send(api, conversation_id, headers, {"text": "hallo?"})
    assert answer.status_code == 409 and answer.json()["error"] == "conversation_closed"
    assert stored(conversation_id) == [] and rasa.requests == []
    assert poll(api, conversation_id, headers).status_code == 200


# Serving

def test_python_m_bot_web_serves_the_gateway_where_the_settings_say(monkeypatch, tmp_path):
    import uvicorn

    from bot.web import __main__ as entry

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    for name in ("WEB_HOST", "WEB_PORT", "RASA_URL", "RASA_TIMEOUT_S"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    served = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, *args, **kwargs: served.update(config=server.config))
    try:
        settings = get_settings()
        entry.main()
    finally:
        get_settings.cache_clear()
    assert (settings.web_host, settings.web_port, settings.rasa_url) == ("127.0.0.1", 8000, "http://127.0.0.1:5005")
    config = served["config"]
    assert (config.host, config.port) == ("127.0.0.1", 8000)
    assert config.app.routes
    assert config.proxy_headers is False  # X-Forwarded-* only when the settings trust a proxy (bot.web.hardening)


# The document and the edges

def test_the_openapi_document_lists_the_three_resident_calls(api):
    answer = api.get("/openapi.json")
    assert answer.status_code == 200
    document = answer.json()
    assert document == OPENAPI and document["openapi"].startswith("3.")
    assert "post" in document["paths"]["/api/conversations"]
    assert {"get", "post"} <= set(document["paths"]["/api/conversations/{id}/messages"])
    download = document["paths"]["/api/conversations/{id}/messages/{seq}/attachment"]["get"]
    assert set(download["responses"]) == {"200", "404"} and "text/calendar" in download["responses"]["200"]["content"]
    assert document["components"]["schemas"]["Message"]["properties"]["attachment"] == {
        "$ref": "#/components/schemas/Attachment"}
    assert {"filename", "mime_type", "url"} <= set(document["components"]["schemas"]["Attachment"]["properties"])


def test_unknown_paths_and_methods_answer_in_json(api):
    missing = api.get("/api/nothing")
    wrong = api.delete("/api/conversations")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    assert (wrong.status_code, wrong.json()["error"]) == (405, "method_not_allowed")
    messages = api.put("/api/conversations/x/messages")
    assert set(messages.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def _random_json(rng: random.Random, depth: int = 0):
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 2 ** 70, 1.5, float("1e308")])
    if choice in (3, 4, 5):
        alphabet = "ab /\\\"\n\t\x00\x1f\u00e9\u20ac\U0001f600"
        return rng.choice(["", "/", "/afspraak_maken", "text", "payload", "locale"]) + \
            "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
    if choice in (6, 7):
        keys = ["text", "payload", "locale", "extra", ""]
        return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randrange(0, 4))}
    return [_random_json(rng, depth + 1) for _ in range(rng.randrange(0, 4))]


@pytest.mark.parametrize("rate_limits", [{"RATE_LIMIT_PER_CONVERSATION": "1000", "RATE_LIMIT_PER_ADDRESS": "1000"}])
def test_no_body_ever_gives_a_500(api):
    """A small fuzz: random JSON (and random bytes) at every call; TestClient raises on a 500."""
    rng = random.Random(20261122)
    conversation_id, headers = start(api)
    targets = [("POST", "/api/conversations"), ("POST", f"/api/conversations/{conversation_id}/messages"),
               ("GET", f"/api/conversations/{conversation_id}/messages")]
    for round_number in range(400):
        value = _random_json(rng)
        if round_number % 4 == 3:
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
        else:
            body = json.dumps(value).encode()
        method, path = rng.choice(targets)
        chosen_headers = rng.choice([headers, {}, {"Authorization": "Bearer x"}])
        params = {"after": str(value)[:20]} if method == "GET" else None
        answer = api.request(method, path, content=body, headers=chosen_headers, params=params)
        assert answer.status_code in (200, 201, 400, 404, 409, 413), (answer.status_code, body)
        if answer.status_code >= 400:
            assert set(answer.json()) == {"error", "detail"}


def test_a_bsn_is_masked_before_it_is_stored_or_reaches_the_bot(api, rasa):
    conversation_id, headers = start(api)
    assert send(api, conversation_id, headers, {"text": "mijn bsn is 111222333, wat nu?"}).status_code == 200
    assert rasa.requests[-1]["message"] == "mijn bsn is [BSN], wat nu?"
    shown = poll(api, conversation_id, headers, after=0).json()["messages"]
    assert shown[0]["text"] == "mijn bsn is [BSN], wat nu?"
    with session_factory(get_settings().database_url).begin() as session:
        assert "111222333" not in " ".join(m.text for m in transcript.messages_after(session, conversation_id, 0))


def test_a_bsn_in_a_button_payload_is_masked_before_it_is_stored_or_reaches_the_bot(api, rasa):
    conversation_id, headers = start(api)
    payload = '/informeren{"bsn": "111222333"}'
    assert send(api, conversation_id, headers, {"payload": payload}).status_code == 200
    assert rasa.requests[-1]["message"] == '/informeren{"bsn": "[BSN]"}'
    with session_factory(get_settings().database_url).begin() as session:
        assert "111222333" not in " ".join(m.text for m in transcript.messages_after(session, conversation_id, 0))
