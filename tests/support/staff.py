"""Staff accounts on the test's database and log-in helpers. Accounts get a cheap password
hash in the tests (the ``cheap_hashing`` fixture); tests/staff/test_passwords checks the real cost.
"""
from __future__ import annotations

from typing import Dict, Iterable

from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.handover import takeover as handover
from bot.staff import accounts as staff_accounts

PASSWORD = "correct horse battery staple"
ROLE_ACCOUNTS = {"kcc": "kcc", "admin": "admin", "content": "content", "agency": "agency:uwv"}


def db():
    """A session factory on the test's database: ``with db().begin() as session``."""
    return session_factory(get_settings().database_url)


def make_account(username: str, roles: Iterable[str], name: str = "", password: str = PASSWORD):
    with db().begin() as session:
        return staff_accounts.create_account(session, username, name or username.capitalize(), password,
                                             frozenset(roles))


def login(client, username: str, password: str = PASSWORD):
    return client.post("/api/staff/login", json={"username": username, "password": password})


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def request_person(conversation_id: str, topic: str = "paspoort_aanvragen"):
    with db().begin() as session:
        return handover.request_person(session, conversation_id, topic)
