"""Staff sessions without HTTP: a log-in gives tokens that lead back to the employee, a wrong
password or an inactive account gives none, an expired or ended session is gone, and the
CSRF token must be the session's own. (The routes are tests/web/staff/test_routes.py.)"""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from bot.staff import accounts as staff_accounts
from bot.staff import sessions
from tests.support.staff import PASSWORD, db, make_account

HOUR = timedelta(hours=1)


@pytest.fixture
def account(tmp_path, monkeypatch, cheap_hashing):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'staff.db'}")
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    yield make_account("anna", ["kcc"], name="Anna")
    get_settings.cache_clear()


def test_a_log_in_gives_tokens_that_lead_back_to_the_employee(account):
    new = sessions.login(db(), " Anna ", PASSWORD, HOUR)
    assert new is not None and new.staff.username == "anna" and new.staff.roles == frozenset({"kcc"})
    with db().begin() as session:
        found = sessions.lookup(session, new.token)
    assert found == new.staff
    assert sessions.csrf_matches(found, new.csrf_token)
    assert not sessions.csrf_matches(found, new.token) and not sessions.csrf_matches(found, None)


@pytest.mark.parametrize("username, password", [("anna", "wrong"), ("nobody", PASSWORD), ("anna", "x" * 10_000)])
def test_a_wrong_password_or_unknown_name_gives_no_session(account, username, password):
    assert sessions.login(db(), username, password, HOUR) is None


def test_an_expired_or_ended_session_is_gone(account):
    expired = sessions.login(db(), "anna", PASSWORD, timedelta(microseconds=1))
    ended = sessions.login(db(), "anna", PASSWORD, HOUR)
    with db().begin() as session:
        assert sessions.lookup(session, expired.token) is None
        sessions.logout(session, ended.staff)
    with db().begin() as session:
        assert sessions.lookup(session, ended.token) is None
        assert sessions.lookup(session, "") is None and sessions.lookup(session, "t" * 201) is None


def test_an_inactive_account_gets_no_session_and_loses_the_ones_it_had(account):
    before = sessions.login(db(), "anna", PASSWORD, HOUR)
    with db().begin() as session:
        staff_accounts.deactivate(session, "anna")
    assert sessions.login(db(), "anna", PASSWORD, HOUR) is None
    with db().begin() as session:
        assert sessions.lookup(session, before.token) is None
