"""The second factor of every staff account: a time-based one-time code (TOTP, RFC 6238, by
pyotp) from an authenticator app, or one of ten single-use recovery codes.

An account enrols at its first log-in (the password was right: it gets a secret, shown as a
QR code, and is enrolled once it answers with a code from the app, which hands out the
recovery codes) or through ``python -m bot.staff enrol``. The recovery codes are kept only as
hashes; the secret itself must be kept, since the server works out the same codes.

A code is accepted once (RFC 6238, section 5.2): the account keeps the time step of the last
code it accepted, and a code of that step or an earlier one is refused, so a code seen over a
shoulder or in a proxy cannot be used again within its window.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timezone
from typing import List, Optional, Tuple

import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.config.gemeente import ConfigError, get_gemeente
from bot.conversations.transcript import hash_token
from bot.core.clock import utcnow
from bot.db.models import StaffAccountRow, StaffRecoveryCodeRow

RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_VALID_WINDOW = 1  # the code of the previous and the next 30 seconds count too (clock drift)


@dataclass(frozen=True)
class Enrolment:
    """What the employee needs to add the account to an authenticator app."""
    secret: str
    uri: str
    qr_svg: str


def enrolment_of(username: str, secret: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=_issuer())
    return Enrolment(secret=secret, uri=uri, qr_svg=segno.make(uri, error="m").svg_inline(scale=4))


def is_enrolled(row: StaffAccountRow) -> bool:
    return row.totp_secret is not None and row.totp_enrolled_at is not None


def pending_enrolment(row: StaffAccountRow) -> Enrolment:
    """The secret an account that is not enrolled yet should add to its app (made once, then
    shown again until a code confirms it)."""
    if row.totp_secret is None or row.totp_enrolled_at is not None:
        row.totp_secret, row.totp_enrolled_at = pyotp.random_base32(), None
    return enrolment_of(row.username, row.totp_secret)


def confirm_enrolment(session: Session, row: StaffAccountRow, code: str) -> Optional[List[str]]:
    """Enrols the account when ``code`` comes from its pending secret: the new recovery codes."""
    if row.totp_secret is None or row.totp_enrolled_at is not None or not _accept_totp(row, code):
        return None
    row.totp_enrolled_at = utcnow()
    return new_recovery_codes(session, row)


def enrol_now(session: Session, row: StaffAccountRow, secret: Optional[str] = None) -> Tuple[Enrolment, List[str]]:
    """Enrols (or enrols again) at once, for the command line: a new secret and recovery codes."""
    row.totp_secret, row.totp_enrolled_at = secret or pyotp.random_base32(), utcnow()
    row.totp_last_step = None
    return enrolment_of(row.username, row.totp_secret), new_recovery_codes(session, row)


def check_code(session: Session, row: StaffAccountRow, code: str) -> Optional[str]:
    """How ``code`` proved the second factor ("totp" or "recovery", which is then used up), or None."""
    if not is_enrolled(row):
        return None
    if _accept_totp(row, code):
        return "totp"
    found = session.execute(select(StaffRecoveryCodeRow).where(
        StaffRecoveryCodeRow.account_id == row.id, StaffRecoveryCodeRow.used_at.is_(None),
        StaffRecoveryCodeRow.code_hash == hash_token(_normal(code)))).scalar()
    if found is None:
        return None
    found.used_at = utcnow()
    return "recovery"


def new_recovery_codes(session: Session, row: StaffAccountRow) -> List[str]:
    """Ten new single-use codes; the old ones stop working."""
    session.execute(delete(StaffRecoveryCodeRow).where(StaffRecoveryCodeRow.account_id == row.id))
    codes = ["-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
             for _ in range(RECOVERY_CODES)]
    session.add_all(StaffRecoveryCodeRow(account_id=row.id, code_hash=hash_token(code)) for code in codes)
    session.flush()
    return codes


def _accept_totp(row: StaffAccountRow, code: str) -> bool:
    """Whether ``code`` is the account's code of a time step in the window that is later than
    the last one accepted; that step is then remembered."""
    step = _totp_step(str(row.totp_secret), code)
    if step is None or (row.totp_last_step is not None and step <= row.totp_last_step):
        return False
    row.totp_last_step = step
    return True


def _totp_step(secret: str, code: str) -> Optional[int]:
    """The time step (within the window around now) whose code ``code`` is, or None."""
    digits = "".join(code.split())
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow().replace(tzinfo=timezone.utc).timestamp()
    for offset in range(-_VALID_WINDOW, _VALID_WINDOW + 1):
        moment = now + offset * totp.interval
        if secrets.compare_digest(totp.at(moment), digits):
            return int(moment) // totp.interval
    return None


def _normal(code: str) -> str:
    compact = "".join(code.lower().split()).replace("-", "")
    return f"{compact[:5]}-{compact[5:]}" if len(compact) == 10 else compact


def _issuer() -> str:
    try:
        return f"Gemeente {get_gemeente().gemeente.naam}"
    except ConfigError:
        return "Gemeente"
