"""Login throttling: failed staff log-ins are counted per account and per address in the
database, so every gateway process sees the same count. Once an account or an address has
``max_failures`` failures within the window, every log-in attempt for it is refused (429,
with the seconds to wait) until the oldest of those failures leaves the window; a right
password does not get through either. A successful log-in clears the account's count.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.db.models import LoginFailureRow

ACCOUNT, ADDRESS = "account", "address"


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5  # per account
    max_failures_per_address: int = 20
    window: timedelta = timedelta(minutes=15)


def wait_seconds(session: Session, policy: ThrottlePolicy, username: str, address: str, now: datetime) -> int:
    """0 when a log-in may be tried now; else the whole seconds until one may."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at <= now - policy.window))
    waits = [_wait(session, ACCOUNT, username, policy.max_failures, policy.window, now),
             _wait(session, ADDRESS, address, policy.max_failures_per_address, policy.window, now)]
    return max(waits)


def record_failure(session: Session, username: str, address: str, now: datetime) -> None:
    session.add_all([LoginFailureRow(kind=ACCOUNT, key=username[:100], at=now),
                     LoginFailureRow(kind=ADDRESS, key=address[:100], at=now)])


def clear_account(session: Session, username: str) -> None:
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.kind == ACCOUNT, LoginFailureRow.key == username))


def _wait(session: Session, kind: str, key: str, limit: int, window: timedelta, now: datetime) -> int:
    query = select(LoginFailureRow.at).where(LoginFailureRow.kind == kind, LoginFailureRow.key == key[:100])
    count = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    if count < limit:
        return 0
    # the failure that must leave the window before the count drops below the limit
    oldest: Optional[datetime] = session.execute(query.order_by(LoginFailureRow.at.desc())
                                                 .offset(limit - 1).limit(1)).scalar()
    if oldest is None:
        return 0
    return max(1, math.ceil((oldest + window - now).total_seconds()))
