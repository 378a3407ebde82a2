"""``python -m benchmarks.staff_security``: two figures of issue #11, measured on a throw-away
database through the gateway's real routes (in-process, no network).

1. How many wrong passwords in a row lead to a ``429``: wrong passwords are sent for one account
   until the answer is no longer ``401``; then the right password and code are sent once more.
2. The audit rows one KCC takeover writes: a resident asks for a person, an employee reads the
   transcript, takes the chat, sends one message and hands it back.

The settings are the defaults (``STAFF_LOGIN_MAX_FAILURES`` and the rest; set them to measure
others).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import httpx
import pyotp
from starlette.testclient import TestClient

PASSWORD = "paarse giraffe leest kranten"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="staff-security-") as folder:
        os.environ.update({"DATABASE_URL": f"sqlite:///{Path(folder) / 'gemeente.db'}", "RASA_URL": "http://rasa.test",
                           "RASA_TIMEOUT_S": "0.3"})
        from bot.audit import log as audit
        from bot.core.settings import get_settings
        from bot.db.engine import session_factory
        from bot.db.migrate import upgrade
        from bot.handover import takeover
        from bot.staff import accounts, second_factor
        from bot.web.app import create_app

        get_settings.cache_clear()
        settings = get_settings()
        upgrade(settings.database_url)
        sessions = session_factory(settings.database_url)
        secret = pyotp.random_base32()
        with sessions.begin() as session:
            accounts.create_account(session, "jan", "Jan", PASSWORD, frozenset({"kcc"}))
            second_factor.enrol_now(session, accounts.find_account(session, "jan"), secret)

        def rasa(_request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, json=[{"recipient_id": "x", "text": "Ik verbind u door."}])

        with TestClient(create_app(rasa_transport=httpx.MockTransport(rasa)), base_url="https://testserver") as web:
            wrong = 0
            while True:
                answer = web.post("/api/staff/login", json={"username": "jan", "password": f"fout {wrong}"})
                if answer.status_code != 401:
                    break
                wrong += 1
            right = web.post("/api/staff/login",
                             json={"username": "jan", "password": PASSWORD, "code": pyotp.TOTP(secret).now()})
            print(f"login throttling (STAFF_LOGIN_MAX_FAILURES={settings.staff_login_max_failures}, "
                  f"window {settings.staff_login_window_minutes:g} min):")
            print(f"  {wrong} wrong passwords answered 401; wrong password {wrong + 1} answered {answer.status_code} "
                  f"(Retry-After {answer.headers.get('retry-after')} s)")
            print(f"  then the right password and code: {right.status_code} {right.json().get('error', '')}")
            print(f"  message: {answer.json()['detail']}")

            with sessions.begin() as session:
                accounts.create_account(session, "anouk", "Anouk", PASSWORD, frozenset({"kcc"}))
                second_factor.enrol_now(session, accounts.find_account(session, "anouk"), secret)
            web.cookies.clear()
            token = web.post("/api/staff/login", json={"username": "anouk", "password": PASSWORD,
                                                       "code": pyotp.TOTP(secret).now()}).json()["token"]
            web.cookies.clear()
            staff = {"Authorization": f"Bearer {token}"}
            started = web.post("/api/conversations", json={}).json()
            conversation_id = started["conversation_id"]
            with sessions.begin() as session:
                takeover.request_person(session, conversation_id, "mens_spreken")
            with sessions.begin() as session:
                before = len(audit.search(session, limit=audit.MAX_SEARCH_ROWS))
            web.get(f"/api/conversations/{conversation_id}/transcript", headers=staff)
            web.post(f"/api/kcc/handovers/{conversation_id}/take", headers=staff)
            web.post(f"/api/kcc/handovers/{conversation_id}/messages", json={"text": "Goedemiddag, ik help u."},
                     headers=staff)
            web.post(f"/api/kcc/handovers/{conversation_id}/release", json={"summary": "geholpen"}, headers=staff)
            with sessions.begin() as session:
                rows = list(reversed(audit.search(session, limit=audit.MAX_SEARCH_ROWS)))[before:]
        print(f"audit rows written by one KCC takeover (read, take, message, release): {len(rows)}")
        for event in rows:
            print(f"  {event.at:%H:%M:%S}  {event.actor_kind}:{event.actor}  {event.action}  "
                  f"{event.object_type}:{event.object_id}  {event.result}  from {event.origin}  {event.details or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
