"""The staff log-in as an attacker tries it (issue #11): wrong passwords are throttled with a
429 and Retry-After, even when the right one follows; the password alone is not enough; a
first log-in enrols a second factor with a QR code; sessions end when idle and can be listed
and ended; and every log-in, failure and read of personal data lands in the audit log, which
administrators (and only they) search and export."""
from __future__ import annotations

import csv
import io
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DatabaseError
from starlette.testclient import TestClient

from bot.audit import log as audit
from bot.conversations import transcript
from bot.core.settings import get_settings
from bot.db.models import AuditEventRow, StaffSessionRow
from bot.staff import __main__ as accounts
from bot.web.app import create_app
from tests.support.resident import send, start
from tests.support.staff import PASSWORD, bearer, code, db, login, make_account, request_person

WRONG = "this is not the password"


def events(**filters):
    with db().begin() as session:
        return list(reversed(audit.search(session, **filters)))


# Throttling

def test_thirty_wrong_passwords_then_the_right_one_is_a_429_with_retry_after(gateway):
    make_account("jan", ["kcc"])
    statuses = [login(gateway, "jan", WRONG).status_code for _ in range(30)]
    limit = get_settings().staff_login_max_failures
    assert statuses == [401] * limit + [429] * (30 - limit)
    answer = login(gateway, "jan")  # the right password and code
    assert answer.status_code == 429 and "set-cookie" not in answer.headers
    assert answer.json()["error"] == "login_throttled"
    assert answer.json()["detail"].startswith("Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw.")
    assert 14 * 60 < int(answer.headers["retry-after"]) <= 15 * 60


def test_the_throttle_also_counts_per_address_across_accounts(gateway, monkeypatch):
    monkeypatch.setenv("STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS", "4")
    get_settings.cache_clear()
    make_account("jan", ["kcc"])
    with TestClient(create_app(), base_url="https://testserver") as client:
        for name in ("piet", "kees", "joop", "anna"):
            assert login(client, name, WRONG).status_code == 401
        assert login(client, "jan").status_code == 429  # an account without failures, the same address


# The second factor

def test_the_password_alone_is_not_enough(gateway):
    make_account("jan", ["kcc"])
    missing = login(gateway, "jan", totp=None)
    assert (missing.status_code, missing.json()["error"]) == (401, "code_required")
    wrong = login(gateway, "jan", totp="123456" if code() != "123456" else "654321")
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_code")
    assert "set-cookie" not in missing.headers and "set-cookie" not in wrong.headers


def test_a_first_log_in_shows_a_qr_code_and_the_enrolling_one_gives_recovery_codes(gateway):
    make_account("jan", ["kcc"], enrol=False)
    first = login(gateway, "jan", totp=None)
    body = first.json()
    assert first.status_code == 200 and body["enrolment_required"] is True and "token" not in body
    assert body["qr_svg"].startswith("<svg") and body["otpauth_uri"].startswith("otpauth://totp/")
    assert first.headers["cache-control"] == "no-store"
    enrolled = login(gateway, "jan", totp=code(body["secret"])).json()
    assert enrolled["token"] and len(enrolled["recovery_codes"]) == 10
    gateway.cookies.clear()
    assert login(gateway, "jan", totp=enrolled["recovery_codes"][3]).status_code == 200


# Sessions

def test_a_session_idle_for_more_than_fifteen_minutes_is_gone(gateway):
    make_account("jan", ["kcc"])
    token = login(gateway, "jan").json()["token"]
    gateway.cookies.clear()
    assert gateway.get("/api/staff/me", headers=bearer(token)).status_code == 200
    with db().begin() as session:
        session.execute(update(StaffSessionRow).values(last_seen_at=transcript.utcnow() - timedelta(minutes=16)))
    assert gateway.get("/api/staff/me", headers=bearer(token)).status_code == 401


