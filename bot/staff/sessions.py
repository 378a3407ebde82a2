"""Staff sessions: a log-in (password, then the second factor) hands out a session token (kept
in the database only as a hash) and a CSRF token; a token leads back to its employee while the
session lives, has been used within the idle timeout, and the account is active.

Failed log-ins are throttled per account and per address (throttle.py), and every log-in,
failure and log-out goes into the audit log. An account holds at most ``max_sessions``
sessions: a new log-in ends the least recently used beyond that.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit import log as audit
from bot.conversations.transcript import hash_token
from bot.core.clock import utcnow
from bot.core.settings import Settings, get_settings
from bot.db.models import StaffAccountRow, StaffSessionRow
from bot.staff import second_factor, throttle
from bot.staff.accounts import USERNAME
from bot.staff.passwords import MAX_PASSWORD_CHARS, verify_password
from bot.staff.roles import ADMIN, roles_of
from bot.staff.second_factor import Enrolment
from bot.staff.throttle import ThrottlePolicy
from bot.staff.types import Staff

_MAX_TOKEN_CHARS = 200
_SEEN_RESOLUTION = timedelta(seconds=30)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class SessionPolicy:
    lifetime: timedelta = timedelta(hours=8)
    idle: timedelta = timedelta(minutes=15)
    max_sessions: int = 3
    throttle: ThrottlePolicy = ThrottlePolicy()

    @classmethod
    def from_settings(cls, settings: Optional[Settings] = None) -> "SessionPolicy":
        settings = settings or get_settings()
        return cls(lifetime=timedelta(hours=settings.staff_session_hours),
                   idle=timedelta(minutes=settings.staff_idle_minutes), max_sessions=settings.staff_max_sessions,
                   throttle=ThrottlePolicy(settings.staff_login_max_failures,
                                           settings.staff_login_max_failures_per_address,
                                           timedelta(minutes=settings.staff_login_window_minutes)))


@dataclass(frozen=True)
class NewSession:
    """What a log-in hands out; the tokens are shown only here."""
    token: str
    csrf_token: str
    expires_at: datetime
    staff: Staff
    recovery_codes: List[str] = field(default_factory=list)  # only right after enrolment


# What a log-in attempt came to.
SESSION, ENROL, CODE_REQUIRED, INVALID, INVALID_CODE, THROTTLED = (
    "session", "enrol", "code_required", "invalid", "invalid_code", "throttled")


@dataclass(frozen=True)
class LoginResult:
    outcome: str
    session: Optional[NewSession] = None
    enrolment: Optional[Enrolment] = None
    retry_after: int = 0


@dataclass(frozen=True)
class SessionInfo:
    """A session as its owner (or an administrator) sees it: never a token."""
    id: str
    username: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    origin: Optional[str]
    user_agent: Optional[str] = None


def login(sessions: "sessionmaker[Session]", username: str, password: str, code: Optional[str] = None,
          origin: str = "unknown", policy: Optional[SessionPolicy] = None, user_agent: str = "") -> LoginResult:
    """Checks the password and the second factor, throttled, and audited.

    The password is checked between two short transactions, not inside one, so the slow
    hash never holds a database lock. An unknown username costs the same hash. A throttled
    attempt is refused before any hashing.
    """
    policy = policy or SessionPolicy.from_settings()
    username = username.strip().lower()
    valid_name = bool(USERNAME.fullmatch(username))
    key = username if valid_name else "?"
    with sessions.begin() as session:
        wait = throttle.wait_seconds(session, policy.throttle, key, origin, utcnow())
        row = _account(session, username) if valid_name else None
        account_id, stored = (row.id, row.password_hash) if row is not None and row.active else (None, None)
        if wait:
            _audit_login(session, row, key, origin, audit.REFUSED, "throttled")
    if wait:
        return LoginResult(THROTTLED, retry_after=wait)
    password_ok = len(password) <= MAX_PASSWORD_CHARS and verify_password(password, stored)
    with sessions.begin() as session:
        now = utcnow()
        row = session.get(StaffAccountRow, account_id) if account_id is not None else None
        if row is None or not row.active or not password_ok:  # (deactivated while the password was checked)
            throttle.record_failure(session, key, origin, now)
            _audit_login(session, row, key, origin, audit.REFUSED, "password")
            return LoginResult(INVALID)
        if not second_factor.is_enrolled(row):
            return _enrol(session, row, code, origin, policy, user_agent)
        if not code:
            return LoginResult(CODE_REQUIRED)
        how = second_factor.check_code(session, row, code)
        if how is None:
            throttle.record_failure(session, key, origin, now)
            _audit_login(session, row, key, origin, audit.REFUSED, "code")
            return LoginResult(INVALID_CODE)
        throttle.clear_account(session, key)
        _audit_login(session, row, key, origin, audit.OK, how)
        return LoginResult(SESSION, session=_start_session(session, row, origin, policy, user_agent))


def _enrol(session: Session, row: StaffAccountRow, code: Optional[str], origin: str,
           policy: SessionPolicy, user_agent: str = "") -> LoginResult:
    """First log-in: show the secret to enrol; a code from it enrols and logs in."""
    if not code:
        return LoginResult(ENROL, enrolment=second_factor.pending_enrolment(row))
    codes = second_factor.confirm_enrolment(session, row, code)
    if codes is None:
        throttle.record_failure(session, row.username, origin, utcnow())
        _audit_login(session, row, row.username, origin, audit.REFUSED, "code")
        return LoginResult(INVALID_CODE, enrolment=second_factor.pending_enrolment(row))
    throttle.clear_account(session, row.username)
    audit.record(session, audit.STAFF, row.username, "second_factor_enrolled", object_type="account",
                 object_id=row.username, origin=origin)
    _audit_login(session, row, row.username, origin, audit.OK, "totp")
    new = _start_session(session, row, origin, policy, user_agent)
    return LoginResult(SESSION, session=NewSession(new.token, new.csrf_token, new.expires_at, new.staff, codes))


def lookup(session: Session, token: str, idle: Optional[timedelta] = None) -> Optional[Staff]:
    """The employee whose live session this token is; None when unknown, expired, idle for
    longer than the idle timeout, or inactive. Use keeps the session alive."""
    if not token or len(token) > _MAX_TOKEN_CHARS:
        return None
    found = session.execute(select(StaffSessionRow, StaffAccountRow)
                            .join(StaffAccountRow, StaffAccountRow.id == StaffSessionRow.account_id)
                            .where(StaffSessionRow.token_hash == hash_token(token))).first()
    if found is None:
        return None
    staff_session, account = found
    now = utcnow()
    if idle is None:
        idle = timedelta(minutes=get_settings().staff_idle_minutes)
    if staff_session.expires_at <= now or staff_session.last_seen_at + idle <= now or not account.active:
        session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == staff_session.token_hash))
        return None
    if now - staff_session.last_seen_at >= _SEEN_RESOLUTION:
        staff_session.last_seen_at = now
    return _staff(account, staff_session)


def csrf_matches(staff: Staff, given: Optional[str]) -> bool:
    """Whether ``given`` is the CSRF token of this session (compared in constant time)."""
    matches = hmac.compare_digest(hash_token(given or ""), staff.csrf_hash)
    return bool(given) and matches


def logout(session: Session, staff: Staff, origin: Optional[str] = None) -> None:
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == staff.session_hash))
    audit.record(session, audit.STAFF, staff.username, "logout", object_type="session", object_id=staff.session_id,
                 origin=origin)


def list_sessions(session: Session, account_id: Optional[int] = None) -> List[SessionInfo]:
    """The live sessions of one account (or of everyone), most recently used first."""
    now = utcnow()
    query = (select(StaffSessionRow, StaffAccountRow.username)
             .join(StaffAccountRow, StaffAccountRow.id == StaffSessionRow.account_id)
             .where(StaffSessionRow.expires_at > now))
    if account_id is not None:
        query = query.where(StaffSessionRow.account_id == account_id)
    rows = session.execute(query.order_by(StaffSessionRow.last_seen_at.desc())).all()
    return [SessionInfo(id=row.public_id, username=username, created_at=row.created_at,
                        last_seen_at=row.last_seen_at, expires_at=row.expires_at, origin=row.origin,
                        user_agent=row.user_agent)
            for row, username in rows]


def end_session(session: Session, staff: Staff, session_id: str, origin: Optional[str] = None) -> Optional[str]:
    """Ends a session of one's own, or anyone's for an administrator: the owner's username,
    or None when there is no such session this employee may end (audited either way)."""
    found = session.execute(select(StaffSessionRow, StaffAccountRow.username)
                            .join(StaffAccountRow, StaffAccountRow.id == StaffSessionRow.account_id)
                            .where(StaffSessionRow.public_id == session_id[:40])).first()
    allowed = found is not None and (found[0].account_id == staff.account_id or ADMIN in staff.roles)
    audit.record(session, audit.STAFF, staff.username, "session_end", object_type="session", object_id=session_id[:40],
                 result=audit.OK if allowed else audit.REFUSED, origin=origin,
                 details={"owner": found[1]} if allowed and found is not None else None)
    if not allowed or found is None:
        return None
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == found[0].token_hash))
    return str(found[1])


def _account(session: Session, username: str) -> Optional[StaffAccountRow]:
    return session.execute(select(StaffAccountRow).where(StaffAccountRow.username == username)).scalar()


def _start_session(session: Session, account: StaffAccountRow, origin: str, policy: SessionPolicy,
                   user_agent: str = "") -> NewSession:
    now = utcnow()
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.expires_at <= now))
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    row = StaffSessionRow(token_hash=hash_token(token), account_id=account.id, csrf_token_hash=hash_token(csrf_token),
                          created_at=now, expires_at=now + policy.lifetime, public_id=secrets.token_urlsafe(12),
                          last_seen_at=now, origin=origin[:64], user_agent=user_agent[:200] or None)
    session.add(row)
    session.flush()
    older = session.execute(select(StaffSessionRow.token_hash).where(StaffSessionRow.account_id == account.id)
                            .order_by(StaffSessionRow.last_seen_at.desc(), StaffSessionRow.created_at.desc())
                            .offset(policy.max_sessions)).scalars().all()
    older = [token_hash for token_hash in older if token_hash != row.token_hash]
    if older:
        session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash.in_(older)))
    return NewSession(token=token, csrf_token=csrf_token, expires_at=row.expires_at, staff=_staff(account, row))


def _audit_login(session: Session, row: Optional[StaffAccountRow], key: str, origin: str, result: str,
                 how: str) -> None:
    kind = audit.STAFF if row is not None else audit.UNKNOWN
    action = "login" if result == audit.OK else "login_failed"
    audit.record(session, kind, key, action, object_type="account", object_id=key, result=result, origin=origin,
                 details={"reason" if result != audit.OK else "factor": how})


def _staff(account: StaffAccountRow, staff_session: StaffSessionRow) -> Staff:
    return Staff(account_id=account.id, username=account.username, display_name=account.display_name,
                 roles=roles_of(account.roles), session_hash=staff_session.token_hash,
                 csrf_hash=staff_session.csrf_token_hash, session_id=staff_session.public_id)
