"""The gateway with staff accounts, for the staff and KCC tests: a temporary SQLite database
per test, the fake Rasa of test_web_api, accounts in every role, and log-in helpers.

The client talks HTTPS (to a test server), so the session cookie is Secure as in
production. Accounts get a cheap password hash here; test_web_passwords checks the real cost.
"""
from __future__ import annotations

from typing import Dict, Iterable

import httpx
import pytest
from starlette.testclient import TestClient

from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.settings import get_settings
from bot.web import handover, passwords, staff_accounts
from bot.web.app import create_app
from tests.test_web_api import FakeRasa

PASSWORD = "correct horse battery staple"
ROLE_ACCOUNTS = {"kcc": "kcc", "admin": "admin", "content": "content", "agency": "agency:uwv"}


@pytest.fixture
def cheap_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "SCRYPT_N", 2 ** 4)
    monkeypatch.setattr(passwords, "SCRYPT_P", 1)


@pytest.fixture
def fake_rasa():
    return FakeRasa()


@pytest.fixture
def gateway(tmp_path, monkeypatch, fake_rasa, cheap_hashing):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    monkeypatch.setenv("RASA_URL", "http://rasa.test:5005")
    monkeypatch.setenv("RASA_TIMEOUT_S", "0.3")
    for name in ("STAFF_SESSION_HOURS", "STAFF_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    with TestClient(create_app(rasa_transport=httpx.MockTransport(fake_rasa)), base_url="https://testserver") as client:
        yield client
    get_settings.cache_clear()


def db():
    """A session factory on the test's database: ``with db().begin() as session``."""
    return session_factory(get_settings().database_url)


def make_account(username: str, roles: Iterable[str], name: str = "", password: str = PASSWORD):
    with db().begin() as session:
        return staff_accounts.create_account(session, username, name or username.capitalize(), password,
                                             frozenset(roles))


@pytest.fixture
def staff(gateway):
    """One account per role, named after it (kcc, admin, content, agency), plus a second KCC
    employee ``anna``; ``staff.headers(name)`` logs one in and gives its bearer header (the
    client forgets the log-in's cookie, so only the header authenticates)."""

    class Staff:
        def __init__(self):
            for username, role in ROLE_ACCOUNTS.items():
                make_account(username, [role])
            make_account("anna", ["kcc"], name="Anna")
            self._headers: Dict[str, Dict[str, str]] = {}

        def headers(self, username: str) -> Dict[str, str]:
            if username not in self._headers:
                self._headers[username] = bearer(login(gateway, username).json()["token"])
                gateway.cookies.clear()
            return self._headers[username]

    return Staff()


def login(client, username: str, password: str = PASSWORD):
    return client.post("/api/staff/login", json={"username": username, "password": password})


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def request_person(conversation_id: str, topic: str = "paspoort_aanvragen"):
    with db().begin() as session:
        return handover.request_person(session, conversation_id, topic)