def test_staff_list_and_end_their_own_sessions_and_an_administrator_ends_anyones(gateway):
    make_account("jan", ["kcc"])
    make_account("beheer", ["admin"])
    first, second = (login(gateway, "jan").json() for _ in range(2))
    admin = login(gateway, "beheer").json()
    gateway.cookies.clear()
    listed = gateway.get("/api/staff/sessions", headers=bearer(second["token"])).json()["sessions"]
    assert {s["id"] for s in listed} == {first["session_id"], second["session_id"]}
    assert [s["current"] for s in listed if s["id"] == second["session_id"]] == [True]
    assert "token" not in str(listed) and first["token"] not in str(listed)
    assert gateway.get("/api/staff/sessions?all=true", headers=bearer(first["token"])).status_code == 403
    assert gateway.delete(f"/api/staff/sessions/{admin['session_id']}",
                          headers=bearer(first["token"])).status_code == 404  # not his
    assert gateway.delete(f"/api/staff/sessions/{first['session_id']}",
                          headers=bearer(second["token"])).status_code == 200
    assert gateway.get("/api/staff/me", headers=bearer(first["token"])).status_code == 401
    everyone = gateway.get("/api/staff/sessions?all=true", headers=bearer(admin["token"])).json()["sessions"]
    assert {s["username"] for s in everyone} == {"jan", "beheer"}
    assert gateway.delete(f"/api/staff/sessions/{second['session_id']}",
                          headers=bearer(admin["token"])).status_code == 200
    assert gateway.get("/api/staff/me", headers=bearer(second["token"])).status_code == 401


def test_a_session_shows_the_browser_it_logged_in_with(gateway):
    make_account("jan", ["kcc"])
    gateway.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0"
    token = login(gateway, "jan").json()["token"]
    [listed] = gateway.get("/api/staff/sessions", headers=bearer(token)).json()["sessions"]
    assert listed["user_agent"] == "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0" and listed["current"] is True


def test_the_console_has_a_sessions_page_for_every_employee(gateway):
    page = gateway.get("/kcc/sessies")
    assert page.status_code == 200
    for part in ('id="sessions-rows"', "/static/kcc/sessies.js", 'id="code"', "Sessies"):
        assert part in page.text
    assert gateway.get("/static/kcc/sessies.js").status_code == 200


# The audit log

def test_log_ins_failures_and_log_outs_are_audited_with_the_address(gateway):
    make_account("jan", ["kcc"])
    login(gateway, "jan", WRONG)
    login(gateway, "nobody", WRONG)
    token = login(gateway, "jan").json()["token"]
    gateway.cookies.clear()
    gateway.post("/api/staff/logout", headers=bearer(token))
    found = [(e.actor, e.action, e.result) for e in events()]
    assert found == [("jan", "login_failed", "refused"), ("nobody", "login_failed", "refused"),
                     ("jan", "login", "ok"), ("jan", "logout", "ok")]
    assert {e.origin for e in events()} == {"testclient"}


def test_one_kcc_takeover_writes_take_message_and_release_and_never_the_text(gateway, staff):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "ik wil een mens spreken"})
    request_person(conversation_id, "mens_spreken")
    kcc = staff.headers("kcc")
    gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=kcc)
    gateway.post(f"/api/kcc/handovers/{conversation_id}/take", headers=kcc)
    gateway.post(f"/api/kcc/handovers/{conversation_id}/messages", json={"text": "Geheim antwoord 0612345678"},
                 headers=kcc)
    gateway.post(f"/api/kcc/handovers/{conversation_id}/release", json={"summary": "samenvatting xyz"},
                 headers=staff.headers("admin"))  # an administrator hands it back
    found = [(e.actor, e.action, e.object_id, e.result)
             for e in events(object_type="conversation")]
    assert found == [("kcc", "transcript_view", conversation_id, "ok"), ("kcc", "take", conversation_id, "ok"),
                     ("kcc", "message", conversation_id, "ok"), ("admin", "release", conversation_id, "ok")]
    with db().begin() as session:
        stored = str(session.execute(select(AuditEventRow.details, AuditEventRow.object_id)).all())
    assert "Geheim" not in stored and "0612345678" not in stored and "xyz" not in stored


