"""Staff accounts on the test's database and log-in helpers. Accounts get a cheap password
hash in the tests (the ``cheap_hashing`` fixture); tests/staff/test_passwords checks the real cost.
They are enrolled for the second factor with ``TOTP_SECRET`` (``enrol=False`` leaves one to
enrol at its first log-in), and ``login`` sends the current code of that secret.

A code is accepted only once per account (no replay), while tests log the same account in
several times within 30 seconds: ``code()`` stands for a new code from the app, so it makes the
test database forget the last accepted step of the accounts on that secret. A test of the
replay refusal keeps one code and sends it twice.
"""
from __future__ import annotations

from typing import Dict, Iterable, Optional

import pyotp
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.models import StaffAccountRow
from bot.handover import takeover as handover
from bot.staff import accounts as staff_accounts
from bot.staff import second_factor

PASSWORD = "paarse giraffe leest kranten"
TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"  # base32; the tests' authenticator app
ROLE_ACCOUNTS = {"kcc": "kcc", "admin": "admin", "content": "content", "agency": "agency:uwv"}


def db():
    """A session factory on the test's database: ``with db().begin() as session``."""
    return session_factory(get_settings().database_url)


def make_account(username: str, roles: Iterable[str], name: str = "", password: str = PASSWORD,
                 enrol: bool = True):
    """A new account; enrolled with TOTP_SECRET unless ``enrol`` is false."""
    with db().begin() as session:
        account = staff_accounts.create_account(session, username, name or username.capitalize(), password,
                                                frozenset(roles))
        if enrol:
            enrol_account(session, username)
        return account


def enrol_account(session, username: str):
    """Enrols an existing account with TOTP_SECRET; its recovery codes."""
    row = staff_accounts.find_account(session, username)
    return second_factor.enrol_now(session, row, TOTP_SECRET)[1]


def code(secret: str = TOTP_SECRET, sessions=None) -> str:
    """What the authenticator app shows now, as a code not used yet (see the module's note);
    ``sessions`` is the database of a stack of its own (tests/support/stack.py)."""
    try:
        with (sessions or db()).begin() as session:
            session.execute(update(StaffAccountRow).where(StaffAccountRow.totp_secret == secret)
                            .values(totp_last_step=None))
    except OperationalError:  # no staff table there: a stack of its own, whose account logs in once
        pass
    return pyotp.TOTP(secret).now()


def login(client, username: str, password: str = PASSWORD, totp: Optional[str] = ""):
    """Logs in with the password and the current code ("" means: the code of TOTP_SECRET; None: none)."""
    body = {"username": username, "password": password}
    if totp is not None:
        body["code"] = totp or code()
    return client.post("/api/staff/login", json=body)


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def request_person(conversation_id: str, topic: str = "paspoort_aanvragen"):
    with db().begin() as session:
        return handover.request_person(session, conversation_id, topic)
