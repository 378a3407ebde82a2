"""The KCC takes chats over: the queue, taking a chat, talking with the resident, handing it
back to the bot or closing it; illegal moves are a 409 that changes nothing. The rules that
must hold under concurrency are checked on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import random
import threading
from datetime import datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError

from bot.conversations import transcript
from bot.conversations.types import Sender, Status
from bot.db.engine import engine_for, session_factory
from bot.db.migrate import alembic_config, upgrade
from bot.db.models import ConversationRow, HandoverRow
from bot.handover import takeover as handover
from bot.handover.callback import request_callback
from bot.handover.takeover import ConversationNotFound, HandoverConflict
from bot.staff import accounts as staff_accounts
from bot.staff.types import Staff
from bot.web.openapi import OPENAPI
from tests.support.resident import CALENDAR, poll, send, start, stored
from tests.support.staff import PASSWORD, db, request_person

RELEASED_NOTICE = "De digitale assistent helpt u weer verder."  # content/antwoorden.yml, overname
CLOSED_NOTICE = "Dit gesprek is afgesloten. Heeft u nog een vraag? Begin dan een nieuw gesprek."
SCRIPT = "<script>alert(1)</script>"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def take(gateway, staff, conversation_id, who="kcc"):
    return gateway.post(f"/api/kcc/handovers/{conversation_id}/take", headers=staff.headers(who))


def say(gateway, staff, conversation_id, text, who="kcc"):
    return gateway.post(f"/api/kcc/handovers/{conversation_id}/messages", json={"text": text},
                        headers=staff.headers(who))


def release(gateway, staff, conversation_id, who="kcc", **body):
    return gateway.post(f"/api/kcc/handovers/{conversation_id}/release", json=body, headers=staff.headers(who))


def queue(gateway, staff, status="waiting", who="kcc"):
    answer = gateway.get(f"/api/kcc/handovers?status={status}", headers=staff.headers(who))
    assert answer.status_code == 200
    return answer.json()["handovers"]


def conversation_status(conversation_id):
    with db().begin() as session:
        return transcript.status_of(session, conversation_id)


def snapshot(conversation_id):
    """Everything a refused call must leave as it was."""
    with db().begin() as session:
        rows = session.execute(select(HandoverRow.status, HandoverRow.taken_by, HandoverRow.taken_at,
                                      HandoverRow.released_at, HandoverRow.closed_at, HandoverRow.summary)
                               .where(HandoverRow.conversation_id == conversation_id)).all()
        return transcript.status_of(session, conversation_id), rows, transcript.messages_after(session, conversation_id)


# The whole takeover

def test_a_resident_is_taken_over_by_an_employee_and_handed_back_to_the_bot(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    bot_turn = send(gateway, conversation_id, resident, {"text": "ik wil een mens spreken"}).json()["messages"]
    assert [m["sender"] for m in bot_turn] == ["bot", "bot"]

    waiting = request_person(conversation_id, "mens_spreken")  # what the Rasa action will do
    assert waiting.status.value == "waiting" and conversation_status(conversation_id) is Status.WAITING
    [item] = queue(gateway, staff)
    assert (item["conversation_id"], item["topic"], item["status"]) == (conversation_id, "mens_spreken", "waiting")
    assert item["waiting_seconds"] >= 0 and item["requested_at"].endswith("+00:00")

    taken = take(gateway, staff, conversation_id)
    assert taken.status_code == 200
    assert taken.json()["handover"]["taken_by"] == "Kcc" and taken.json()["handover"]["taken_by_me"] is True
    [notice] = taken.json()["messages"]
    assert (notice["sender"], notice["text"]) == ("system", "U praat nu met Kcc van de gemeente.")
    assert queue(gateway, staff) == [] and queue(gateway, staff, "taken")[0]["conversation_id"] == conversation_id

    seen = poll(gateway, conversation_id, resident, after=3).json()["messages"]
    assert [(m["seq"], m["sender"], m["text"]) for m in seen] == [(4, "system", notice["text"])]

    calls = len(fake_rasa.requests)
    quiet = send(gateway, conversation_id, resident, {"text": "hallo, bent u daar?"})
    assert (quiet.status_code, quiet.json()) == (200, {"messages": [], "locale": "nl"})
    assert len(fake_rasa.requests) == calls  # the bot was not asked

    [reply] = say(gateway, staff, conversation_id, "Ja, ik help je verder.").json()["messages"]
    assert (reply["sender"], reply["agent_name"], reply["seq"]) == ("agent", "Kcc", 6)
    polled = poll(gateway, conversation_id, resident, after=4).json()["messages"]
    assert [(m["sender"], m["text"]) for m in polled] == [("resident", "hallo, bent u daar?"),
                                                          ("agent", "Ja, ik help je verder.")]
    assert polled[1]["agent_name"] == "Kcc" and "agent_name" not in polled[0]

    released = release(gateway, staff, conversation_id, summary="Doorverwezen naar de balie.")
    assert released.status_code == 200 and released.json()["handover"]["status"] == "released"
    assert [m["text"] for m in released.json()["messages"]] == [RELEASED_NOTICE]
    assert conversation_status(conversation_id) is Status.BOT
    assert queue(gateway, staff, "taken") == []

    again = send(gateway, conversation_id, resident, {"text": "wat kost een paspoort?"})
    assert [m["sender"] for m in again.json()["messages"]] == ["bot", "bot"]
    assert fake_rasa.requests[-1] == {"sender": conversation_id, "message": "wat kost een paspoort?", "metadata": {"taal": "nl"}}
    assert len(fake_rasa.requests) == calls + 1


def test_closing_stores_the_summary_and_ends_the_conversation(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    request_person(conversation_id, "klacht")
    take(gateway, staff, conversation_id)
    summary = "  Klacht over de afvalinzameling doorgezet. "
    closed = release(gateway, staff, conversation_id, close=True, summary=summary)
    assert closed.status_code == 200
    body = closed.json()
    assert body["handover"]["status"] == "closed" and body["handover"]["closed_at"]
    assert body["handover"]["summary"] == "Klacht over de afvalinzameling doorgezet."
    assert [m["text"] for m in body["messages"]] == [CLOSED_NOTICE]
    assert conversation_status(conversation_id) is Status.CLOSED

    refused = send(gateway, conversation_id, resident, {"text": "nog een vraag"})
    assert (refused.status_code, refused.json()["error"]) == (409, "conversation_closed")
    assert fake_rasa.requests == []
    record = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc")).json()
    assert record["status"] == "closed"
    assert record["handovers"][0]["summary"] == "Klacht over de afvalinzameling doorgezet."
    assert poll(gateway, conversation_id, resident).json()["messages"][-1]["text"] == CLOSED_NOTICE


def test_an_employee_may_take_a_chat_the_bot_still_has(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "paspoort"})
    answer = take(gateway, staff, conversation_id)
    assert answer.status_code == 200
    assert answer.json()["handover"]["waiting_seconds"] == 0 and answer.json()["handover"]["topic"] is None
    assert conversation_status(conversation_id) is Status.TAKEN
    assert send(gateway, conversation_id, resident, {"text": "hallo"}).json() == {"messages": [], "locale": "nl"}
    assert len(fake_rasa.requests) == 1


def test_while_waiting_the_residents_messages_are_kept_for_the_employee(gateway, staff, fake_rasa):
    conversation_id, resident = start(gateway)
    request_person(conversation_id)
    assert send(gateway, conversation_id, resident, {"text": "ik wacht"}).json() == {"messages": [], "locale": "nl"}
    assert fake_rasa.requests == []
    take(gateway, staff, conversation_id)
    record = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc")).json()
    assert [(m["sender"], m["text"]) for m in record["messages"]][0] == ("resident", "ik wacht")


def test_markup_is_stored_and_returned_verbatim_both_ways(gateway, staff):
    conversation_id, resident = start(gateway)
    request_person(conversation_id)
    take(gateway, staff, conversation_id)
    send(gateway, conversation_id, resident, {"text": SCRIPT})
    [reply] = say(gateway, staff, conversation_id, SCRIPT).json()["messages"]
    assert reply["text"] == SCRIPT
    raw = poll(gateway, conversation_id, resident, after=1)
    assert [m["text"] for m in json.loads(raw.text)["messages"]] == [SCRIPT, SCRIPT]
    assert raw.headers["content-type"].startswith("application/json")
    record = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc"))
    assert [m["text"] for m in record.json()["messages"]][1:] == [SCRIPT, SCRIPT]
    assert [m.text for m in stored(conversation_id)][1:] == [SCRIPT, SCRIPT]


# The queue

def test_the_queue_is_oldest_first_with_the_waiting_time(gateway, staff):
    ids = [start(gateway)[0] for _ in range(3)]
    for conversation_id, topic in zip(ids, ["paspoort", "verhuizen", "afval"]):
        request_person(conversation_id, topic)
    ages = {ids[0]: 60, ids[1]: 600, ids[2]: 5}  # requested 1 minute, 10 minutes, 5 seconds ago
    with db().begin() as session:
        for conversation_id, seconds in ages.items():
            session.execute(update(HandoverRow).where(HandoverRow.conversation_id == conversation_id)
                            .values(requested_at=transcript.utcnow() - timedelta(seconds=seconds)))
    items = queue(gateway, staff)
    assert [item["topic"] for item in items] == ["verhuizen", "paspoort", "afval"]
    for item in items:
        expected = ages[item["conversation_id"]]
        assert expected <= item["waiting_seconds"] <= expected + 5
        assert datetime.fromisoformat(item["requested_at"]).utcoffset() == timedelta(0)
    assert queue(gateway, staff, "taken") == []


def test_taken_chats_say_who_has_them(gateway, staff):
    first, second = start(gateway)[0], start(gateway)[0]
    for conversation_id in (first, second):
        request_person(conversation_id)
    take(gateway, staff, first, "kcc")
    take(gateway, staff, second, "anna")
    items = {item["conversation_id"]: item for item in queue(gateway, staff, "taken", who="kcc")}
    assert (items[first]["taken_by"], items[first]["taken_by_me"]) == ("Kcc", True)
    assert (items[second]["taken_by"], items[second]["taken_by_me"]) == ("Anna", False)


@pytest.mark.parametrize("status", ["", "closed", "bot", "WAITING", "released", "waiting,taken"])
def test_a_bad_queue_status_is_a_400(gateway, staff, status):
    answer = gateway.get("/api/kcc/handovers", params={"status": status}, headers=staff.headers("kcc"))
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_status")


def test_the_queue_defaults_to_waiting(gateway, staff):
    conversation_id = start(gateway)[0]
    request_person(conversation_id)
    answer = gateway.get("/api/kcc/handovers", headers=staff.headers("kcc")).json()
    assert [item["conversation_id"] for item in answer["handovers"]] == [conversation_id]


# Illegal moves: 409, and nothing changes

def _waiting(gateway, _staff=None):
    conversation_id = start(gateway)[0]
    request_person(conversation_id)
    return conversation_id


def _taken_by_kcc(gateway, staff):
    conversation_id = _waiting(gateway)
    take(gateway, staff, conversation_id)
    return conversation_id


def _released(gateway, staff):
    conversation_id = _taken_by_kcc(gateway, staff)
    release(gateway, staff, conversation_id)
    return conversation_id


def _closed(gateway, staff):
    conversation_id = _taken_by_kcc(gateway, staff)
    release(gateway, staff, conversation_id, close=True)
    return conversation_id


ILLEGAL = {
    "take a chat someone else has": (_taken_by_kcc, lambda g, s, c: take(g, s, c, "anna"), "taken_by_other"),
    "take a closed chat": (_closed, lambda g, s, c: take(g, s, c), "conversation_closed"),
    "write in a waiting chat": (_waiting, lambda g, s, c: say(g, s, c, "hallo"), "not_taken"),
    "write in someone else's chat": (_taken_by_kcc, lambda g, s, c: say(g, s, c, "hallo", "anna"), "taken_by_other"),
    "an admin writes in someone else's chat": (_taken_by_kcc, lambda g, s, c: say(g, s, c, "hoi", "admin"),
                                               "taken_by_other"),
    "write after the release": (_released, lambda g, s, c: say(g, s, c, "hallo"), "not_taken"),
    "write in a closed chat": (_closed, lambda g, s, c: say(g, s, c, "hallo"), "not_taken"),
    "release a waiting chat": (_waiting, lambda g, s, c: release(g, s, c), "not_taken"),
    "release someone else's chat": (_taken_by_kcc, lambda g, s, c: release(g, s, c, "anna"), "taken_by_other"),
    "release twice": (_released, lambda g, s, c: release(g, s, c), "not_taken"),
    "close a closed chat": (_closed, lambda g, s, c: release(g, s, c, close=True), "not_taken"),
}


@pytest.mark.parametrize("case", ILLEGAL, ids=ILLEGAL.keys())
def test_an_illegal_move_is_a_409_and_changes_nothing(gateway, staff, fake_rasa, case):
    prepare, act, code = ILLEGAL[case]
    conversation_id = prepare(gateway, staff)
    before = snapshot(conversation_id)
    answer = act(gateway, staff, conversation_id)
    assert (answer.status_code, answer.json()["error"]) == (409, code), answer.json()
    assert snapshot(conversation_id) == before
    assert fake_rasa.requests == []


def test_taking_ones_own_chat_again_changes_nothing(gateway, staff):
    conversation_id = _taken_by_kcc(gateway, staff)
    before = snapshot(conversation_id)
    again = take(gateway, staff, conversation_id)
    assert again.status_code == 200 and again.json()["messages"] == []
    assert snapshot(conversation_id) == before


def test_an_administrator_may_release_a_chat_someone_else_holds(gateway, staff):
    conversation_id = _taken_by_kcc(gateway, staff)
    answer = release(gateway, staff, conversation_id, "admin", close=True, summary="Medewerker ziek naar huis.")
    assert answer.status_code == 200 and conversation_status(conversation_id) is Status.CLOSED


def test_a_chat_can_be_handed_over_again_after_a_release(gateway, staff):
    conversation_id = _released(gateway, staff)
    request_person(conversation_id, "opnieuw")
    assert take(gateway, staff, conversation_id, "anna").status_code == 200
    record = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc")).json()
    assert [(h["status"], h["taken_by"]) for h in record["handovers"]] == [("released", "Kcc"), ("taken", "Anna")]


@pytest.mark.parametrize("path", ["take", "messages", "release"])
@pytest.mark.parametrize("conversation_id", [UNKNOWN, "niet-een-id", UNKNOWN.upper()])
def test_an_unknown_conversation_is_a_404(gateway, staff, path, conversation_id):
    answer = gateway.post(f"/api/kcc/handovers/{conversation_id}/{path}", json={"text": "hoi"} if path == "messages"
                          else {}, headers=staff.headers("kcc"))
    assert (answer.status_code, answer.json()["error"]) == (404, "not_found")
    transcript_answer = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc"))
    assert transcript_answer.status_code == 404


# Bodies

@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}, {"text": "a" * 2001}, {"text": 5},
                                  {"text": "hoi", "agent_name": "Baas"}, {"text": "hal\u0000lo"}, [], "hoi"])
def test_a_bad_agent_message_is_a_400_and_stores_nothing(gateway, staff, body):
    conversation_id = _taken_by_kcc(gateway, staff)
    before = snapshot(conversation_id)
    answer = gateway.post(f"/api/kcc/handovers/{conversation_id}/messages", json=body, headers=staff.headers("kcc"))
    assert answer.status_code == 400 and set(answer.json()) == {"error", "detail"}
    assert snapshot(conversation_id) == before


def test_an_agent_message_may_be_2000_characters(gateway, staff):
    conversation_id = _taken_by_kcc(gateway, staff)
    assert say(gateway, staff, conversation_id, "a" * 2000).status_code == 200


@pytest.mark.parametrize("body", [{"close": "ja"}, {"close": 1}, {"summary": 5}, {"summary": "a" * 2001},
                                  {"summary": "x", "reason": "y"}, {"summary": "a\u0007"}])
def test_a_bad_release_is_a_400_and_changes_nothing(gateway, staff, body):
    conversation_id = _taken_by_kcc(gateway, staff)
    before = snapshot(conversation_id)
    answer = release(gateway, staff, conversation_id, **body)
    assert answer.status_code == 400
    assert snapshot(conversation_id) == before


def test_take_accepts_no_fields(gateway, staff):
    conversation_id = _waiting(gateway)
    answer = gateway.post(f"/api/kcc/handovers/{conversation_id}/take", json={"who": "me"},
                          headers=staff.headers("kcc"))
    assert (answer.status_code, answer.json()["error"]) == (400, "unknown_field")
    assert conversation_status(conversation_id) is Status.WAITING


# The transcript

def test_the_transcript_holds_every_message_and_handover(gateway, staff):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "paspoort"})
    request_person(conversation_id, "paspoort")
    take(gateway, staff, conversation_id)
    say(gateway, staff, conversation_id, "Goedemiddag")
    answer = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("admin"))
    assert answer.status_code == 200
    record = answer.json()
    assert (record["conversation_id"], record["status"], record["locale"]) == (conversation_id, "taken", "nl")
    assert [(m["seq"], m["sender"]) for m in record["messages"]] == [
        (1, "resident"), (2, "bot"), (3, "bot"), (4, "system"), (5, "agent")]
    assert record["messages"] == poll(gateway, conversation_id, resident).json()["messages"]
    [entry] = record["handovers"]
    assert (entry["status"], entry["topic"], entry["taken_by"], entry["taken_by_me"]) == (
        "taken", "paspoort", "Kcc", False)


def test_the_queue_and_the_transcript_name_the_topic_alike_in_dutch(gateway, staff):
    conversation_id = start(gateway)[0]
    request_person(conversation_id, "reisdocument_kwijt")
    [waiting] = queue(gateway, staff)
    record = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc")).json()
    assert waiting["topic_name"] == record["topic_name"] == "Paspoort, ID-kaart of rijbewijs kwijt"
    assert record["topic"] == "reisdocument_kwijt"


def test_a_conversation_with_only_a_callback_request_has_the_requests_topic(gateway, staff):
    """The call-back request said "Reisdocument kwijt" and its transcript "Onderwerp onbekend"."""
    conversation_id = start(gateway)[0]
    with db().begin() as session:
        request_callback(session, name="Fatima de Vries", phone="0612345678", preferred_time=None,
                         topic="reisdocument_kwijt", conversation_id=conversation_id, at=datetime(2026, 11, 27, 19))
    [asked] = gateway.get("/api/kcc/callbacks", headers=staff.headers("kcc")).json()["callbacks"]
    record = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc")).json()
    assert asked["conversation_id"] == conversation_id
    assert asked["topic_name"] == record["topic_name"] == "Paspoort, ID-kaart of rijbewijs kwijt"
    other = start(gateway)[0]  # nothing known: the content's words, not a code name
    unknown = gateway.get(f"/api/conversations/{other}/transcript", headers=staff.headers("kcc")).json()
    assert (unknown["topic"], unknown["topic_name"]) == (None, "Onderwerp onbekend")


def test_the_staff_transcript_names_a_calendar_file_without_a_download_link(gateway, staff, fake_rasa):
    fake_rasa.attachment = CALENDAR
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "/bevestigen"})
    answer = gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc"))
    assert answer.json()["messages"][-1]["attachment"] == {"filename": "afspraak.ics"}
    assert "url" in poll(gateway, conversation_id, resident).json()["messages"][-1]["attachment"]


# The bot side asks for a person

def test_asking_for_a_person_twice_changes_nothing(gateway):
    conversation_id = start(gateway)[0]
    first = request_person(conversation_id, "paspoort")
    second = request_person(conversation_id, "iets anders")
    assert first == second and second.topic == "paspoort"
    with db().begin() as session:
        assert len(session.execute(select(HandoverRow)).all()) == 1


def test_the_topic_is_a_short_label(gateway):
    conversation_id = start(gateway)[0]
    assert request_person(conversation_id, "  lange\n onderwerp " + "x" * 300).topic == "lange onderwerp " + "x" * 84
    other = start(gateway)[0]
    assert request_person(other, "   ").topic is None


def test_asking_for_a_person_needs_an_open_conversation(gateway, staff):
    with pytest.raises(ConversationNotFound):
        request_person(UNKNOWN)
    closed = _closed(gateway, staff)
    before = snapshot(closed)
    with pytest.raises(HandoverConflict) as conflict:
        request_person(closed)
    assert conflict.value.code == "conversation_closed" and snapshot(closed) == before


# The document and the edges

def test_the_openapi_document_lists_the_staff_calls(gateway):
    paths = gateway.get("/openapi.json").json()["paths"]
    assert paths == OPENAPI["paths"]
    assert {"/api/staff/login", "/api/staff/logout", "/api/kcc/handovers", "/api/kcc/handovers/{conversation_id}/take",
            "/api/kcc/handovers/{conversation_id}/messages", "/api/kcc/handovers/{conversation_id}/release",
            "/api/conversations/{id}/transcript"} <= set(paths)
    assert set(OPENAPI["components"]["securitySchemes"]) == {"bearer", "cookie"}


def test_no_staff_call_ever_gives_a_500(gateway, staff):
    """A small fuzz over the staff calls: random bodies, tokens and states; TestClient raises on a 500."""
    rng = random.Random(20261122)
    conversation_id = _waiting(gateway)
    headers = [staff.headers("kcc"), staff.headers("anna"), staff.headers("content"), {}, {"Authorization": "Bearer"},
               {"Authorization": "Bearer " + "x" * 500}, {"Cookie": "staff_session=\x01\x02;;="}]
    bodies = [b"", b"{}", b"null", b"[", b'{"text": "hoi"}', b'{"close": true, "summary": null}', b'{"close": null}',
              b'{"text": "\\ud800"}', bytes(range(256)), b'{"username": "kcc", "password": {}}', b"9" * 5000]
    paths = [("POST", "/api/staff/login"), ("POST", "/api/staff/logout"), ("GET", "/api/kcc/handovers?status=%00"),
             ("GET", "/api/kcc/handovers")] + [
        ("POST", f"/api/kcc/handovers/{target}/{action}") for target in (conversation_id, "x", "%2e%2e")
        for action in ("take", "messages", "release")] + [("GET", f"/api/conversations/{conversation_id}/transcript")]
    for _ in range(300):
        method, path = rng.choice(paths)
        answer = gateway.request(method, path, content=rng.choice(bodies),
                                 headers={**rng.choice(headers), "Content-Type": "application/json"})
        assert answer.status_code in (200, 400, 401, 403, 404, 409, 413, 415), (method, path, answer.status_code)
        if answer.status_code >= 400:
            assert set(answer.json()) == {"error", "detail"}


# The rules in the database (SQLite and PostgreSQL)

@pytest.fixture
def factory(database_url):
    upgrade(database_url)
    return session_factory(database_url)


def _employee(factory, username, name):
    with factory.begin() as session:
        account = staff_accounts.create_account(session, username, name, PASSWORD, frozenset({"kcc"}))
    return Staff(account.id, account.username, account.display_name, account.roles, "", "")


def test_the_migration_adds_the_staff_tables_and_can_be_undone(database_url):
    upgrade(database_url)
    assert {"staff_accounts", "staff_sessions", "handovers"} <= set(inspect(engine_for(database_url)).get_table_names())
    command.downgrade(alembic_config(database_url), "0002")
    tables = set(inspect(engine_for(database_url)).get_table_names())
    assert "handovers" not in tables and "conversations" in tables
    upgrade(database_url)
    assert "staff_sessions" in inspect(engine_for(database_url)).get_table_names()


def test_a_conversation_has_at_most_one_open_handover(factory, cheap_hashing):
    with factory.begin() as session:
        conversation_id, _ = transcript.create_conversation(session)
        handover.request_person(session, conversation_id, "paspoort")
    with pytest.raises(IntegrityError):
        with factory.begin() as session:
            session.add(HandoverRow(conversation_id=conversation_id, status="waiting",
                                    requested_at=transcript.utcnow()))
    with factory.begin() as session:  # a finished one beside it is fine
        session.add(HandoverRow(conversation_id=conversation_id, status="closed", requested_at=transcript.utcnow(),
                                closed_at=transcript.utcnow()))


@pytest.mark.parametrize("values", [{"status": "taken"}, {"status": "released"}, {"status": "closed"},
                                    {"status": "lost"}])
def test_the_database_refuses_a_status_without_its_timestamp(factory, values):
    with factory.begin() as session:
        conversation_id, _ = transcript.create_conversation(session)
    with pytest.raises(IntegrityError):
        with factory.begin() as session:
            session.add(HandoverRow(conversation_id=conversation_id, requested_at=transcript.utcnow(), **values))


def test_two_employees_taking_one_chat_at_once_leaves_one_holder(factory, cheap_hashing):
    with factory.begin() as session:
        conversation_id, _ = transcript.create_conversation(session)
        handover.request_person(session, conversation_id, "paspoort")
    employees = [_employee(factory, f"medewerker{n}", f"Medewerker {n}") for n in range(6)]
    barrier = threading.Barrier(len(employees))
    outcomes, errors = [], []

    def try_to_take(employee):
        try:
            barrier.wait()
            with factory.begin() as session:
                handover.take(session, conversation_id, employee)
            outcomes.append(employee.account_id)
        except HandoverConflict as conflict:
            outcomes.append(conflict.code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=try_to_take, args=(employee,)) for employee in employees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    winners = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(winners) == 1 and outcomes.count("taken_by_other") == len(employees) - 1
    with factory.begin() as session:
        row = session.execute(select(HandoverRow)).scalar_one()
        assert (row.status, row.taken_by) == ("taken", winners[0])
        assert session.get(ConversationRow, conversation_id).status == Status.TAKEN.value
        notices = [m for m in transcript.messages_after(session, conversation_id) if m.sender is Sender.SYSTEM]
        assert len(notices) == 1