def test_a_transcript_the_console_polls_is_one_event_per_ten_minutes(gateway, staff):
    conversation_id, _resident = start(gateway)
    other, _resident = start(gateway)
    with db().begin() as session:  # a read of the other chat eleven minutes ago
        audit.record(session, audit.STAFF, "kcc", "transcript_view", object_type="conversation", object_id=other,
                     origin="testclient", at=transcript.utcnow() - timedelta(minutes=11))
    for _ in range(5):  # the console reads an open chat every two seconds
        gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("kcc"))
    gateway.get(f"/api/conversations/{conversation_id}/transcript", headers=staff.headers("admin"))
    gateway.get(f"/api/conversations/{other}/transcript", headers=staff.headers("kcc"))
    assert [(e.actor, e.object_id) for e in events(action="transcript_view")] == [
        ("kcc", other), ("kcc", conversation_id), ("admin", conversation_id), ("kcc", other)]
    exported = [gateway.get("/api/content/inbox.csv", headers=staff.headers("content")) for _ in range(2)]
    assert all(answer.status_code == 200 for answer in exported)
    assert len(events(action="inbox_export")) == 2  # every export counts


def test_a_refused_call_is_audited_as_refused(gateway, staff):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert gateway.post(f"/api/kcc/handovers/{unknown}/take", headers=staff.headers("kcc")).status_code == 404
    [event] = events(action="take")
    assert (event.actor, event.object_id, event.result, event.details) == ("kcc", unknown, "refused", {"status": 404})


def test_only_administrators_search_and_export_the_audit_log(gateway, staff):
    make_account("jan", ["kcc"])
    login(gateway, "jan", WRONG)
    gateway.cookies.clear()
    for who in ("kcc", "content", "agency"):
        assert gateway.get("/api/staff/audit", headers=staff.headers(who)).status_code == 403
    found = gateway.get("/api/staff/audit?action=login_failed&actor=jan", headers=staff.headers("admin"))
    assert found.status_code == 200 and found.headers["cache-control"] == "no-store"
    [event] = found.json()["events"]
    assert (event["actor"], event["result"], event["origin"]) == ("jan", "refused", "testclient")
    exported = gateway.get("/api/staff/audit.csv?result=refused", headers=staff.headers("admin"))
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["id", "at", "actor_kind", "actor", "action"]
    assert ("jan", "login_failed") in {(row[3], row[4]) for row in rows[1:]}
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert [e.action for e in events(actor="admin", object_type="audit")] == ["audit_view", "audit_export"]
    assert gateway.get("/api/staff/audit?since=gisteren", headers=staff.headers("admin")).status_code == 400


def test_the_audit_log_is_append_only(gateway):
    make_account("jan", ["kcc"])
    login(gateway, "jan", WRONG)
    with pytest.raises(DatabaseError, match="append-only"):
        with db().begin() as session:
            session.execute(text("UPDATE audit_events SET actor = 'someone else'"))
    assert [e.actor for e in events()] == ["jan"]


def test_the_console_has_an_audit_page_with_search_and_export(gateway):
    page = gateway.get("/kcc/audit")
    assert page.status_code == 200
    for part in ('id="audit-filters"', 'id="audit-export"', "/static/kcc/audit.js", 'id="code"'):
        assert part in page.text
    assert gateway.get("/static/kcc/audit.js").status_code == 200


def test_a_password_set_through_the_cli_follows_the_policy(gateway, monkeypatch, capsys):
    for weak in ("aaaaaaaaaaaa", "123456789012", "wachtwoord123", "Wilgendaal2026!", "piet.jansen12"):
        monkeypatch.setattr(sys, "stdin", io.StringIO(weak + "\n"))
        assert accounts.main(["create", "--username", "piet.jansen", "--name", "Piet", "--role", "kcc"]) == 1
        assert "too easy to guess" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert accounts.main(["create", "--username", "piet.jansen", "--name", "Piet", "--role", "kcc", "--enrol"]) == 0
    shown = capsys.readouterr().out
    assert "second factor for piet.jansen" in shown and "recovery codes" in shown
    assert [(e.actor_kind, e.action) for e in events(object_id="piet.jansen")] == [
        ("system", "account_created"), ("system", "second_factor_enrolled")]
