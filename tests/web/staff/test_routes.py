"""Staff accounts and log-ins: the accounts command (password never in argv), log-in and
log-out, bearer token or cookie plus CSRF token, and the role check on every staff call."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.conversations import transcript
from bot.core.settings import PROJECT_ROOT, get_settings
from bot.db.models import HandoverRow, StaffAccountRow, StaffSessionRow
from bot.staff import __main__ as accounts
from bot.staff.passwords import verify_password
from bot.web.staff.auth import CSRF_HEADER, SESSION_COOKIE
from tests.support.resident import start, stored
from tests.support.staff import PASSWORD, bearer, code, db, login, make_account, request_person

INVALID_LOGIN = {"error": "invalid_login",
                 "detail": "The username or password is wrong. (Gebruikersnaam of wachtwoord klopt niet.)"}


def run_cli(monkeypatch, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return accounts.main(argv)


def account_row(username):
    with db().begin() as session:
        return session.execute(select(StaffAccountRow).where(StaffAccountRow.username == username)).scalar()


# The accounts command

def test_create_reads_the_password_from_stdin_and_stores_only_a_hash(gateway, monkeypatch, capsys):
    argv = ["create", "--username", "jan", "--name", "Jan", "--role", "kcc", "--role", "agency:uwv"]
    assert run_cli(monkeypatch, argv, PASSWORD + "\n") == 0
    assert PASSWORD not in " ".join(argv)
    output = capsys.readouterr()
    assert PASSWORD not in output.out + output.err and "created jan" in output.out
    row = account_row("jan")
    assert (row.display_name, row.roles, row.active) == ("Jan", "agency:uwv kcc", True)
    assert PASSWORD not in row.password_hash and row.password_hash.startswith("scrypt$")
    assert verify_password(PASSWORD, row.password_hash)
    assert not verify_password(PASSWORD + "!", row.password_hash)
    enrolment = login(gateway, "jan", totp=None).json()  # not enrolled: the first log-in enrols
    answer = login(gateway, "jan", totp=code(enrolment["secret"]))
    assert answer.status_code == 200 and answer.json()["display_name"] == "Jan"


def test_create_asks_twice_at_a_terminal(gateway, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(accounts.getpass, "getpass", lambda prompt="": next(typed))
    monkeypatch.setattr(sys, "stdin", Terminal())
    assert accounts.main(["create", "--username", "jan", "--name", "Jan", "--role", "kcc"]) == 1
    assert "the two passwords differ" in capsys.readouterr().err and account_row("jan") is None

    typed = iter([PASSWORD, PASSWORD])
    assert accounts.main(["create", "--username", "jan", "--name", "Jan", "--role", "kcc"]) == 0
    assert verify_password(PASSWORD, account_row("jan").password_hash)


def test_a_password_is_never_an_argument(gateway, monkeypatch):
    with pytest.raises(SystemExit) as exit_:
        run_cli(monkeypatch, ["create", "--username", "jan", "--name", "Jan", "--role", "kcc", "--password", PASSWORD])
    assert exit_.value.code == 2 and account_row("jan") is None


@pytest.mark.parametrize("argv, stdin, problem", [
    (["--username", "jan", "--role", "kcc"], PASSWORD, None),  # no name: argparse refuses
    (["--username", "jan", "--name", "Jan", "--role", "kcc"], "kort", "at least 12 characters"),
    (["--username", "jan", "--name", "Jan", "--role", "kcc"], "", "at least 12 characters"),
    (["--username", "jan", "--name", "Jan", "--role", "baas"], PASSWORD, "unknown role 'baas'"),
    (["--username", "jan", "--name", "Jan", "--role", "agency:belastingdienst"], PASSWORD, "unknown role"),
    (["--username", "Jan", "--name", "Jan", "--role", "kcc"], PASSWORD, "the username needs"),
    (["--username", "jo", "--name", "Jo", "--role", "kcc"], PASSWORD, "the username needs"),
    (["--username", "jan de vries", "--name", "Jan", "--role", "kcc"], PASSWORD, "the username needs"),
    (["--username", "jan", "--name", "   ", "--role", "kcc"], PASSWORD, "the name needs"),
])
def test_create_refuses_bad_input(gateway, monkeypatch, capsys, argv, stdin, problem):
    if problem is None:
        with pytest.raises(SystemExit):
            run_cli(monkeypatch, ["create", *argv], stdin)
    else:
        assert run_cli(monkeypatch, ["create", *argv], stdin) == 1
        assert problem in capsys.readouterr().err
    with db().begin() as session:
        assert session.execute(select(StaffAccountRow)).first() is None


def test_a_username_is_taken_once(gateway, monkeypatch, capsys):
    argv = ["create", "--username", "jan", "--name", "Jan", "--role", "kcc"]
    assert run_cli(monkeypatch, argv, PASSWORD) == 0
    assert run_cli(monkeypatch, argv[:4] + ["Jan Twee", "--role", "admin"], PASSWORD) == 1
    assert "is taken" in capsys.readouterr().err and account_row("jan").roles == "kcc"


def test_list_shows_accounts_without_hashes_and_deactivate_ends_log_ins(gateway, monkeypatch, capsys):
    make_account("jan", ["kcc"], name="Jan")
    token = login(gateway, "jan").json()["token"]
    assert run_cli(monkeypatch, ["list"]) == 0
    listed = capsys.readouterr().out
    assert "jan" in listed and "kcc" in listed and "active" in listed
    assert "scrypt" not in listed and account_row("jan").password_hash not in listed

    assert run_cli(monkeypatch, ["deactivate", "--username", "jan"]) == 0
    assert account_row("jan").active is False
    assert gateway.get("/api/kcc/handovers", headers=bearer(token)).status_code == 401
    assert (login(gateway, "jan").status_code, login(gateway, "jan").json()) == (401, INVALID_LOGIN)
    assert run_cli(monkeypatch, ["list"]) == 0 and "inactive" in capsys.readouterr().out
    assert run_cli(monkeypatch, ["deactivate", "--username", "piet"]) == 1


def test_the_command_runs_as_a_module_with_the_password_on_stdin(tmp_path):
    from bot.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    upgrade(url)
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, "-m", "bot.staff.__main__"]
    created = subprocess.run(command + ["create", "--username", "jan", "--name", "Jan", "--role", "kcc"],
                             input=PASSWORD + "\n", capture_output=True, text=True, env=env, cwd=PROJECT_ROOT,
                             timeout=60)
    assert created.returncode == 0, created.stderr
    listed = subprocess.run(command + ["list"], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=60)
    assert "jan" in listed.stdout and PASSWORD not in created.stdout + listed.stdout


def test_the_command_explains_a_database_without_the_tables(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    try:
        assert run_cli(monkeypatch, ["list"]) == 1
    finally:
        get_settings.cache_clear()
    assert "python -m bot.cli.migrate" in capsys.readouterr().err


# Log-in and log-out

def test_a_log_in_gives_tokens_roles_name_and_a_strict_http_only_cookie(gateway):
    make_account("jan", ["kcc", "agency:uwv"], name="Jan de Vries")
    answer = login(gateway, "jan")
    assert answer.status_code == 200
    body = answer.json()
    assert body["roles"] == ["agency:uwv", "kcc"] and body["display_name"] == "Jan de Vries"
    assert len(body["token"]) >= 43 and len(body["csrf_token"]) >= 43 and body["token"] != body["csrf_token"]
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}={body['token']};")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "secure", "path=/api", "max-age=28800"} <= attributes
    assert answer.headers["cache-control"] == "no-store"


def test_sessions_are_stored_as_hashes_that_expire_after_eight_hours(gateway):
    make_account("jan", ["kcc"])
    body = login(gateway, "jan").json()
    with db().begin() as session:
        [row] = session.execute(select(StaffSessionRow)).scalars()
        assert row.token_hash == transcript.hash_token(body["token"]) != body["token"]
        assert row.csrf_token_hash == transcript.hash_token(body["csrf_token"])
        assert row.expires_at - row.created_at == timedelta(hours=8)
        session.execute(update(StaffSessionRow).values(expires_at=transcript.utcnow() - timedelta(seconds=1),
                                                       created_at=transcript.utcnow() - timedelta(hours=8)))
    expired = gateway.get("/api/kcc/handovers", headers=bearer(body["token"]))
    assert (expired.status_code, expired.json()["error"]) == (401, "unauthenticated")


@pytest.mark.parametrize("username, password", [
    ("jan", "wrong password here"), ("piet", PASSWORD), ("inactief", PASSWORD), ("jan", ""), ("", ""),
    ("JAN ", "wrong password here"), ("jan", PASSWORD + "x" * 2000), ("x" * 5000, PASSWORD),
])
def test_every_failed_log_in_is_the_same_401(gateway, username, password):
    make_account("jan", ["kcc"])
    make_account("inactief", ["kcc"])
    with db().begin() as session:
        session.execute(update(StaffAccountRow).where(StaffAccountRow.username == "inactief").values(active=False))
    answer = login(gateway, username, password)
    assert (answer.status_code, answer.json()) == (401, INVALID_LOGIN)
    assert "set-cookie" not in answer.headers
    with db().begin() as session:
        assert session.execute(select(StaffSessionRow)).first() is None


def test_a_username_is_matched_without_case_or_spaces(gateway):
    make_account("jan", ["kcc"])
    assert login(gateway, " Jan ").status_code == 200


@pytest.mark.parametrize("body", ['{"username": "jan"}', '{"username": 1, "password": "x"}', "[]", "{",
                                  '{"username": "jan", "password": "x", "remember": true}', ""])
def test_a_bad_log_in_body_is_a_400(gateway, body):
    answer = gateway.post("/api/staff/login", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and set(answer.json()) == {"error", "detail"}


def test_a_log_in_must_be_json_so_a_form_on_another_site_cannot_send_one(gateway):
    make_account("jan", ["kcc"])
    body = f'{{"username": "jan", "password": "{PASSWORD}", "code": "{code()}"}}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        answer = gateway.post("/api/staff/login", content=body, headers=headers)
        assert (answer.status_code, answer.json()["error"]) == (415, "unsupported_media_type")
    assert gateway.post("/api/staff/login", content=body,
                        headers={"Content-Type": "application/json; charset=utf-8"}).status_code == 200


def test_log_out_ends_the_session_and_clears_the_cookie(gateway):
    make_account("jan", ["kcc"])
    token = login(gateway, "jan").json()["token"]
    other = login(gateway, "jan").json()["token"]
    answer = gateway.post("/api/staff/logout", headers=bearer(token))
    assert (answer.status_code, answer.json()) == (200, {"logged_out": True})
    assert f'{SESSION_COOKIE}=""' in answer.headers["set-cookie"] or "max-age=0" in answer.headers["set-cookie"].lower()
    assert gateway.get("/api/kcc/handovers", headers=bearer(token)).status_code == 401
    assert gateway.get("/api/kcc/handovers", headers=bearer(other)).status_code == 200  # only this session
    assert gateway.post("/api/staff/logout", headers=bearer(token)).status_code == 401


def test_log_out_with_the_cookie_needs_the_csrf_token(gateway):
    make_account("jan", ["kcc"])
    body = login(gateway, "jan").json()
    assert gateway.post("/api/staff/logout").json()["error"] == "csrf"
    assert gateway.post("/api/staff/logout", headers={CSRF_HEADER: body["csrf_token"]}).status_code == 200
    gateway.cookies.clear()
    assert gateway.get("/api/kcc/handovers", headers=bearer(body["token"])).status_code == 401


# Cookie and CSRF

def test_with_the_cookie_every_post_needs_the_csrf_token_and_a_get_does_not(gateway):
    make_account("jan", ["kcc"])
    body = login(gateway, "jan").json()  # the client keeps the cookie from here on
    conversation_id, _ = start(gateway)
    request_person(conversation_id)
    take = f"/api/kcc/handovers/{conversation_id}/take"
    assert gateway.get("/api/kcc/handovers").status_code == 200
    for headers in ({}, {CSRF_HEADER: ""}, {CSRF_HEADER: body["csrf_token"][:-1] + "x"}, {CSRF_HEADER: body["token"]},
                    {"Authorization": "Basic x", CSRF_HEADER: "x"}):
        answer = gateway.post(take, headers=headers)
        assert (answer.status_code, answer.json()["error"]) == (403, "csrf"), headers
    with db().begin() as session:
        assert session.execute(select(HandoverRow.status)).scalar() == "waiting"
    assert stored(conversation_id) == []
    assert gateway.post(take, headers={CSRF_HEADER: body["csrf_token"]}).status_code == 200


def test_a_bearer_token_needs_no_csrf_token_and_wins_over_the_cookie(gateway):
    make_account("jan", ["kcc"])
    make_account("anna", ["kcc"], name="Anna")
    anna = login(gateway, "anna").json()["token"]
    gateway.cookies.clear()
    login(gateway, "jan")  # the cookie is Jan's
    conversation_id, _ = start(gateway)
    request_person(conversation_id)
    answer = gateway.post(f"/api/kcc/handovers/{conversation_id}/take", headers=bearer(anna))
    assert answer.status_code == 200 and answer.json()["handover"]["taken_by"] == "Anna"
    bad_bearer = gateway.get("/api/kcc/handovers", headers=bearer("not-a-token"))
    assert bad_bearer.status_code == 401  # a wrong token is not rescued by the cookie


def test_another_accounts_csrf_token_does_not_fit(gateway):
    make_account("jan", ["kcc"])
    make_account("anna", ["kcc"])
    anna_csrf = login(gateway, "anna").json()["csrf_token"]
    gateway.cookies.clear()
    login(gateway, "jan")
    answer = gateway.post("/api/staff/logout", headers={CSRF_HEADER: anna_csrf})
    assert (answer.status_code, answer.json()["error"]) == (403, "csrf")


# Roles on every staff endpoint

CONVERSATION = "{conversation}"
ENDPOINTS = {
    "queue": ("GET", "/api/kcc/handovers?status=waiting", None),
    "queue taken": ("GET", "/api/kcc/handovers?status=taken", None),
    "take": ("POST", f"/api/kcc/handovers/{CONVERSATION}/take", None),
    "message": ("POST", f"/api/kcc/handovers/{CONVERSATION}/messages", {"text": "Goedemiddag"}),
    "release": ("POST", f"/api/kcc/handovers/{CONVERSATION}/release", {"close": True, "summary": "klaar"}),
    "transcript": ("GET", f"/api/conversations/{CONVERSATION}/transcript", None),
}
CALLERS = {
    "nobody": (None, 401, "unauthenticated"),
    "a made-up token": ("made-up", 401, "unauthenticated"),
    "content": ("content", 403, "forbidden"),
    "agency": ("agency", 403, "forbidden"),
    "kcc": ("kcc", None, None),
    "admin": ("admin", None, None),
}
# An agency employee may read a transcript shared with an appointment of their agency; any
# other conversation is "not found" for them, so they cannot learn that it exists.
AGENCY_TRANSCRIPT = (404, "not_found")


@pytest.mark.parametrize("caller", CALLERS, ids=CALLERS.keys())
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINTS.keys())
def test_every_staff_endpoint_checks_the_role(gateway, staff, endpoint, caller):
    method, path, body = ENDPOINTS[endpoint]
    username, status, error = CALLERS[caller]
    if (endpoint, caller) == ("transcript", "agency"):
        status, error = AGENCY_TRANSCRIPT
    conversation_id, _ = start(gateway)
    request_person(conversation_id)
    if endpoint in ("message", "release"):  # these need a chat the caller (or else someone) holds
        holder = username if username in ("kcc", "admin") else "kcc"
        gateway.post(f"/api/kcc/handovers/{conversation_id}/take", headers=staff.headers(holder))
    before = (stored(conversation_id), _handover_state())
    headers = {} if username is None else bearer("made-up") if username == "made-up" else staff.headers(username)
    answer = gateway.request(method, path.replace(CONVERSATION, conversation_id), json=body, headers=headers)
    if status is None:
        assert answer.status_code == 200, answer.json()
        return
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert set(answer.json()) == {"error", "detail"}
    assert (stored(conversation_id), _handover_state()) == before  # nothing changed


@pytest.mark.parametrize("username", ["kcc", "admin", "content", "agency"])
def test_every_role_may_log_out(gateway, staff, username):
    assert gateway.post("/api/staff/logout", headers=staff.headers(username)).status_code == 200


def _handover_state():
    with db().begin() as session:
        return session.execute(select(HandoverRow.status, HandoverRow.taken_by, HandoverRow.summary)).all()
