"""The KCC's callback requests over HTTP: listing open and done ones, marking one done once,
and every refusal (role, log-in, CSRF, unknown id, bad status or note) changing nothing."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.audit import log as audit
from bot.handover.callback import callbacks, request_callback
from bot.web.openapi import OPENAPI
from tests.support.staff import db, login

BASE = "/api/kcc/callbacks"


def add_request(name="Jan de Vries", phone="0612345678", at=datetime(2026, 11, 27, 19, 0), **extra):
    with db().begin() as session:
        return request_callback(session, name=name, phone=phone, preferred_time=extra.get("moment"),
                                topic=extra.get("topic"), conversation_id=None, at=at)


def listed(gateway, staff, status="open", who="kcc"):
    answer = gateway.get(f"{BASE}?status={status}", headers=staff.headers(who))
    assert answer.status_code == 200
    return answer.json()["callbacks"]


def done(gateway, staff, callback_id, who="kcc", **body):
    return gateway.post(f"{BASE}/{callback_id}/done", json=body, headers=staff.headers(who))


def snapshot():
    with db().begin() as session:
        return [c.as_json() for c in callbacks(session, "open") + callbacks(session, "done")]


def test_the_kcc_sees_open_requests_oldest_first_and_marks_one_done(gateway, staff):
    later = add_request("Fatima El Amrani", "+31 20 123 4567", datetime(2026, 11, 28, 10, 0), moment="maandagochtend",
                        topic="vraag_uwv")
    earlier = add_request()

    shown = listed(gateway, staff)
    assert [c["id"] for c in shown] == [earlier.id, later.id]
    assert shown[1] == {"id": later.id, "conversation_id": None, "name": "Fatima El Amrani", "phone": "0201234567",
                        "topic": "vraag_uwv", "topic_name": "Vraag voor het UWV", "preferred_time": "maandagochtend",
                        "status": "open",
                        "requested_at": "2026-11-28T10:00:00.000+00:00", "handled_at": None, "handled_by": None,
                        "note": None}

    answer = done(gateway, staff, earlier.id, note="  Gebeld, adres uitgelegd. ")
    assert answer.status_code == 200
    handled = answer.json()["callback"]
    assert (handled["status"], handled["handled_by"], handled["note"]) == ("done", "Kcc", "Gebeld, adres uitgelegd.")
    assert handled["handled_at"].endswith("+00:00")
    assert [c["id"] for c in listed(gateway, staff)] == [later.id]
    assert listed(gateway, staff, "done", who="admin") == [handled]
    with db().begin() as session:  # names and phone numbers read, and the call recorded; never the note
        found = [(e.actor, e.action, e.object_id) for e in reversed(audit.search(session))
                 if e.action.startswith("callback")]
    assert found == [("kcc", "callbacks_view", "open"), ("kcc", "callback_done", str(earlier.id)),
                     ("admin", "callbacks_view", "done")]
    with db().begin() as session:  # whether there was a note, never the note
        details = [e.details for e in audit.search(session) if e.action == "callback_done"]
    assert details == [{"with_note": True}] and "adres" not in str(details)


def test_the_default_list_is_the_open_one_and_a_note_is_optional(gateway, staff):
    request = add_request()
    assert [c["id"] for c in gateway.get(BASE, headers=staff.headers("kcc")).json()["callbacks"]] == [request.id]
    answer = gateway.post(f"{BASE}/{request.id}/done", headers=staff.headers("admin"))
    assert answer.status_code == 200 and answer.json()["callback"]["note"] is None
    assert answer.json()["callback"]["handled_by"] == "Admin"


def test_marking_done_twice_is_a_409_that_keeps_the_first(gateway, staff):
    request = add_request()
    first = done(gateway, staff, request.id, note="eerste keer").json()["callback"]
    before = snapshot()
    again = done(gateway, staff, request.id, who="anna", note="tweede keer")
    assert (again.status_code, again.json()["error"]) == (409, "already_done")
    assert snapshot() == before and before[0]["note"] == first["note"]


@pytest.mark.parametrize("path_id", ["9999", "0", "abc", "-1", "1.5", "99999999999", "%F0%9F%98%80"])
def test_an_unknown_id_is_a_404(gateway, staff, path_id):
    add_request()
    before = snapshot()
    answer = gateway.post(f"{BASE}/{path_id}/done", json={}, headers=staff.headers("kcc"))
    assert (answer.status_code, answer.json()["error"]) == (404, "not_found")
    assert snapshot() == before


@pytest.mark.parametrize("query", ["?status=waiting", "?status=", "?status=OPEN", "?status=%00"])
def test_a_bad_status_is_a_422(gateway, staff, query):
    answer = gateway.get(BASE + query, headers=staff.headers("kcc"))
    assert (answer.status_code, answer.json()["error"]) == (422, "invalid_status")


@pytest.mark.parametrize("body, status, code", [
    ({"note": "x" * 501}, 422, "invalid_note"),
    ({"note": 5}, 422, "invalid_note"),
    ({"note": ["a"]}, 422, "invalid_note"),
    ({"note": "a\x00b"}, 422, "invalid_note"),
    ({"notitie": "a"}, 400, "unknown_field"),
])
def test_a_bad_note_changes_nothing(gateway, staff, body, status, code):
    request = add_request()
    before = snapshot()
    answer = done(gateway, staff, request.id, **body)
    assert (answer.status_code, answer.json()["error"]) == (status, code)
    assert snapshot() == before


def test_a_note_of_exactly_500_characters_is_kept(gateway, staff):
    request = add_request()
    assert done(gateway, staff, request.id, note="x" * 500).json()["callback"]["note"] == "x" * 500


def test_a_non_json_body_is_a_400(gateway, staff):
    request = add_request()
    answer = gateway.post(f"{BASE}/{request.id}/done", content=b"{", headers=staff.headers("kcc"))
    assert answer.status_code == 400 and snapshot()[0]["status"] == "open"


@pytest.mark.parametrize("who", ["content", "agency"])
def test_other_roles_are_refused(gateway, staff, who):
    request = add_request()
    assert gateway.get(BASE, headers=staff.headers(who)).status_code == 403
    answer = done(gateway, staff, request.id, who=who)
    assert (answer.status_code, answer.json()["error"]) == (403, "forbidden")
    assert snapshot()[0]["status"] == "open"


def test_without_a_log_in_nothing_is_shown_or_changed(gateway, staff):
    request = add_request()
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic a2NjOmtjYw=="}):
        assert gateway.get(BASE, headers=headers).status_code == 401
        answer = gateway.post(f"{BASE}/{request.id}/done", json={}, headers=headers)
        assert (answer.status_code, answer.json()["error"]) == (401, "unauthenticated")
    assert snapshot()[0]["status"] == "open"


def test_with_the_cookie_a_post_needs_the_csrf_token(gateway, staff):
    request = add_request()
    session = login(gateway, "kcc").json()
    refused = gateway.post(f"{BASE}/{request.id}/done", json={})
    assert (refused.status_code, refused.json()["error"]) == (403, "csrf")
    assert gateway.get(BASE).status_code == 200  # reading needs no CSRF token
    answer = gateway.post(f"{BASE}/{request.id}/done", json={}, headers={"X-CSRF-Token": session["csrf_token"]})
    assert answer.status_code == 200


def test_the_openapi_document_lists_the_callback_calls(gateway):
    assert gateway.get("/openapi.json").json() == OPENAPI
    paths = OPENAPI["paths"]
    assert set(paths[BASE]["get"]["responses"]) >= {"200", "401", "403", "422"}
    assert set(paths[BASE + "/{id}/done"]["post"]["responses"]) >= {"200", "401", "403", "404", "409", "422"}
    assert set(OPENAPI["components"]["schemas"]["Callback"]["required"]) == {
        "id", "conversation_id", "name", "phone", "topic", "topic_name", "preferred_time", "status", "requested_at",
        "handled_at", "handled_by", "note"}
    assert set(paths[BASE + "/{id}/reopen"]["post"]["responses"]) >= {"200", "401", "403", "404", "409"}



# Undo of "done"

def test_done_is_undone_by_the_one_who_did_it_and_both_are_audited(gateway, staff):
    request = add_request(topic="reisdocument_kwijt")
    assert done(gateway, staff, request.id, note="Voicemail ingesproken").status_code == 200
    answer = gateway.post(f"{BASE}/{request.id}/reopen", headers=staff.headers("kcc"))
    assert answer.status_code == 200
    reopened = answer.json()["callback"]
    assert (reopened["status"], reopened["handled_at"], reopened["handled_by"], reopened["note"]) == (
        "open", None, None, None)
    assert [c["id"] for c in listed(gateway, staff)] == [request.id]
    assert done(gateway, staff, request.id).status_code == 200  # and it can be done again
    with db().begin() as session:
        found = [(e.actor, e.action, e.result, e.details) for e in reversed(audit.search(session))
                 if e.action in ("callback_done", "callback_reopen")]
    assert found == [("kcc", "callback_done", "ok", {"with_note": True}),
                     ("kcc", "callback_reopen", "ok", {"as_admin": False}),
                     ("kcc", "callback_done", "ok", {"with_note": False})]


def test_only_the_one_who_did_it_or_an_administrator_undoes_done(gateway, staff):
    request = add_request()
    done(gateway, staff, request.id, note="gebeld")
    before = snapshot()
    refused = gateway.post(f"{BASE}/{request.id}/reopen", headers=staff.headers("anna"))
    assert (refused.status_code, refused.json()["error"]) == (409, "done_by_other")
    assert snapshot() == before
    with db().begin() as session:
        assert [(e.actor, e.result) for e in audit.search(session) if e.action == "callback_reopen"] == [
            ("anna", "refused")]
    answer = gateway.post(f"{BASE}/{request.id}/reopen", headers=staff.headers("admin"))
    assert answer.status_code == 200 and answer.json()["callback"]["status"] == "open"


def test_undoing_an_open_request_is_a_409_and_an_unknown_one_a_404(gateway, staff):
    request = add_request()
    refused = gateway.post(f"{BASE}/{request.id}/reopen", headers=staff.headers("kcc"))
    assert (refused.status_code, refused.json()["error"]) == (409, "not_done")
    assert gateway.post(f"{BASE}/999999/reopen", headers=staff.headers("kcc")).status_code == 404
    assert gateway.post(f"{BASE}/abc/reopen", headers=staff.headers("kcc")).status_code == 404


def test_undo_needs_a_log_in_a_chat_role_the_csrf_token_and_no_body(gateway, staff):
    request = add_request()
    done(gateway, staff, request.id)
    before = snapshot()
    assert gateway.post(f"{BASE}/{request.id}/reopen").status_code == 401
    assert gateway.post(f"{BASE}/{request.id}/reopen", headers=staff.headers("content")).status_code == 403
    odd = gateway.post(f"{BASE}/{request.id}/reopen", json={"note": "x"}, headers=staff.headers("kcc"))
    assert odd.status_code == 400
    login(gateway, "kcc")  # the cookie alone, without the CSRF token
    refused = gateway.post(f"{BASE}/{request.id}/reopen", json={})
    assert (refused.status_code, refused.json()["error"]) == (403, "csrf")
    assert snapshot() == before
