"""Staff sessions: a log-in hands out a session token (kept in the database only as a hash)
and a CSRF token; a token leads back to its employee while the session lives and the
account is active."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversations.transcript import hash_token
from bot.core.clock import utcnow
from bot.db.models import StaffAccountRow, StaffSessionRow
from bot.staff.accounts import USERNAME
from bot.staff.passwords import MAX_PASSWORD_CHARS, verify_password
from bot.staff.roles import roles_of
from bot.staff.types import Staff

_MAX_TOKEN_CHARS = 200


@dataclass(frozen=True)
class NewSession:
    """What a log-in hands out; the tokens are shown only here."""
    token: str
    csrf_token: str
    expires_at: datetime
    staff: Staff


def login(sessions: "sessionmaker[Session]", username: str, password: str, lifetime: timedelta) -> Optional[NewSession]:
    """A new session when the password is right and the account active, else None.

    The password is checked between two short transactions, not inside one, so the slow
    hash never holds a database lock. An unknown username costs the same hash.
    """
    username = username.strip().lower()
    with sessions.begin() as session:
        row = _account(session, username) if USERNAME.fullmatch(username) else None
        account_id, stored = (row.id, row.password_hash) if row is not None and row.active else (None, None)
    password_ok = len(password) <= MAX_PASSWORD_CHARS and verify_password(password, stored)
    if account_id is None or not password_ok:
        return None
    with sessions.begin() as session:
        return _start_session(session, account_id, lifetime)


def lookup(session: Session, token: str) -> Optional[Staff]:
    """The employee whose live session this token is; None when unknown, expired or inactive."""
    if not token or len(token) > _MAX_TOKEN_CHARS:
        return None
    found = session.execute(select(StaffSessionRow, StaffAccountRow)
                            .join(StaffAccountRow, StaffAccountRow.id == StaffSessionRow.account_id)
                            .where(StaffSessionRow.token_hash == hash_token(token))).first()
    if found is None:
        return None
    staff_session, account = found
    if staff_session.expires_at <= utcnow() or not account.active:
        return None
    return _staff(account, staff_session)


def csrf_matches(staff: Staff, given: Optional[str]) -> bool:
    """Whether ``given`` is the CSRF token of this session (compared in constant time)."""
    matches = hmac.compare_digest(hash_token(given or ""), staff.csrf_hash)
    return bool(given) and matches


def logout(session: Session, staff: Staff) -> None:
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == staff.session_hash))


def _account(session: Session, username: str) -> Optional[StaffAccountRow]:
    return session.execute(select(StaffAccountRow).where(StaffAccountRow.username == username)).scalar()


def _start_session(session: Session, account_id: int, lifetime: timedelta) -> Optional[NewSession]:
    account = session.get(StaffAccountRow, account_id)
    if account is None or not account.active:  # deactivated while the password was checked
        return None
    now = utcnow()
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.expires_at <= now))
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    row = StaffSessionRow(token_hash=hash_token(token), account_id=account.id, csrf_token_hash=hash_token(csrf_token),
                          created_at=now, expires_at=now + lifetime)
    session.add(row)
    session.flush()
    return NewSession(token=token, csrf_token=csrf_token, expires_at=row.expires_at, staff=_staff(account, row))


def _staff(account: StaffAccountRow, staff_session: StaffSessionRow) -> Staff:
    return Staff(account_id=account.id, username=account.username, display_name=account.display_name,
                 roles=roles_of(account.roles), session_hash=staff_session.token_hash,
                 csrf_hash=staff_session.csrf_token_hash)
