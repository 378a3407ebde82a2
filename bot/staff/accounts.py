"""Staff accounts in the database: create, list, deactivate. Used by the ``accounts`` command;
every function takes the caller's session."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import FrozenSet, List, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.config.gemeente import ConfigError, get_gemeente
from bot.core.clock import utcnow
from bot.db.models import StaffAccountRow, StaffSessionRow
from bot.staff.password_policy import MIN_PASSWORD_CHARS, WeakPassword, check_password
from bot.staff.passwords import MAX_PASSWORD_CHARS, hash_password
from bot.staff.roles import roles_of, stored_roles

USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
__all__ = ["MIN_PASSWORD_CHARS", "USERNAME", "Account", "AccountError", "check_password_rules", "create_account"]
MAX_DISPLAY_NAME_CHARS = 100


class AccountError(ValueError):
    """An account that cannot be made or changed as asked; the message says why."""


@dataclass(frozen=True)
class Account:
    """An account as callers see it: never the password hash."""
    id: int
    username: str
    display_name: str
    roles: FrozenSet[str]
    active: bool
    created_at: datetime
    enrolled: bool = False  # has a confirmed second factor


def check_password_rules(password: str, username: str = "") -> None:
    """The password policy (password_policy.py): long enough, and not common or patterned,
    nor made of the username or the municipality's name."""
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"the password may have at most {MAX_PASSWORD_CHARS} characters")
    try:
        check_password(password, username, _municipality_names())
    except WeakPassword as weak:
        raise AccountError(str(weak)) from None


def _municipality_names() -> List[str]:
    try:
        return [get_gemeente().gemeente.naam]
    except ConfigError:
        return []


def create_account(session: Session, username: str, display_name: str, password: str,
                   roles: FrozenSet[str]) -> Account:
    """A new active account; ``roles`` must already be checked (``roles.parse_roles``)."""
    if not USERNAME.fullmatch(username):
        raise AccountError("the username needs 3 to 64 characters from a-z, 0-9, '.', '_' and '-'")
    display_name = " ".join(display_name.split())
    if not display_name or len(display_name) > MAX_DISPLAY_NAME_CHARS:
        raise AccountError(f"the name needs 1 to {MAX_DISPLAY_NAME_CHARS} characters")
    check_password_rules(password, username)
    if find_account(session, username) is not None:
        raise AccountError(f"the username {username!r} is taken")
    row = StaffAccountRow(username=username, display_name=display_name, password_hash=hash_password(password),
                          roles=stored_roles(roles), active=True, created_at=utcnow())
    session.add(row)
    session.flush()
    return account_of(row)


def find_account(session: Session, username: str) -> Optional[StaffAccountRow]:
    return session.execute(select(StaffAccountRow).where(StaffAccountRow.username == username)).scalar()


def list_accounts(session: Session) -> List[Account]:
    rows = session.execute(select(StaffAccountRow).order_by(StaffAccountRow.username)).scalars()
    return [account_of(row) for row in rows]


def deactivate(session: Session, username: str) -> Account:
    """The account can no longer log in, and its open sessions end at once."""
    row = find_account(session, username)
    if row is None:
        raise AccountError(f"there is no account {username!r}")
    row.active = False
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.account_id == row.id))
    session.flush()
    return account_of(row)


def account_of(row: StaffAccountRow) -> Account:
    return Account(id=row.id, username=row.username, display_name=row.display_name, roles=roles_of(row.roles),
                   active=bool(row.active), created_at=row.created_at, enrolled=row.totp_enrolled_at is not None)
