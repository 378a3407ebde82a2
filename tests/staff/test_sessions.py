"""Staff sessions without HTTP: a log-in (password, then the second factor) gives tokens that
lead back to the employee; a wrong password, a wrong code or an inactive account gives none;
an expired, idle or ended session is gone; an account holds a bounded number of sessions; and
the CSRF token must be the session's own. (The routes are tests/web/staff/test_routes.py.)"""
from __future__ import annotations

from datetime import timedelta, timezone

import pyotp
import pytest
from sqlalchemy import select, update

from bot.audit import log as audit
from bot.core.clock import utcnow
from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from bot.db.models import AuditEventRow, LoginFailureRow, StaffSessionRow
from bot.staff import accounts as staff_accounts
from bot.staff import sessions
from bot.staff.sessions import SessionPolicy
from bot.staff.throttle import ThrottlePolicy
from tests.support.staff import PASSWORD, code, db, enrol_account, make_account

HOUR = timedelta(hours=1)
POLICY = SessionPolicy(lifetime=HOUR)


@pytest.fixture
def account(tmp_path, monkeypatch, cheap_hashing):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'staff.db'}")
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    yield make_account("anna", ["kcc"], name="Anna")
    get_settings.cache_clear()


def log_in(username="anna", password=PASSWORD, totp="", policy=POLICY, origin="10.0.0.1"):
    return sessions.login(db(), username, password, code() if totp == "" else totp, origin, policy)


def test_a_log_in_gives_tokens_that_lead_back_to_the_employee(account):
    new = log_in(" Anna ").session
    assert new is not None and new.staff.username == "anna" and new.staff.roles == frozenset({"kcc"})
    with db().begin() as session:
        found = sessions.lookup(session, new.token)
    assert found == new.staff
    assert sessions.csrf_matches(found, new.csrf_token)
    assert not sessions.csrf_matches(found, new.token) and not sessions.csrf_matches(found, None)


@pytest.mark.parametrize("username, password", [("anna", "wrong"), ("nobody", PASSWORD), ("anna", "x" * 10_000)])
def test_a_wrong_password_or_unknown_name_gives_no_session(account, username, password):
    assert log_in(username, password).outcome == sessions.INVALID


def test_the_right_password_without_the_second_factor_gives_no_session(account):
    assert log_in(totp=None).outcome == sessions.CODE_REQUIRED
    assert log_in(totp="000000").outcome == sessions.INVALID_CODE
    assert log_in(totp="12345").outcome == sessions.INVALID_CODE


def test_a_code_is_accepted_once_then_refused_within_its_window(account):
    once = code()
    assert log_in(totp=once).session is not None
    again = log_in(totp=once)
    assert again.outcome == sessions.INVALID_CODE and again.session is None


def test_a_code_of_an_earlier_step_is_refused_after_a_later_one(account):
    secret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
    now = utcnow().replace(tzinfo=timezone.utc).timestamp()
    code()  # a fresh account state
    assert log_in(totp=pyotp.TOTP(secret).at(now + 30)).session is not None  # the app runs ahead
    assert log_in(totp=pyotp.TOTP(secret).at(now)).outcome == sessions.INVALID_CODE


def test_a_code_confirming_enrolment_is_not_accepted_again(account):
    make_account("bram", ["kcc"], enrol=False)
    secret = log_in("bram", totp=None).enrolment.secret
    once = pyotp.TOTP(secret).now()
    assert log_in("bram", totp=once).session is not None
    assert log_in("bram", totp=once).outcome == sessions.INVALID_CODE


def test_a_recovery_code_works_once(account):
    with db().begin() as session:
        codes = enrol_account(session, "anna")
    assert len(codes) == 10 and len(set(codes)) == 10
    assert log_in(totp=codes[0].upper()).session is not None
    assert log_in(totp=codes[0]).outcome == sessions.INVALID_CODE


def test_a_first_log_in_enrols_the_second_factor_before_any_session(account):
    make_account("bram", ["kcc"], enrol=False)
    first = log_in("bram", totp=None)
    assert first.outcome == sessions.ENROL and first.session is None
    assert first.enrolment.uri.startswith("otpauth://totp/") and "<svg" in first.enrolment.qr_svg
    assert log_in("bram", totp=None).enrolment.secret == first.enrolment.secret  # the same QR code until used
    assert log_in("bram", totp=code()).outcome == sessions.INVALID_CODE  # another app's code
    enrolled = log_in("bram", totp=code(first.enrolment.secret))
    assert enrolled.session is not None and len(enrolled.session.recovery_codes) == 10
    assert log_in("bram", totp=None).outcome == sessions.CODE_REQUIRED  # no second enrolment by password alone


def test_an_expired_or_ended_session_is_gone(account):
    expired = log_in(policy=SessionPolicy(lifetime=timedelta(microseconds=1))).session
    ended = log_in().session
    with db().begin() as session:
        assert sessions.lookup(session, expired.token) is None
        sessions.logout(session, ended.staff)
    with db().begin() as session:
        assert sessions.lookup(session, ended.token) is None
        assert sessions.lookup(session, "") is None and sessions.lookup(session, "t" * 201) is None


def test_a_session_left_idle_longer_than_the_idle_timeout_ends(account):
    kept, idle = log_in().session, log_in().session
    with db().begin() as session:
        session.execute(update(StaffSessionRow).where(StaffSessionRow.public_id == idle.staff.session_id)
                        .values(last_seen_at=utcnow() - timedelta(minutes=16)))
        session.execute(update(StaffSessionRow).where(StaffSessionRow.public_id == kept.staff.session_id)
                        .values(last_seen_at=utcnow() - timedelta(minutes=14)))
    with db().begin() as session:
        assert sessions.lookup(session, idle.token, timedelta(minutes=15)) is None
        assert sessions.lookup(session, kept.token, timedelta(minutes=15)) == kept.staff  # and use renews it
    with db().begin() as session:
        row = session.execute(select(StaffSessionRow).where(StaffSessionRow.public_id == kept.staff.session_id)).scalar()
        assert utcnow() - row.last_seen_at < timedelta(minutes=1)
        assert session.execute(select(StaffSessionRow).where(
            StaffSessionRow.public_id == idle.staff.session_id)).scalar() is None


def test_the_idle_timeout_is_fifteen_minutes_unless_set(account, monkeypatch):
    assert get_settings().staff_idle_minutes == 15
    assert SessionPolicy.from_settings() == SessionPolicy(  # and the other defaults the README gives
        lifetime=timedelta(hours=8), idle=timedelta(minutes=15), max_sessions=3,
        throttle=ThrottlePolicy(max_failures=5, max_failures_per_address=20, window=timedelta(minutes=15)))
    monkeypatch.setenv("STAFF_IDLE_MINUTES", "5")
    get_settings.cache_clear()
    assert SessionPolicy.from_settings().idle == timedelta(minutes=5)


def test_an_account_holds_at_most_max_sessions_the_oldest_end(account):
    policy = SessionPolicy(lifetime=HOUR, max_sessions=2)
    first, second, third = (log_in(policy=policy).session for _ in range(3))
    with db().begin() as session:
        assert sessions.lookup(session, first.token) is None
        assert sessions.lookup(session, second.token) and sessions.lookup(session, third.token)
        assert len(sessions.list_sessions(session, third.staff.account_id)) == 2


def test_staff_end_their_own_sessions_and_an_administrator_ends_anyones(account):
    make_account("beheer", ["admin"])
    make_account("kees", ["kcc"])
    anna = log_in().session
    kees, admin = log_in("kees").session, log_in("beheer").session
    with db().begin() as session:
        assert sessions.end_session(session, kees.staff, anna.staff.session_id) is None  # not his
        assert sessions.lookup(session, anna.token) is not None
        assert sessions.end_session(session, admin.staff, anna.staff.session_id) == "anna"
        assert sessions.end_session(session, kees.staff, kees.staff.session_id) == "kees"
    with db().begin() as session:
        assert sessions.lookup(session, anna.token) is None and sessions.lookup(session, kees.token) is None
        refused = audit.search(session, action="session_end", result=audit.REFUSED)
        assert [(e.actor, e.object_id) for e in refused] == [("kees", anna.staff.session_id)]


def test_an_inactive_account_gets_no_session_and_loses_the_ones_it_had(account):
    before = log_in().session
    with db().begin() as session:
        staff_accounts.deactivate(session, "anna")
    assert log_in().session is None
    with db().begin() as session:
        assert sessions.lookup(session, before.token) is None


def test_failures_are_throttled_per_account_even_for_the_right_password(account):
    policy = SessionPolicy(lifetime=HOUR, throttle=ThrottlePolicy(max_failures=5, max_failures_per_address=100))
    outcomes = [log_in(password="wrong password!", policy=policy).outcome for _ in range(5)]
    assert outcomes == [sessions.INVALID] * 5
    blocked = log_in(policy=policy, origin="10.9.9.9")  # the right password, from elsewhere
    assert blocked.outcome == sessions.THROTTLED and 1 <= blocked.retry_after <= 15 * 60
    make_account("kees", ["kcc"])
    assert log_in("kees", policy=policy).session is not None  # another account is not blocked


def test_failures_are_throttled_per_address_across_accounts(account):
    policy = SessionPolicy(lifetime=HOUR, throttle=ThrottlePolicy(max_failures=100, max_failures_per_address=3))
    for name in ("anna", "piet", "joop"):
        assert log_in(name, "wrong password!", policy=policy).outcome == sessions.INVALID
    assert log_in(policy=policy).outcome == sessions.THROTTLED
    assert log_in(policy=policy, origin="10.0.0.2").session is not None


def test_the_throttle_is_shared_through_the_database_not_held_in_memory(account):
    """Two gateway processes each have their own memory; only the database is shared."""
    policy = SessionPolicy(lifetime=HOUR, throttle=ThrottlePolicy(max_failures=2))
    log_in(password="wrong password!", policy=policy)
    log_in(password="wrong password!", policy=policy)
    with db().begin() as session:
        assert session.execute(select(LoginFailureRow)).scalars().all()
    assert log_in(policy=policy).outcome == sessions.THROTTLED


def test_log_ins_and_failures_are_audited_with_origin_and_never_the_password(account):
    log_in(password="wrong password!")
    log_in(totp="000000")
    log_in()
    with db().begin() as session:
        found = audit.search(session, actor="anna")
        assert [(e.action, e.result, e.details) for e in reversed(found)] == [
            ("login_failed", "refused", {"reason": "password"}),
            ("login_failed", "refused", {"reason": "code"}),
            ("login", "ok", {"factor": "totp"})]
        assert {e.origin for e in found} == {"10.0.0.1"}
        stored = " ".join(str(row.details) + row.actor for row in session.execute(select(AuditEventRow)).scalars())
        assert "wrong password" not in stored and PASSWORD not in stored
